"""Cleaning of text extracted from brochures: broken lines, hyphenation, bullets, furniture."""

import re
import unicodedata

BULLETS = "•●▪■◦‣∙·"
_BULLET_RE = re.compile(rf"\s*[{BULLETS}]\s*")
_FURNITURE_RE = re.compile(r"^\s*(copyright\b|©)", re.IGNORECASE)
_SENTENCE_END = tuple(".!?:;")
_HYPHEN_BREAK_RE = re.compile(r"(\w+)-$")
_WORD_RE = re.compile(r"\w+")
_CASE_SWITCH_RE = re.compile(r"[a-zà-ÿ][A-ZÀ-Þ]")


def clean(text: str) -> str:
    """Return readable text: one block per line, single spaces, no page furniture.

    Lines that a layout wrapped are joined back (``Single \\nInterministerial`` reads
    ``Single Interministerial``); a word broken at a line end keeps its hyphen unless the
    document spells it whole elsewhere (``low-\\ncarbon`` stays ``low-carbon``,
    ``Inter-\\nministerial`` becomes ``Interministerial`` when that word occurs). Bullets,
    blank lines and lines that end a sentence before a new one starts are block boundaries.
    Words in random case, as small-caps headings extract (``coMpEtitivEnESS``), are lower-cased.
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00ad", "").replace("\u00a0", " ").replace("\t", " ")
    text = _BULLET_RE.sub("\n\n", text)
    text = _WORD_RE.sub(_fix_case, text)
    vocabulary = {w.lower() for w in _WORD_RE.findall(text)}
    blocks: list[str] = []
    current = ""
    for raw in text.split("\n"):
        line = raw.rstrip("\n")
        if not line.strip() or _FURNITURE_RE.match(line):
            current = _flush(blocks, current)
            continue
        if not current:
            current = line
        elif _is_soft_break(current, line):
            current = _join(current, line, vocabulary)
        else:
            current = _flush(blocks, current)
            current = line
    _flush(blocks, current)
    return "\n".join(blocks)


def _fix_case(match: re.Match) -> str:
    """Lower-case a word whose letters switch case at random, as small-caps headings extract."""
    word = match.group(0)
    switches = len(_CASE_SWITCH_RE.findall(word))
    if switches >= 2 or (switches and word[0].islower()):
        return word.lower()
    return word


def _flush(blocks: list[str], block: str) -> str:
    """Append a finished block with collapsed white space; return an empty block."""
    collapsed = " ".join(block.split())
    if collapsed:
        blocks.append(collapsed)
    return ""


def _is_soft_break(previous: str, line: str) -> bool:
    """Whether the break between ``previous`` and ``line`` was made by the layout, not the author."""
    head = line.lstrip()
    tail = previous.rstrip()
    if tail.endswith("-") and head[:1].islower():
        return True
    if previous != tail:  # a trailing space: the extractor saw the line go on
        return True
    if tail.endswith(_SENTENCE_END):
        return False
    return head[:1].islower() or head[:1] in "(,"


def _join(previous: str, line: str, vocabulary: set[str]) -> str:
    """Join a wrapped line, re-joining a word that the line end split."""
    tail = previous.rstrip()
    head = line.lstrip()
    match = _HYPHEN_BREAK_RE.search(tail)
    if match and head[:1].islower():
        first = _WORD_RE.match(head)
        whole = match.group(1) + (first.group(0) if first else "")
        if whole.lower() in vocabulary:
            return tail[:-1] + head
        return tail + head
    return tail + " " + head
