"""Score the answerer on the generalisation benchmark, per part, with and without each new signal.

    .venv/bin/python bench/generalisation_eval.py                 # the tuning part only
    .venv/bin/python bench/generalisation_eval.py --heldout       # and the held-out part (report only)

Indexes bench/generalisation/documents into data/generalisation (once; later runs reuse it), then
asks every question of each part with each variant in one process and prints a table; writes
bench/results/generalisation.json. Fit and compare on the tuning part; the held-out part is
never used to choose anything, only reported.
"""

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.answer import AnswerConfig  # noqa: E402
from assistant.evaluate import evaluate, load_questions  # noqa: E402
from assistant.indexing import update_index  # noqa: E402
from assistant.pipeline import Assistant  # noqa: E402
from assistant.retrieve import RetrievalConfig  # noqa: E402
from assistant.settings import Settings, configure_process  # noqa: E402

BENCH = ROOT / "bench" / "generalisation"
METRICS = ("answer_accuracy", "french_accuracy", "abstention_accuracy", "citation_precision", "recall_at_5",
           "mrr", "median_answer_chars", "p50_latency_ms")


def variants(retrieval: RetrievalConfig, answering: AnswerConfig) -> dict[str, tuple]:
    """The assistant as configured, and with each new signal taken out (one at a time)."""
    with_bm25 = replace(retrieval, lexical_candidates=10, weights=replace(retrieval.weights, bm25=0.1))
    return {
        "default": (retrieval, answering),
        "with BM25": (with_bm25, answering),
        "without language evening": (replace(retrieval, even_languages=False), answering),
        "without borrowed word scores": (replace(retrieval, lend_word_scores=False), answering),
        "without list joining": (replace(retrieval, join_lists=False), answering),
        "lists in the plain room": (retrieval, replace(answering, list_chars=answering.max_chars)),
        "pieces of a sentence quoted alone": (retrieval, replace(answering, whole_sentences=False)),
        "without word beginnings": (replace(retrieval, weights=replace(retrieval.weights, prefixes=0.0)), answering),
        "without translation vectors": (replace(retrieval, weights=replace(retrieval.weights, translation=0.0)),
                                        answering),
        "translation vectors in both directions": (
            replace(retrieval, translation_pairs=frozenset({("en", "fr"), ("fr", "en")})), answering),
        "without article matching": (replace(retrieval, weights=replace(retrieval.weights, article=0.0)), answering),
        "without linked sentences": (replace(retrieval, link_sentences=False), answering),
        "without acronym linking": (replace(retrieval, link_acronyms=False), answering),
        "without defined terms": (replace(retrieval, weights=replace(retrieval.weights, defines=0.0)), answering),
        "headings quotable": (retrieval, replace(answering, quote_headings=True)),
        "documents stitched": (retrieval, replace(answering, stitch_documents=True)),
        "names required": (retrieval, replace(answering, names_must_be_held=True)),
        "without the own-text penalty": (replace(retrieval, weights=replace(retrieval.weights, own_text=0.0)),
                                         answering),
        "without instance numerals held": (retrieval, replace(answering, instances_held=False)),
        "sentences picked before their lists": (retrieval, replace(answering, best_first=False)),
        "confidence on the best one's quote": (retrieval, replace(answering, signals_from_best=True)),
        "close sentences across documents": (retrieval, replace(
            answering, close_across_documents=True, other_margin=0.03, signals_from_best=True)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heldout", action="store_true", help="also report the held-out part")
    parser.add_argument("--only", nargs="*", help="only these variants (default: all)")
    args = parser.parse_args()
    configure_process()
    settings = Settings(corpus_dir=BENCH / "documents", data_dir=ROOT / "data" / "generalisation")
    update_index(settings)
    parts = ["tune", "heldout"] if args.heldout else ["tune"]
    assistant = Assistant.open(settings)
    table = {}
    try:
        for name, (retrieval, answering) in variants(assistant.retrieval, assistant.answering).items():
            if args.only and name not in args.only:
                continue
            assistant.retrieval, assistant.answering = retrieval, answering
            for part in parts:
                report = evaluate(load_questions(BENCH / f"{part}.jsonl"), assistant)
                table[(name, part)] = report["summary"]
                failed = [r["id"] for r in report["results"] if not r["correct"]]
                print(f"{name} / {part}: failed {len(failed)}: {' '.join(failed)}", file=sys.stderr)
    finally:
        assistant.close()
    columns = list(table)
    print("| metric | " + " | ".join(f"{n} ({p})" for n, p in columns) + " |")
    print("| --- |" + " ---: |" * len(columns))
    for metric in METRICS:
        print(f"| {metric} | " + " | ".join(f"{table[c][metric]:.3f}" if table[c][metric] <= 1 else
                                            f"{table[c][metric]:.0f}" for c in columns) + " |")
    out = ROOT / "bench" / "results" / "generalisation.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({f"{n} ({p})": s for (n, p), s in table.items()}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
