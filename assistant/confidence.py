"""Whether quoted evidence answers the question: a logistic model over the evidence's signals.

The model's coefficients are fitted by ``bench/fit_confidence.py`` (scikit-learn's logistic
regression) on the tuning part of the generalisation benchmark and the development set, never
on the held-out part, and stored in ``confidence.json`` beside this file with the probability
threshold chosen there for a stated precision. At run time it is a dot product: no learner is
loaded.

Every signal is read for the pair (question language, evidence language): a same-language flag
and its products with the scores let one model hold a threshold per pair.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from assistant.names import has_name, name_held, names
from assistant.question import QuestionShape
from assistant.types import Passage, Sentence
from assistant.words import content_words, words

MODEL_FILE = Path(__file__).with_name("confidence.json")
FEATURES = (
    "score", "dense", "passage_dense", "sparse", "lexical", "bm25", "coverage", "names_held",
    "same_language", "score_same", "coverage_same", "names_same", "margin", "name_wanted_held",
)


@dataclass(frozen=True)
class ConfidenceModel:
    """Logistic coefficients over ``FEATURES``, and the probability under which to abstain."""

    coefficients: tuple[float, ...]
    intercept: float
    threshold: float

    def probability(self, signals: dict[str, float]) -> float:
        """The probability that quoting this evidence answers the question correctly."""
        z = self.intercept + sum(c * signals[name] for c, name in zip(self.coefficients, FEATURES))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


@cache
def load_model(path: Path = MODEL_FILE) -> ConfidenceModel:
    """The fitted model shipped with the package."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path} was fitted on other features; run bench/fit_confidence.py")
    return ConfidenceModel(tuple(data["coefficients"]), data["intercept"], data["threshold"])


def signals(query: str, asked: QuestionShape, language: str, chosen: list[tuple[Passage, Sentence]],
            passages: list[Passage]) -> dict[str, float]:
    """The evidence's signals, for the question as retrieved with (``query``) in ``language``."""
    best_passage, best = max(chosen, key=lambda c: c[1].score)
    evidence = " ".join(p.text for p, _ in chosen)
    held = set(words(" ".join(p.text for p in passages)))
    asked_names = names(query)
    names_held = sum(name_held(n, held) for n in asked_names) / len(asked_names) if asked_names else 1.0
    others = [s.score for p in passages for s in p.sentences if p is not best_passage]
    same = float(language == best_passage.language)
    cover = coverage(query, evidence, passages)
    return {
        "score": best.score, "dense": best.dense, "passage_dense": best_passage.dense, "sparse": best.sparse,
        "lexical": best.lexical, "bm25": best_passage.lexical, "coverage": cover, "names_held": names_held,
        "same_language": same, "score_same": best.score * same, "coverage_same": cover * same,
        "names_same": names_held * same, "margin": best.score - max(others, default=best.score - 0.2),
        "name_wanted_held": float(not asked.wants_name or any(has_name(s.text) for _, s in chosen)),
    }


def coverage(question: str, evidence: str, passages: list[Passage]) -> float:
    """The share of the question's words, weighted by rarity among the passages, in ``evidence``."""
    asked = set(content_words(question))
    if not asked:
        return 0.0
    texts = [set(content_words(p.text)) for p in passages]
    weights = {w: 1.0 / (1 + sum(w in t for t in texts)) ** 0.5 for w in asked}
    held = set(content_words(evidence))
    return sum(weights[w] for w in asked & held) / sum(weights.values())
