"""Proper names in a text, and whether a name is held by a set of words."""

import re

from assistant.matching import fold
from assistant.statements import MONTHS, ROMAN_NUMERAL_RE
from assistant.words import STOPWORDS, WORD_RE, stem
from corpus.sentences import DASH, DEGREE

# A name: a word of letters (digits may follow), hyphenated or with an apostrophe inside.
_NAME_WORD_RE = re.compile(r"[^\W\d_][^\W_]*(?:[-'’][^\W\d_][^\W_]*)*")
_ELISION_RE = re.compile(r"^(?:[ldjnmtsc]|qu)['’]", re.IGNORECASE)
# Capitalised words that name nothing: they start sentences or are written so by convention.
_NOT_NAMES = {"i", "ok", "na"}
NAME_PREFIX = 6  # a name matches a word sharing this many first letters (Normandie, Normandy)

# What numbers a sentence before its first word: "1°", "a)", "- ", "II. - A. -", "Art. 2. -". (A
# capital and a full stop alone are an initial, "M. Dupont": a legal enumerator has its dash.)
_NUMBERING_RE = re.compile(rf"^\s*(?:(?:(?:[Aa]rt(?:icle)?\.?\s*\d+(?:er)?\.?|[IVX]+\.|[A-Z]\.)\s*{DASH}"
                           rf"|\d+\s*{DEGREE}|\d{{1,2}}\.|[a-z]\)|[•*]|{DASH})\s*)+")


def has_name(text: str) -> bool:
    """Whether a sentence names something: a capitalised word past its first (its numbering, as
    "1° Le ministre…" or "Art. 2. - Le comité…", aside), or an acronym. A roman numeral names a
    paragraph ("prévus au II"), not someone."""
    tokens = [t for t in WORD_RE.findall(_NUMBERING_RE.sub("", text)) if not ROMAN_NUMERAL_RE.fullmatch(t)]
    return any(t[:1].isupper() for t in tokens[1:]) or any(t.isupper() and len(t) > 1 for t in tokens)


def names(text: str) -> list[str]:
    """The proper names of a text: capitalised words past its first, and acronyms (months excepted)."""
    tokens = [_ELISION_RE.sub("", t) for t in _NAME_WORD_RE.findall(text.lstrip("-*•>«\"' "))]
    # (A capital alone names nothing: "R&D" reads "R" and "D", an enumerator "A.".)
    found = [t for i, t in enumerate(tokens) if len(t) > 1 and (t.isupper() or i > 0 and t[0].isupper())]
    return [t for t in dict.fromkeys(found) if fold(t) not in _NOT_NAMES | STOPWORDS and fold(t) not in MONTHS]


def name_held(name: str, folded_words: set[str], other_spellings: bool = False) -> bool:
    """Whether a name, or each part of a hyphenated one, is among ``folded_words``.

    With ``other_spellings``, a part also matches a word sharing its first ``NAME_PREFIX``
    letters: the same name in the other language (Normandie and Normandy).
    """
    for part in re.split(r"[-'’]", fold(name)):
        if not part or part in folded_words or stem(part) in folded_words:
            continue
        if other_spellings and len(part) >= NAME_PREFIX and \
                any(w[:NAME_PREFIX] == part[:NAME_PREFIX] for w in folded_words):
            continue
        return False
    return True
