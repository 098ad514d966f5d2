"""Fit the confidence model (assistant/confidence.py) that decides when to abstain.

    .venv/bin/python bench/fit_confidence.py [--precision P]

Answers every question of the fitting data without abstaining by the model, records the
evidence's signals and whether the answer was right (an unanswerable question is never right),
fits scikit-learn's LogisticRegression on them, and picks the highest probability threshold that keeps
95% of the right answers (or, with --precision, the lowest one whose answers are right that
often), printing the precision and recall it keeps.
Both the regularisation and the threshold are chosen on leave-one-document-out probabilities:
each question is scored by a model fitted on the questions about the other documents
(unanswerable ones, about no document, dealt among the groups), which is how the model meets
a corpus it was never fitted on. (Random 5-fold splits mix questions about one document
into both sides and favoured a weakly regularised model: 0.795 abstention accuracy left out
against 0.842 for the one chosen so.)
Fitting data: the tuning part of bench/generalisation/questions.jsonl and the development set
tests/data/dev.jsonl. The held-out part is never read here. Writes assistant/confidence.json.
"""

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402
from sklearn.model_selection import LeaveOneGroupOut, cross_val_predict  # noqa: E402

from assistant.confidence import FEATURES, MODEL_FILE  # noqa: E402
from assistant.evaluate import ask_in_conversation, score  # noqa: E402
from bench.fitting_data import collect  # noqa: E402

KEEP_RIGHT = 0.95  # share of the right answers the default threshold must keep (left out)
STRENGTHS = (0.01, 0.03, 0.1, 0.3, 1.0)  # the inverse regularisation strengths C tried


def group_of(item: dict, position: int, groups: int = 5) -> str:
    """The document a question is about (the development set names none: its corpus is the
    brochure); an unanswerable one, about none, is dealt to one of ``groups`` groups by its position."""
    if not item["answerable"]:
        return f"unanswerable-{position % groups}"
    return item.get("document") or "development set"


def rows(questions: list[dict], assistant) -> list[tuple[list[float], int, int, str]]:
    """(signals, answer right, answerable, document) for every question whose answer the model decides."""
    found = []
    for position, item in enumerate(questions):
        reply = ask_in_conversation(assistant, item)
        if reply.signals:  # a hard rule (instruction, missing year, number or date) decided otherwise
            right = bool(item["answerable"] and score(item, reply)["correct"])
            found.append(([reply.signals[name] for name in FEATURES], int(right), int(item["answerable"]),
                          group_of(item, position)))
    return found


