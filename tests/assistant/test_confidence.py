"""The fitted abstention model: its file, and a threshold per pair of languages."""

import json

from assistant.confidence import FEATURES, MODEL_FILE, ConfidenceModel, load_model


def signals(same_language: float) -> dict[str, float]:
    return {**{name: 0.0 for name in FEATURES}, "same_language": same_language}


def test_evidence_in_another_language_has_a_threshold_of_its_own():
    model = ConfidenceModel(coefficients=tuple(0.0 for _ in FEATURES), intercept=0.0, threshold=0.3,
                            cross_threshold=0.1)
    assert model.threshold_for(signals(1.0)) == 0.3
    assert model.threshold_for(signals(0.0)) == 0.1
    assert model.probability(signals(0.0)) == 0.5
    one = ConfidenceModel(coefficients=model.coefficients, intercept=0.0, threshold=0.3)
    assert one.threshold_for(signals(0.0)) == 0.3  # a file fitted with one threshold


def test_the_shipped_model_was_fitted_with_both_thresholds():
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    model = load_model()
    assert model.threshold == data["threshold"] and model.cross_threshold == data["cross_language_threshold"]
    assert 0 < model.cross_threshold < 1 and 0 < model.threshold < 1
