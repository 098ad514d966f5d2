"""How many candidates retrieval takes: the evaluation's figures for a few numbers of nearest records.

Usage: .venv/bin/python bench/retrieval_k.py [QUESTIONS.jsonl]
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.evaluate import evaluate, load_questions  # noqa: E402
from assistant.indexing import open_index, update_index  # noqa: E402
from assistant.pipeline import Assistant  # noqa: E402
from assistant.retrieve import RetrievalConfig  # noqa: E402
from assistant.settings import Settings, configure_process  # noqa: E402


def main() -> None:
    """Print one row of figures per candidate setting."""
    configure_process()
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "data" / "dev.jsonl"
    questions = load_questions(path)
    settings = Settings()
    update_index(settings)
    store = open_index(settings)
    print(f"{'nearest':>7} {'answer':>6} {'french':>6} {'abst':>5} {'r@5':>5} {'mrr':>5} "
          f"{'c.prec':>6} {'p50 ms':>6}")
    for candidates in (12, 24, 36, 48, 64, 96):
        config = RetrievalConfig(candidates=candidates)
        s = evaluate(questions, Assistant(store, settings, retrieval=config))["summary"]
        print(f"{candidates:>7} {s['answer_accuracy']:>6.3f} {s['french_accuracy']:>6.3f} "
              f"{s['abstention_accuracy']:>5.3f} {s['recall_at_5']:>5.3f} {s['mrr']:>5.3f} "
              f"{s['citation_precision']:>6.3f} {s['p50_latency_ms']:>6.1f}")


if __name__ == "__main__":
    main()
