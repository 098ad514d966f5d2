"""Ask latency (warm, extractive) against its floor: embedding the query plus one Chroma query.

On the development questions, over a fresh index of the bundled corpus, in one run and
interleaved question by question (so both feel the same machine):
  floor   embed the question (dense) + one Chroma nearest-neighbour query (10 results);
  ask     Assistant.ask, the whole extractive path, with the query-embedding cache off;
  stages  where the ask's time goes: dense embedding, sparse embedding, Chroma calls, the rest;
  cached  Assistant.ask of a question asked before (the cache on).
Prints a table and writes bench/results/ask_latency.json. Usage:
    .venv/bin/python bench/ask_latency.py [--passes 3]
"""

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.evaluate import percentile  # noqa: E402
from assistant.settings import Settings, configure_process  # noqa: E402


def questions() -> list[str]:
    """The development set's questions that stand alone (no history)."""
    rows = [json.loads(line) for line in (ROOT / "tests" / "data" / "dev.jsonl").read_text().splitlines() if line]
    return [row["question"] for row in rows if not row.get("history")]


class Timed:
    """Wraps an object's method so that its calls' durations are summed."""

    def __init__(self, target, name: str) -> None:
        self.total = 0.0
        original = getattr(target, name)

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.total += time.perf_counter() - started

        setattr(target, name, timed)


def measure(passes: int) -> dict:
    from assistant.indexing import open_index, update_index
    from assistant.pipeline import Assistant

    work = Path(tempfile.mkdtemp(prefix="ask-bench-"))
    settings = Settings(data_dir=work / "data", query_cache_size=0)
    update_index(settings)
    store = open_index(settings)
    assistant = Assistant(store, settings)
    asked = questions()
    for question in asked:  # warm: models loaded, pages cached
        assistant.ask(question)
        store.collection.query(query_embeddings=[store.embeddings.embed_query(question)], n_results=10)
    floor_ms, ask_ms = [], []
    for _ in range(passes):
        for question in asked:
            started = time.perf_counter()
            vector = store.embeddings.embed_query(question)
            store.collection.query(query_embeddings=[vector], n_results=10)
            floor_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            assistant.ask(question)
            ask_ms.append((time.perf_counter() - started) * 1000)
    # One more pass, asks only, with the stages timed (the timers cost a little: kept out of the above).
    timers = {"dense embedding": Timed(store.embeddings, "embed_query"),
              "sparse embedding": Timed(store.embeddings, "sparse"),
              "chroma query": Timed(store.collection, "query"), "chroma get": Timed(store.collection, "get")}
    started = time.perf_counter()
    for question in asked:
        assistant.ask(question)
    whole = time.perf_counter() - started
    stages = {name: timer.total / len(asked) * 1000 for name, timer in timers.items()}
    stages["the rest (rerank, answer)"] = whole / len(asked) * 1000 - sum(stages.values())
    cached = Assistant(store, Settings(data_dir=work / "data"))
    for question in asked:
        cached.ask(question)
    cached_ms = []
    for question in asked:
        started = time.perf_counter()
        cached.ask(question)
        cached_ms.append((time.perf_counter() - started) * 1000)
    store.close()
    return {"questions": len(asked), "passes": passes, "floor_ms": floor_ms, "ask_ms": ask_ms,
            "cached_ms": cached_ms, "stages_ms": stages}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    configure_process()
    result = measure(args.passes)
    floor, ask, cached = result["floor_ms"], result["ask_ms"], result["cached_ms"]
    rows = [("floor: embed + 1 Chroma query", floor), ("ask (extractive, no cache)", ask),
            ("ask, repeated question (cache)", cached)]
    summary = {name: {"p50_ms": round(percentile(v, 50), 2), "p95_ms": round(percentile(v, 95), 2),
                      "mean_ms": round(statistics.fmean(v), 2)} for name, v in rows}
    ratio = percentile(ask, 50) / percentile(floor, 50)
    print(f"{result['questions']} questions x {result['passes']} passes, {platform.processor() or platform.machine()}, "
          f"{platform.python_version()}")
    print(f"{'':34} {'p50 ms':>8} {'p95 ms':>8}")
    for name, v in rows:
        print(f"{name:34} {percentile(v, 50):8.2f} {percentile(v, 95):8.2f}")
    print(f"ask p50 / floor p50: {ratio:.2f}x (target <= 1.5x)")
    print("where an ask's time goes (mean per ask):")
    for stage, ms in result["stages_ms"].items():
        print(f"  {stage:28} {ms:8.2f} ms")
    out = ROOT / "bench" / "results" / "ask_latency.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"summary": summary, "ratio_p50": round(ratio, 3), **result,
                               "machine": platform.platform(), "python": platform.python_version()}, indent=2))
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