def threshold_for(probabilities: np.ndarray, labels: np.ndarray, answerable: np.ndarray,
                  precision: float | None) -> tuple[float, float, float]:
    """The threshold and the (precision, recall) of what it answers.

    With a ``precision``, the lowest threshold whose answered questions are right that often.
    Without, the highest that keeps ``KEEP_RIGHT`` of the right answers (a recall stated first,
    the precision it buys reported): the evaluation's accuracies reward answering, so a
    threshold tuned on them alone declines nothing, off-topic questions included.
    """
    candidates = np.arange(0.05, 0.96, 0.01)
    if precision is None:
        # The highest threshold that still keeps KEEP_RIGHT of the right answers.
        kept = [t for t in candidates if labels[probabilities >= t].sum() >= KEEP_RIGHT * labels.sum()]
        chosen = [float(max(kept))]
    else:
        chosen = [float(t) for t in candidates
                  if (probabilities >= t).sum() and labels[probabilities >= t].mean() >= precision][:1] or [0.95]
    answered = probabilities >= chosen[0]
    kept = float(labels[answered].mean()) if answered.sum() else 0.0
    return chosen[0], kept, float(labels[answered].sum() / max(1, labels.sum()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--precision", type=float, default=None,
                        help="share of answered questions that must be right on the fitting data "
                             "(default: keep 95% of the right answers)")
    args = parser.parse_args()
    def never_abstain_by_the_model(assistant) -> None:
        assistant.answering = replace(assistant.answering, abstain_below=0.0)

    data = collect(rows, never_abstain_by_the_model)
    x = np.array([r for r, _, _, _ in data])
    y = np.array([label for _, label, _, _ in data])
    answerable = np.array([flag for _, _, flag, _ in data])
    groups = np.array([group for _, _, _, group in data])
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-9

    def left_out(strength: float) -> np.ndarray:
        """Each row's probability from a model fitted without its document's rows."""
        learner = LogisticRegression(C=strength, max_iter=1000)
        return cross_val_predict(learner, (x - mean) / std, y, groups=groups, cv=LeaveOneGroupOut(),
                                 method="predict_proba")[:, 1]

    found = {strength: left_out(strength) for strength in STRENGTHS}
    strength = max(STRENGTHS, key=lambda c: roc_auc_score(y, found[c]))
    for c in STRENGTHS:
        print(f"C={c:<5} left-out AUC {roc_auc_score(y, found[c]):.3f}{'  (chosen)' if c == strength else ''}")
    _print_thresholds(found[strength], y, answerable)
    learner = LogisticRegression(C=strength, max_iter=1000)
    # The threshold is chosen on left-out probabilities: in-sample ones flatter the fit.
    threshold, precision, recall = threshold_for(found[strength], y, answerable, args.precision)
    learner.fit((x - mean) / std, y)
    # Undo the standardisation so that run time needs no scaler: z = b + sum(w_i * x_i).
    coefficients = learner.coef_[0] / std
    intercept = float(learner.intercept_[0] - (learner.coef_[0] * mean / std).sum())
    MODEL_FILE.write_text(json.dumps({
        "features": list(FEATURES), "coefficients": [round(float(c), 6) for c in coefficients],
        "intercept": round(intercept, 6), "threshold": round(threshold, 2),
        "fitted_on": "bench/generalisation tune part + tests/data/dev.jsonl",
        "rows": len(y), "right_when_answered": int(y.sum()), "answerable": int(answerable.sum()),
        "target_precision": args.precision or f"none: keep {KEEP_RIGHT} of the right answers",
        "regularisation_C": strength, "validation": "leave one document out",
        "cross_validated_precision": round(precision, 3), "cross_validated_recall": round(recall, 3),
    }, indent=2) + "\n", encoding="utf-8")
    print(f"{len(y)} rows ({int(y.sum())} right when answered, {int(answerable.sum())} answerable); threshold {threshold:.2f}: "
          f"left-out precision {precision:.3f}, recall {recall:.3f}")
    for name, c in sorted(zip(FEATURES, learner.coef_[0]), key=lambda t: -abs(t[1])):
        print(f"  {name:<18} {c:+.3f} (standardised)")


def _print_thresholds(probabilities: np.ndarray, labels: np.ndarray, answerable: np.ndarray) -> None:
    """What each threshold keeps, on left-out probabilities: the share of the right answers kept, the
    precision of what is answered, the share of questions whose abstaining is right (answered
    when answerable, declined when not: the evaluation's abstention accuracy), and each side of it."""
    print("threshold  right kept  precision  abstention accuracy  answerable answered  unanswerable declined")
    for t in np.arange(0.20, 0.71, 0.05):
        answered = probabilities >= t
        kept = labels[answered].sum() / max(1, labels.sum())
        precision = labels[answered].mean() if answered.sum() else 0.0
        decided = np.where(answerable == 1, answered, ~answered).mean()
        sides = [answered[answerable == 1].mean() if (answerable == 1).any() else float("nan"),
                 1 - answered[answerable == 0].mean() if (answerable == 0).any() else float("nan")]
        print(f"  {t:.2f}      {kept:.3f}      {precision:.3f}      {decided:.3f}      {sides[0]:.3f}      {sides[1]:.3f}")


if __name__ == "__main__":
    main()
