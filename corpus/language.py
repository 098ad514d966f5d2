"""The language of a text, English or French, by a trained identifier (py3langid).

py3langid is langid.py's maintained fork: a naive Bayes model over byte n-grams that ships inside
the package (nothing downloaded) and answers in about 0.1 ms, short questions included. It is
limited here to the two languages the assistant answers in.
"""

from functools import cache

LANGUAGES = ("en", "fr")


@cache
def _identifier():
    """The identifier, loaded once on first use (about 2 s), restricted to ``LANGUAGES``."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect(text: str) -> str:
    """``en`` or ``fr``: the more likely language of ``text`` (English for a text with no letters)."""
    if not any(c.isalpha() for c in text):
        return "en"
    language, _ = _identifier().classify(text)
    return language
