"""Headings of a page: short lines that title what follows, kept as the section of the text under them."""

import json

MAX_HEADING_CHARS = 120
_CLOSES_A_STATEMENT = (".", ";", ":", ",", "!", "…")
_OPENS_A_LIST_ITEM = ("-", "•", "*", "–", "—", "·")


def heading_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of the lines of ``text`` that are headings.

    A heading is a whole line, short, that does not close as a statement does (a question,
    as in a FAQ, titles its answer) and is not a list item or a continued sentence.
    """
    spans, offset = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if _is_heading(stripped):
            start = offset + line.index(stripped)
            spans.append((start, start + len(stripped)))
        offset += len(line) + 1
    return spans


def _is_heading(line: str) -> bool:
    """Whether one stripped line reads as a heading."""
    if not line or len(line) > MAX_HEADING_CHARS or sum(c.isalpha() for c in line) < 3:
        return False
    if line.endswith(_CLOSES_A_STATEMENT) or line.startswith(_OPENS_A_LIST_ITEM):
        return False
    return not line[0].islower()  # a lower-case start continues a sentence cut by the layout


def section_at(offset: int, section: str, headings: str) -> str:
    """The section of the text at ``offset`` in a chunk, from the chunk's ``section`` and ``headings`` metadata."""
    inside = [heading for start, heading in (json.loads(headings) if headings else []) if start <= offset]
    return inside[-1] if inside else section
