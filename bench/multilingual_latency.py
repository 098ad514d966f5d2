"""What searching across languages costs an ask: the generalisation corpus (English and French).

On bench/generalisation/documents (indexed in data/generalisation, as bench/generalisation_eval.py
does), the tuning part's standalone questions, in one run and interleaved question by question:
  floor       embed the question (dense) + one Chroma nearest-neighbour query (10 results);
  one scale   Assistant.ask with this version's cross-language retrieval off (no language
              evening, no borrowed word scores, no list joining, no translation vectors, no
              linked sentences, acronyms or article matching): the retrieval as it was before;
  as shipped  Assistant.ask as configured.
The query-embedding cache is off. Prints a table and writes bench/results/multilingual_latency.json.
    .venv/bin/python bench/multilingual_latency.py [--passes 2]
"""

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.evaluate import percentile  # noqa: E402
from assistant.settings import Settings, configure_process  # noqa: E402

BENCH = ROOT / "bench" / "generalisation"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=2)
    args = parser.parse_args()
    configure_process()
    from assistant.indexing import update_index
    from assistant.pipeline import Assistant

    settings = Settings(corpus_dir=BENCH / "documents", data_dir=ROOT / "data" / "generalisation",
                        query_cache_size=0)
    update_index(settings)
    assistant = Assistant.open(settings)
    shipped = assistant.retrieval
    before = replace(shipped, even_languages=False, lend_word_scores=False, join_lists=False,
                     link_sentences=False, link_acronyms=False,
                     weights=replace(shipped.weights, translation=0.0, article=0.0, defines=0.0))
    rows = [json.loads(line) for line in (BENCH / "tune.jsonl").read_text(encoding="utf-8").splitlines() if line]
    asked = [row["question"] for row in rows if not row.get("history")]
    timings: dict[str, list[float]] = {"floor": [], "one scale": [], "as shipped": []}

    def floor(question: str) -> None:
        vector = assistant.store.embeddings.embed_query(question)
        assistant.store.collection.query(query_embeddings=[vector], n_results=10)

    def ask_with(config):
        def ask(question: str) -> None:
            assistant.retrieval = config
            assistant.ask(question)
        return ask

    runs = {"floor": floor, "one scale": ask_with(before), "as shipped": ask_with(shipped)}
    for question in asked:  # warm: models loaded, the BM25 index and the centroids built
        for run in runs.values():
            run(question)
    for _ in range(args.passes):
        for question in asked:
            for name, run in runs.items():
                started = time.perf_counter()
                run(question)
                timings[name].append((time.perf_counter() - started) * 1000)
    assistant.close()
    summary = {name: {"p50_ms": round(percentile(v, 50), 2), "p95_ms": round(percentile(v, 95), 2)}
               for name, v in timings.items()}
    print(f"{len(asked)} questions x {args.passes} passes, interleaved")
    print(f"{'':12} {'p50 ms':>8} {'p95 ms':>8}")
    for name, figures in summary.items():
        print(f"{name:12} {figures['p50_ms']:8.2f} {figures['p95_ms']:8.2f}")
    ratio = summary["as shipped"]["p50_ms"] / summary["one scale"]["p50_ms"]
    print(f"as shipped / one scale, p50: {ratio:.2f}x; as shipped / floor: "
          f"{summary['as shipped']['p50_ms'] / summary['floor']['p50_ms']:.2f}x")
    out = ROOT / "bench" / "results" / "multilingual_latency.json"
    out.write_text(json.dumps({"summary": summary, "ratio_p50": round(ratio, 3), "questions": len(asked),
                               "passes": args.passes}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
