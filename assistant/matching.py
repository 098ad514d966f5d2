"""The evaluation's matching rule for facts and evidence (see tests/data/README.md)."""

import re
import unicodedata

_THOUSANDS_RE = re.compile(r"(?<=\d)[,\u00a0\u202f ](?=\d{3}(?!\d))")
_PERCENT_RE = re.compile(r"\s+%")


def fold(text: str) -> str:
    """Lower case without accents (NFKD, combining marks dropped), for comparing words."""
    if text.isascii():  # most of the corpus: nothing to decompose, and much faster
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def normalize(text: str) -> str:
    """NFKD without accents, lower case, single spaces, no thousands separators, ``73%``."""
    text = " ".join(fold(text).split())
    text = _THOUSANDS_RE.sub("", text)
    return _PERCENT_RE.sub("%", text)


def contains(haystack: str, needle: str) -> bool:
    """Whether ``needle`` appears in ``haystack`` under the matching rule."""
    return normalize(needle) in normalize(haystack)
