"""Checks a generated answer against the passages it was given: markers, numbers, dates and names."""

import re
from dataclasses import dataclass, field

from assistant.matching import fold
from assistant.names import name_held, names
from assistant.statements import MONTHS
from assistant.types import MARKER_RE, Passage, marker_numbers

# French groups thousands with (narrow) spaces; English with commas. A spaced group is
# exactly three digits, so "in 2005 120 projects" stays two numbers.
_NUMBER_RE = re.compile(r"(?<![\w.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?![\d])|(?<![\w])\d+(?:[.,]\d+)*")
_SENTENCE_RE = re.compile(r"(?<=[.!?:])\s+|\n+")
_WORD_RE = re.compile(r"[^\W\d_][^\W_]*(?:[-'’][^\W\d_][^\W_]*)*")
_ABSTENTION_RE = re.compile(
    r"not[\s_]+in[\s_]+the[\s_]+documents|pas dans les documents|documents ne (le )?(disent|mentionnent)",
    re.IGNORECASE,
)


@dataclass
class Verification:
    """The outcome of checking one generated answer."""

    verified: bool
    problems: list[str] = field(default_factory=list)
    markers: list[int] = field(default_factory=list)  # the passages cited, in order of first use


def is_abstention(text: str) -> bool:
    """Whether the model said the documents do not answer."""
    return bool(_ABSTENTION_RE.search(fold(text)))


def verify(text: str, passages: list[Passage]) -> Verification:
    """Check a generated answer against the numbered ``passages`` it was given (``[1]`` is the first).

    The answer passes when it cites at least one passage, every marker refers to a passage
    that was given, and every number (amounts, percentages, years, French formats included),
    month and proper name of each sentence appears in a passage that sentence cites (or,
    for a sentence without a marker, in one the answer cites).
    """
    problems: list[str] = []
    cited_anywhere = marker_numbers(text)
    wrong = sorted({n for n in cited_anywhere if not 1 <= n <= len(passages)})
    problems += [f"marker [{n}] refers to no passage given" for n in wrong]
    valid = [n for n in cited_anywhere if 1 <= n <= len(passages)]
    if not valid:
        problems.append("no citation to a passage")
    for sentence in _sentences(text):
        cited = [n for n in marker_numbers(sentence) if 1 <= n <= len(passages)] or valid
        evidence = " ".join(passages[n - 1].text for n in cited)
        problems += _unsupported(MARKER_RE.sub(" ", sentence), evidence)
    return Verification(verified=not problems, problems=problems, markers=list(dict.fromkeys(valid)))


def _unsupported(sentence: str, evidence: str) -> list[str]:
    """What ``sentence`` states that ``evidence`` does not: numbers, months, names."""
    problems = []
    held = set().union(*(_values(n) for n in _NUMBER_RE.findall(evidence))) if evidence else set()
    for number in _NUMBER_RE.findall(sentence):
        if not _values(number) & held:
            problems.append(f"number {number.strip()!r} is not in the cited passages")
    evidence_words = {part for w in _WORD_RE.findall(evidence) for part in re.split(r"[-'’]", fold(w)) if part}
    evidence_months = {MONTHS[w] for w in evidence_words if w in MONTHS}
    for word in _WORD_RE.findall(sentence):
        month = MONTHS.get(fold(word))
        if month and month not in evidence_months and (fold(word) != "may" or word[0].isupper()):
            problems.append(f"month {word!r} is not in the cited passages")
    for name in names(sentence):
        if not name_held(name, evidence_words, other_spellings=True):
            problems.append(f"name {name!r} is not in the cited passages")
    return problems


def _values(number: str) -> set[float]:
    """The values a written number may stand for: "1,500" is 1500 in English and 1.5 in French."""
    digits = re.sub(r"[ \u00a0\u202f]", "", number)
    if "," in digits and "." in digits:
        decimal = max(digits.rfind(","), digits.rfind("."))
        whole = re.sub(r"[.,]", "", digits[:decimal])
        return {round(float(f"{whole}.{digits[decimal + 1:]}"), 6)}
    separator = "," if "," in digits else "." if "." in digits else ""
    if not separator:
        return {float(digits)}
    parts = digits.split(separator)
    values = set()
    if all(len(p) == 3 for p in parts[1:]):
        values.add(float("".join(parts)))
    if len(parts) == 2:
        values.add(round(float(f"{parts[0]}.{parts[1]}"), 6))
    return values or {float(parts[0])}


def _sentences(text: str) -> list[str]:
    """The sentences of an answer, with the markers that follow each one kept on it."""
    # A marker placed after the full stop ("... 2005. [1]") belongs to the sentence before it.
    text = re.sub(rf"([.!?])\s*((?:{MARKER_RE.pattern}\s*)+)", r" \2\1 ", text)
    return [s for s in _SENTENCE_RE.split(text) if s.strip()]
