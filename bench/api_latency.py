"""What the JSON API adds to an answer: POST /api/v1/ask against Assistant.ask in the same process.

Over a fresh index of the bundled corpus, on the development questions that stand alone, the
query-embedding cache off, interleaved question by question (so both feel the same machine):
  direct  Assistant.ask, the call every front end makes;
  api     POST /api/v1/ask to the real server (uvicorn, in a thread) through httpx, the round trip.
Also checks that both give the same answer and citations. Prints a table and writes
bench/results/api_latency.json. Usage:
    .venv/bin/python bench/api_latency.py [--passes 3]
"""

import argparse
import json
import platform
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.evaluate import percentile  # noqa: E402
from assistant.settings import Settings, configure_process  # noqa: E402
from bench.ask_latency import questions  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(settings: Settings, assistant):
    """The whole web server in a thread; returns it once it accepts connections."""
    import uvicorn

    from ui.server import create_server

    server = uvicorn.Server(uvicorn.Config(create_server(assistant, settings), host="127.0.0.1",
                                           port=settings.port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server


def measure(passes: int) -> dict:
    import httpx

    from assistant.indexing import update_index
    from assistant.pipeline import Assistant

    work = Path(tempfile.mkdtemp(prefix="api-bench-"))
    settings = Settings(data_dir=work / "data", query_cache_size=0, port=free_port(), rate_limit="100000/minute")
    update_index(settings)
    assistant = Assistant.open(settings)
    server = start(settings, assistant)
    asked = questions()
    direct, api, same = [], [], 0
    with httpx.Client(base_url=f"http://127.0.0.1:{settings.port}", timeout=60) as http:
        for question in asked[:3]:  # warm both paths
            assistant.ask(question)
            http.post("/api/v1/ask", json={"question": question})
        for _ in range(passes):
            for question in asked:
                started = time.perf_counter()
                local = assistant.ask(question).to_dict()
                direct.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                served = http.post("/api/v1/ask", json={"question": question}).json()
                api.append((time.perf_counter() - started) * 1000)
                same += (served["answer"], served["citations"]) == (local["answer"], local["citations"])
    server.should_exit = True
    assistant.close()
    return {"questions": len(asked), "passes": passes, "same_answer_and_citations": same,
            "asked": len(direct), "direct_ms": direct, "api_ms": api}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    configure_process()
    result = measure(args.passes)
    rows = []
    for name in ("direct", "api"):
        values = sorted(result[f"{name}_ms"])
        rows.append((name, statistics.median(values), percentile(values, 95)))
    print(f"{result['asked']} asks ({result['questions']} questions x {result['passes']} passes), "
          f"{platform.processor() or platform.machine()}, same answer and citations: "
          f"{result['same_answer_and_citations']}/{result['asked']}")
    print(f"{'path':<8} {'p50 ms':>8} {'p95 ms':>8}")
    for name, p50, p95 in rows:
        print(f"{name:<8} {p50:>8.1f} {p95:>8.1f}")
    print(f"api / direct, p50: {rows[1][1] / rows[0][1]:.2f}x (+{rows[1][1] - rows[0][1]:.1f} ms)")
    out = ROOT / "bench" / "results" / "api_latency.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({**result, "summary": {n: {"p50_ms": a, "p95_ms": b} for n, a, b in rows}}, indent=2))


if __name__ == "__main__":
    main()
