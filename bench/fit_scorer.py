"""Fit the sentence scorer's weights (assistant/retrieve.py: Weights) with a logistic regression.

    .venv/bin/python bench/fit_scorer.py

For every candidate sentence of every answerable question of the fitting data, the features of
``sentence_features`` and whether the sentence holds one of the question's facts or evidence
phrases; scikit-learn's LogisticRegression is fitted on them, and its
coefficients, scaled so that the sentence's own cosine weighs 1 (the scale the answerer's
margins are in), are written to assistant/scorer.json. Fitting data: the tuning part of
bench/generalisation/questions.jsonl and tests/data/dev.jsonl; never the held-out part.
Refit the confidence model afterwards (bench/fit_confidence.py): its signals are these scores.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from assistant.matching import contains  # noqa: E402
from assistant.question import shape  # noqa: E402
from assistant.retrieve import SCORER_FILE, retrieve, sentence_features  # noqa: E402
from bench.fitting_data import collect  # noqa: E402
from corpus.language import detect  # noqa: E402

NAMES = ("sentence", "chunk", "lexical", "answer_type", "heading", "sparse", "bm25", "prefixes", "translation")


def rows(questions: list[dict], assistant) -> list[tuple[list[float], int]]:
    """(features, holds the answer) for every candidate sentence of every answerable question."""
    found = []
    for item in questions:
        if not item["answerable"]:
            continue
        query = assistant._condense(item["question"], item["history"])
        asked = shape(query)
        lexical = assistant.index_view.get(assistant.store).lexical
        language = detect(item["question"])
        passages = retrieve(query, assistant.store, assistant.retrieval, asked, assistant.encoder, lexical, language)
        wanted = [alt for fact in item["facts"] for alt in ([fact] if isinstance(fact, str) else fact)]
        wanted += item["evidence"]
        for passage in passages:
            for sentence in passage.sentences:
                features = sentence_features(asked, passage, sentence, language)
                label = any(contains(sentence.text, phrase) for phrase in wanted)
                found.append(([features[name] for name in NAMES], int(label)))
    return found


def main() -> None:
    data = collect(rows)
    x = np.array([r for r, _ in data])
    y = np.array([label for _, label in data])
    learner = LogisticRegression(C=1.0, max_iter=2000).fit(x, y)
    coefficients = learner.coef_[0] / learner.coef_[0][NAMES.index("sentence")]
    weights = {name: round(float(c), 4) for name, c in zip(NAMES, coefficients)}
    SCORER_FILE.write_text(json.dumps({
        "weights": weights, "fitted_on": "bench/generalisation tune part + tests/data/dev.jsonl",
        "sentences": len(y), "holding_an_answer": int(y.sum()),
    }, indent=2) + "\n", encoding="utf-8")
    print(f"{len(y)} candidate sentences ({int(y.sum())} hold an answer); weights: {weights}")


if __name__ == "__main__":
    main()
