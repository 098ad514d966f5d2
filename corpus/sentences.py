"""Sentence boundaries in cleaned text, as character spans (for chunking and highlighting)."""

import re

# Words after which a full stop does not end a sentence.
ABBREVIATIONS = {
    "e.g", "i.e", "cf", "vs", "mr", "mrs", "ms", "dr", "st", "no", "approx", "fig", "vol",
    "inc", "ltd", "co", "jr", "sr", "m", "mme", "art", "p", "pp", "ed",
}
_CANDIDATE_RE = re.compile(r"[.!?…]+[\"'»”)\]]*(?=\s+)")
_NEXT_START_RE = re.compile(r"\s+[\"'«“(\[]?[A-ZÀ-ÖØ-Þ0-9€$]")
_WORD_BEFORE_RE = re.compile(r"([\w.]+)[.!?…]*[\"'»”)\]]*$")
# The dashes that set off an enumerator or open a list item: the hyphen, and the typographic ones
# official texts print ("I. – 1.", a minus in "II. − A.", a non-breaking hyphen in "n° 2004‑1484").
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
DASH = f"[{re.escape(DASHES)}]"
DEGREE = "[°º]"  # "1°", and the ordinal indicator typed for it ("1º")
# A paragraph's number alone: "2.", "IV.", "I. - 1.", "A. -", "a)"; it opens the sentence after it.
_ENUMERATOR_RE = re.compile(rf"(?:(?:\d{{1,3}}|[IVXL]{{1,6}}|[A-Za-z])\s*(?:[.)]|{DEGREE})\s*{DASH}?\s*)+")


LIST_OPEN = (":", ";")  # a text ending so stops inside a list: its introduction, or an item with more to come


# A line opening with a bullet or an enumerator: "•", "-", "1°", "2. ", "a)", "I. -" (any dash),
# each kind in its group.
ITEM_START_RE = re.compile(rf"^(?:(?P<bullet>[•*]|{DASH})|(?P<degree>\d+\s*{DEGREE})|(?P<number>\d{{1,2}}\.\s)"
                           rf"|(?P<letter>[a-z]\))|(?P<roman>[IVX]+\.\s*{DASH}))")


def item_kind(text: str) -> str | None:
    """How a line numbers itself as an item: "bullet", "degree" ("1°"), "number" ("2. "), "letter"
    ("a)") or "roman" ("II. –"); None if it opens with neither bullet nor enumerator. Items of
    one list share a kind: "II. –" after "f) …" opens the next division of the text, not an item."""
    found = ITEM_START_RE.match(text.strip())
    return found.lastgroup if found else None


def stops_in_list(text: str, following: str = "") -> bool:
    """Whether a text (a chunk, a sentence) ends inside a list that goes on after it: it ends with
    ":" or ";", or its last line is a bulleted item and so is the first line of the ``following`` text
    (bulleted items often end with a full stop)."""
    if text.rstrip().endswith(LIST_OPEN):
        return True
    last, first = text.rstrip().rsplit("\n", 1)[-1].strip(), following.lstrip().split("\n", 1)[0]
    kind = item_kind(last)
    return kind is not None and kind == item_kind(first)


def goes_on(sentence: str, following: str) -> bool:
    """Whether ``following`` (the text right after ``sentence`` on its line, spaces stripped) goes on
    with the sentence that ``sentence`` was cut from at ingest: ``sentence`` closes nothing, and
    ``following`` opens in lower case or with a figure, not as a list item ("a) …", "2° …")."""
    return (not sentence.rstrip().endswith((".", "!", "?", ":", ")", "\"", "»"))
            and (following[:1].islower() or following[:1].isdigit()) and not ITEM_START_RE.match(following))


def stops_inside_sentence(text: str, following: str) -> bool:
    """Whether a chunk ends inside a sentence that the ``following`` text (the next chunk) goes on
    with. (One ending with ";" ends a list's item, or a clause that ``stops_in_list`` links.)"""
    return not text.rstrip().endswith(";") and goes_on(text, following.lstrip())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences of ``text``; line breaks always end one."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        spans.extend((offset + s, offset + e) for s, e in _line_spans(line))
        offset += len(line) + 1
    return spans


def _line_spans(line: str) -> list[tuple[int, int]]:
    """Sentence spans inside one block of text."""
    spans = []
    start = 0
    for match in _CANDIDATE_RE.finditer(line):
        end = match.end()
        if not _NEXT_START_RE.match(line, end) or _is_abbreviation(line[start:end]):
            continue
        spans.append(_strip_span(line, start, end))
        start = end
    if line[start:].strip():
        spans.append(_strip_span(line, start, len(line)))
    return _with_enumerators_joined([span for span in spans if span[1] > span[0]], line)


def _with_enumerators_joined(spans: list[tuple[int, int]], line: str) -> list[tuple[int, int]]:
    """Spans with a lone enumerator ("2.", "IV.") joined to the sentence it numbers."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and _ENUMERATOR_RE.fullmatch(line[joined[-1][0]:joined[-1][1]]):
            start = joined.pop()[0]
        joined.append((start, end))
    return joined


def _is_abbreviation(sentence: str) -> bool:
    """Whether the full stop closing ``sentence`` belongs to an abbreviation or an initial."""
    if not sentence.rstrip().endswith("."):
        return False
    match = _WORD_BEFORE_RE.search(sentence.rstrip())
    word = match.group(1).rstrip(".").lower() if match else ""
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _strip_span(line: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span so it starts and ends on non-space characters."""
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return start, end
