"""Calibrate the reranking weights and abstention thresholds on a question set.

Retrieves candidates once per question, then for every combination of a small grid of
weights and thresholds re-ranks and answers, and prints the best combinations by overall
accuracy (answerable questions answered with their facts, unanswerable ones declined),
with answer, French and abstention accuracy, abstention precision and recall, recall@5.
Usage:
    .venv/bin/python bench/calibrate.py [QUESTIONS.jsonl] [--top 15]
"""

import argparse
import copy
import itertools
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.answer import AnswerConfig, _choose, answer, confidence, coverage  # noqa: E402
from assistant.condense import condense  # noqa: E402
from assistant.evaluate import load_questions, score, summarize  # noqa: E402
from assistant.indexing import open_index, update_index  # noqa: E402
from assistant.retrieve import RetrievalConfig, Weights, _candidates, _rerank, _sparse_scores  # noqa: E402
from assistant.settings import Settings, configure_process  # noqa: E402
from assistant.text import detect_language, shape  # noqa: E402

GRID = {
    "chunk": [0.4, 0.6],
    "lexical": [0.08, 0.12],
    "answer_type": [0.04],
    "heading": [0.05],
    "sparse": [0.0, 0.1, 0.2, 0.3, 0.5],
}
MARGINS = {"margin": [0.02, 0.03, 0.05], "other_margin": [0.0, 0.01, 0.02, 0.03]}
THRESHOLDS = {
    "min_score_en": [x / 100 for x in range(0, 40, 2)],  # offsets above the combination's floor
    "min_score_fr": [x / 100 for x in range(0, 40, 2)],
    "min_coverage": [0.15, 0.2, 0.22, 0.25, 0.3],
}


def main() -> None:
    """Print the best weight and threshold combinations."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", nargs="?", type=Path, default=ROOT / "tests" / "data" / "dev.jsonl")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--current-weights", action="store_true",
                        help="sweep only thresholds and margins around the current weights")
    parser.add_argument("--best-per-margin", action="store_true", help="only the best row for each pair of margins")
    args = parser.parse_args()
    configure_process()
    import numpy as np

    settings = Settings()
    update_index(settings)
    store = open_index(settings)
    config = RetrievalConfig()
    cached = []
    for item in load_questions(args.questions):
        query = condense(item["question"], item["history"])
        vector = np.asarray(store.embeddings.embed_query(query), dtype=np.float32)
        candidates = _candidates(store.collection, vector, config)
        _sparse_scores(store.embeddings.sparse([query])[0], candidates)
        cached.append((item, query, candidates))
    rows = []
    grid = {name: [getattr(Weights(), name)] for name in GRID} if args.current_weights else GRID
    for values in itertools.product(*grid.values()):
        weights = Weights(**dict(zip(grid, values)))
        floor = weights.sentence * 0.75 + weights.chunk * 0.75  # scores start about here
        ranked = []
        for item, query, candidates in cached:
            passages = copy.deepcopy(candidates)
            asked = shape(query)
            _rerank(query, asked, passages, weights)
            passages.sort(key=lambda p: p.score, reverse=True)
            ranked.append((item, query, asked, passages[: config.passages]))
        for margins in itertools.product(*MARGINS.values()):
            rows.extend(_sweep_thresholds(ranked, weights, floor, dict(zip(MARGINS, margins))))
    rows.sort(key=lambda r: (r[0], r[1]["citation_precision"]), reverse=True)
    if args.best_per_margin:  # the trade-off between accuracy and citation precision
        seen, kept = set(), []
        for row in rows:
            key = (row[3].margin, row[3].other_margin)
            if key not in seen:
                seen.add(key)
                kept.append(row)
        rows = kept
    print(f"{'overall':>7} {'answer':>6} {'french':>6} {'abst':>5} {'a.prec':>6} {'a.rec':>5} {'r@5':>5} {'c.pr':>5}  weights / thresholds")
    for overall, s, w, a in rows[: args.top]:
        print(f"{overall:>7.3f} {s['answer_accuracy']:>6.3f} {s['french_accuracy']:>6.3f} "
              f"{s['abstention_accuracy']:>5.3f} {s['abstention_precision']:>6.3f} {s['abstention_recall']:>5.3f} "
              f"{s['recall_at_5']:>5.3f} {s['citation_precision']:>5.3f}  chunk={w.chunk} lex={w.lexical} "
              f"type={w.answer_type} head={w.heading} sparse={w.sparse} | margin={a.margin} other={a.other_margin} "
              f"en>={a.min_score_en:.2f} fr>={a.min_score_fr:.2f} cov>={a.min_coverage}")


def _sweep_thresholds(ranked, weights, floor, margins):
    """Rows for every threshold combination, for one set of weights and margins."""
    rows = []
    # Answer once without thresholds; each threshold then only decides whether to abstain.
    base = []
    open_config = AnswerConfig(min_score_en=-1e9, min_score_fr=-1e9, min_coverage=0.0, **margins)
    for item, query, asked, passages in ranked:
        asked_q = replace(asked, is_instruction=shape(item["question"]).is_instruction)
        language = detect_language(item["question"])
        reply = answer(item["question"], asked_q, language, passages, open_config, query=query)
        chosen = _choose(asked, passages, open_config)
        conf = confidence(chosen) if chosen else -1e9
        cover = coverage(query, " ".join(p.text for p, _ in chosen), passages) if chosen else 0.0
        declined = answer(item["question"], asked_q, language, passages,
                          replace(open_config, min_score_en=1e9, min_score_fr=1e9), query=query)
        base.append((item, language, conf, cover, score(item, reply), score(item, declined)))
    for thresholds in itertools.product(*THRESHOLDS.values()):
        en, fr, cover_min = thresholds
        answering = AnswerConfig(min_score_en=floor + en, min_score_fr=floor + fr, min_coverage=cover_min,
                                 **margins)
        results = []
        for item, language, conf, cover, answered, declined in base:
            weak = conf < (answering.min_score_fr if language == "fr" else answering.min_score_en)
            weak = weak or (language == "en" and cover < cover_min)
            results.append(declined if weak else answered)
        summary = summarize(results)
        rows.append((summary["overall_accuracy"], summary, weights, answering))
    return rows


if __name__ == "__main__":
    main()
