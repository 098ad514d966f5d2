"""Headings of a page: short lines that title what follows, kept as the section of the text under them."""

import json
import re

from corpus.sentences import DASH, DASHES

MAX_HEADING_CHARS = 120
# An article's designation: "Article 1er", "Art. 2", "Art. L. 1511-2", "Article 3 bis", "Article premier".
_NUMBER = rf"(premier|unique|(?:[LRD]\.?\s*)?\d+(?:\s*{DASH}\s*\d+)*(?:\s*(?:er|bis|ter|quater|quinquies))?)"
_DESIGNATION = rf"(?:art\.|article)\s*{_NUMBER}\s*\.?"
# A line that is only a designation titles the article under it, full stop or not ("Art. 2.").
_ARTICLE_LINE_RE = re.compile(rf"^{_DESIGNATION}$", re.IGNORECASE)
# A designation opening its article's first paragraph ("Art. 3. - Le comité est composé…", or
# "Art. 3.-Le comité…" as the codes print it) titles it too, though its line goes on.
_INLINE_ARTICLE_RE = re.compile(rf"^{_DESIGNATION}(?=\s*{DASH}\s*[^\W\d])", re.IGNORECASE)
# An article named anywhere ("au III de l'article 24", "les articles 3 et 4").
_ARTICLE_NUMBER_RE = re.compile(rf"\bart(?:icles?|s?\.)\s*{_NUMBER}", re.IGNORECASE)
_CLOSES_A_STATEMENT = (".", ";", ":", ",", "!", "…")
_OPENS_A_LIST_ITEM = ("•", "*", "·", *DASHES)


def heading_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of the lines of ``text`` that are headings.

    A heading is a whole line, short, that does not close as a statement does (a question,
    as in a FAQ, titles its answer) and is not a list item or a continued sentence; or an
    article's designation, alone on its line ("Art. 2.") or opening it ("Art. 3. - Le comité…").
    """
    spans, offset = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        inline = _INLINE_ARTICLE_RE.match(stripped)
        if _is_heading(stripped) or inline:
            start = offset + line.index(stripped)
            spans.append((start, start + (len(inline.group(0).rstrip()) if inline else len(stripped))))
        offset += len(line) + 1
    return spans


def article_numbers(text: str) -> set[str]:
    """The articles ``text`` names, as numbers ("l'article 24" -> "24", "Article 1er" -> "1",
    "Art. L. 1511-2" -> "l1511-2")."""
    found = set()
    for number in _ARTICLE_NUMBER_RE.findall(text):
        number = re.sub(DASH, "-", re.sub(r"[\s.]", "", number.lower()))
        found.add("1" if number in ("premier", "1er", "unique") else number)
    return found


def is_article_line(line: str) -> bool:
    """Whether a line is only an article's designation ("Art. 2.", "Article 1er")."""
    return bool(_ARTICLE_LINE_RE.match(line.strip()))


def _is_heading(line: str) -> bool:
    """Whether one stripped line reads as a heading."""
    if is_article_line(line):
        return True
    if not line or len(line) > MAX_HEADING_CHARS or sum(c.isalpha() for c in line) < 3:
        return False
    if line.endswith(_CLOSES_A_STATEMENT) or line.startswith(_OPENS_A_LIST_ITEM):
        return False
    return not line[0].islower()  # a lower-case start continues a sentence cut by the layout


def section_at(offset: int, section: str, headings: str) -> str:
    """The section of the text at ``offset`` in a chunk, from the chunk's ``section`` and ``headings`` metadata."""
    inside = [heading for start, heading in (json.loads(headings) if headings else []) if start <= offset]
    return inside[-1] if inside else section
