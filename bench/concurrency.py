"""Web app concurrency: throughput and latency of N simultaneous questions at each queue setting.

The answerer is CPU-bound, so answering more questions at once than there are cores only
adds contention. For each CLUSTER_ASSISTANT_QUEUE_CONCURRENCY value, the real app is started
on loopback over one index of the bundled corpus, and N gradio_client users ask at once
(the development questions in turn). Prints a table and writes bench/results/concurrency.json.
Usage:
    .venv/bin/python bench/concurrency.py [--users 40] [--limits 1 2 4]
"""

import argparse
import json
import platform
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.settings import Settings, configure_process  # noqa: E402
from assistant.evaluate import percentile  # noqa: E402
from bench.ask_latency import questions  # noqa: E402
from bench.startup import free_port  # noqa: E402


def run_app(settings: Settings):
    """Start the app in a thread; returns (URL, stop function)."""
    import uvicorn

    from assistant.pipeline import Assistant
    from ui.server import create_server

    assistant = Assistant.open(settings)
    server = uvicorn.Server(uvicorn.Config(create_server(assistant, settings), host="127.0.0.1",
                                           port=settings.port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)

    def stop():
        server.should_exit = True
        thread.join(timeout=10)
        assistant.close()

    return f"http://127.0.0.1:{settings.port}/", stop


def measure(settings: Settings, users: int) -> dict:
    """N users asking at once; throughput and latency."""
    from gradio_client import Client

    url, stop = run_app(settings)
    asked = questions()
    clients = [Client(url, verbose=False) for _ in range(users)]
    clients[0].predict(asked[0], [], api_name="/ask")  # warm

    def one(n: int) -> float:
        started = time.perf_counter()
        clients[n].predict(asked[n % len(asked)], [], api_name="/ask")
        return time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=users) as pool:
        latencies = list(pool.map(one, range(users)))
    wall = time.perf_counter() - started
    stop()
    return {"limit": settings.queue_concurrency, "users": users, "wall_s": round(wall, 2),
            "per_s": round(users / wall, 2), "p50_s": round(percentile(latencies, 50), 3),
            "p95_s": round(percentile(latencies, 95), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--limits", type=int, nargs="*", default=[1, 2, 4])
    args = parser.parse_args()
    configure_process()
    from assistant.indexing import update_index

    data = Path(tempfile.mkdtemp(prefix="concurrency-bench-")) / "data"
    update_index(Settings(data_dir=data))
    rows = []
    for limit in args.limits:
        rows.append(measure(Settings(data_dir=data, port=free_port(), queue_concurrency=limit), args.users))
        row = rows[-1]
        print(f"queue concurrency {limit}: {row['users']} users in {row['wall_s']} s = {row['per_s']} answers/s, "
              f"p50 {row['p50_s']} s, p95 {row['p95_s']} s", flush=True)
    out = ROOT / "bench" / "results" / "concurrency.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"rows": rows, "machine": platform.platform()}, indent=2))
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
