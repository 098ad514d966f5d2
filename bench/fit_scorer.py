"""Fit the sentence scorer's weights (assistant/retrieve.py: Weights) by pairwise logistic regression.

    .venv/bin/python bench/fit_scorer.py [--validate] [--C 100]

The answer quotes the best-scored sentence, so what matters is the order of a question's
candidates, not each sentence's score alone: for every answerable question of the fitting data,
each sentence holding one of its facts or evidence phrases is paired with each candidate that
holds none, and scikit-learn's LogisticRegression (no intercept) learns from the differences of
their features (``Sentence.features``, as the ranking computed them) which of a pair comes first.
Its coefficients, scaled so that the sentence's own cosine weighs 1 (the scale the answerer's
margins are in), are written to assistant/scorer.json; each question's pairs weigh alike, however
many candidates it has.

With --validate, it scores the tuning part with weights fitted without each document's questions
(leave one document out, the development set always in), beside the weights in use, and writes
nothing. (The confidence model stays the one fitted on the scores of the weights in use.)
Fitting data: the tuning part of bench/generalisation/tune.jsonl and tests/data/dev.jsonl; never
the held-out part. Refit the confidence model afterwards (bench/fit_confidence.py): its signals
are these scores.
"""

import argparse
import json
import sys
from dataclasses import fields, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from assistant.evaluate import ask_in_conversation, evaluate, load_questions, summarize, wordings  # noqa: E402
from assistant.indexing import update_index  # noqa: E402
from assistant.matching import contains  # noqa: E402
from assistant.pipeline import Assistant  # noqa: E402
from assistant.retrieve import SCORER_FILE, Weights  # noqa: E402
from assistant.settings import Settings, configure_process  # noqa: E402
from bench.fitting_data import FITTING_SETS, collect  # noqa: E402

NAMES = tuple(f.name for f in fields(Weights))
SHOWN = ("answer_accuracy", "french_accuracy", "abstention_accuracy", "citation_precision", "recall_at_5", "mrr")


def candidates(questions: list[dict], assistant) -> list[tuple[dict, list[tuple[list[float], bool]]]]:
    """Each answerable question with its candidate sentences' (features, holds an answer)."""
    found = []
    for item in questions:
        if not item["answerable"]:
            continue
        reply = ask_in_conversation(assistant, item)
        wanted = [wording for fact in item["facts"] for wording in wordings(fact)] + item.get("evidence", [])
        found.append((item, [([s.features.get(name, 0.0) for name in NAMES],
                              any(contains(s.text, phrase) for phrase in wanted))
                             for p in reply.retrieved for s in p.sentences if s.features]))
    return found


def fit(questions: list[tuple[dict, list]], strength: float) -> Weights:
    """Weights from the pairs (answer-holding, other) of each question's candidates."""
    x, y, weight = [], [], []
    for _, rows in questions:
        holding = [np.array(f) for f, right in rows if right]
        others = [np.array(f) for f, right in rows if not right]
        for good in holding:
            for bad in others:
                x += [good - bad, bad - good]
                y += [1, 0]
                weight += [1.0 / (2 * len(holding) * len(others))] * 2
    if not x:
        raise SystemExit("no question has both a candidate holding its answer and one that does not")
    # Each question's pairs weigh 1 in all, so that C means the same whatever the number of pairs.
    learner = LogisticRegression(C=strength, fit_intercept=False, max_iter=5000)
    learner.fit(np.array(x), np.array(y), sample_weight=np.array(weight))
    scale = learner.coef_[0][NAMES.index("sentence")]
    if scale <= 1e-6:
        raise SystemExit(f"the fitted weight of the sentence's cosine is {scale:.3g}: no scale to put the weights on")
    return Weights(**{name: round(float(c / scale), 4) for name, c in zip(NAMES, learner.coef_[0])})


def validate(strength: float) -> None:
    """Print the tuning part's figures with weights fitted without each document, beside those in use."""
    (questions_file, corpus, folder), development = FITTING_SETS[0], FITTING_SETS[1:]
    always = collect(candidates, sets=development)  # the development set is in every fold's fit
    configure_process()
    settings = Settings(corpus_dir=corpus, data_dir=folder)
    update_index(settings)
    assistant = Assistant.open(settings)
    try:
        questions = load_questions(questions_file)
        rows = candidates(questions, assistant)
        documents = sorted({item.get("document") for item in questions if item.get("document")})
        in_use, left_out = assistant.retrieval, []
        for document in documents:
            kept = [(item, r) for item, r in rows if item.get("document") != document]
            assistant.retrieval = replace(in_use, weights=fit(kept + always, strength))
            left_out += evaluate([q for q in questions if q.get("document") == document], assistant)["results"]
        # Unanswerable questions hold no pairs: every fold's weights alike would do; these use all.
        assistant.retrieval = replace(in_use, weights=fit(rows + always, strength))
        left_out += evaluate([q for q in questions if not q.get("document")], assistant)["results"]
        assistant.retrieval = in_use
        figures = [("in use", summarize(evaluate(questions, assistant)["results"])),
                   ("fitted, left out", summarize(left_out))]
    finally:
        assistant.close()
    for name, summary in figures:
        print(f"{name:<18} " + "  ".join(f"{m} {summary[m]:.3f}" for m in SHOWN))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--validate", action="store_true", help="report left-out figures; write nothing")
    # Each question's pairs weigh 1 in all, so the data weigh as many questions (about 200): left
    # out by document, C 1 gave 0.673 answer accuracy on the tuning part, C 100 0.758.
    parser.add_argument("--C", type=float, default=100.0, help="inverse regularisation strength")
    args = parser.parse_args()
    if args.validate:
        validate(args.C)
        return
    questions = collect(candidates)
    weights = fit(questions, args.C)
    pairs = sum(sum(r for _, r in rows) * sum(not r for _, r in rows) for _, rows in questions)
    SCORER_FILE.write_text(json.dumps({
        "weights": {name: getattr(weights, name) for name in NAMES},
        "fitted_on": "bench/generalisation tune part + tests/data/dev.jsonl", "method": "pairwise logistic regression",
        "regularisation_C": args.C, "questions": len(questions), "pairs": pairs,
    }, indent=2) + "\n", encoding="utf-8")
    print(f"{len(questions)} questions, {pairs} pairs; weights: {weights}")


if __name__ == "__main__":
    main()
