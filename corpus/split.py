"""Splitting page documents into small, sentence-aligned chunks."""

import json
import re

from langchain_core.documents import Document

from corpus.language import detect
from corpus.load import content_hash
from corpus.sections import heading_spans
from corpus.sentences import sentence_spans

DEFAULT_CHUNK_SIZE = 500
MIN_LETTERS_TO_DETECT = 60  # shorter chunks take the language of their page


def split(docs: list[Document], chunk_size: int = DEFAULT_CHUNK_SIZE) -> list[Document]:
    """Pack each page's sentences into chunks of at most about ``chunk_size`` characters.

    A chunk never crosses a page, starts and ends on sentence boundaries (a sentence longer
    than ``chunk_size`` is cut at word boundaries), and keeps its page's metadata plus
    ``position`` (its rank on the page), ``start``/``end`` (its span in the page text), its
    own ``content_hash``, its own ``language`` (``en`` or ``fr``, detected: a document
    may mix them), its ``section``: the heading in force where it starts (headings carry
    over to the next pages of the same document; "" before the first), and ``headings``:
    the headings inside it, as JSON ``[[offset in the chunk, heading], …]`` ("" when none),
    so that any sentence's section can be told (``section_at``).
    The index derives each chunk's id from its text and this metadata.
    """
    if chunk_size < 50:
        raise ValueError("chunk_size must be at least 50 characters")
    chunks = []
    section: dict[str, str] = {}  # the heading in force, per document, across its pages
    for doc in docs:
        text = doc.page_content
        page_language = detect(text)
        headings = heading_spans(text)
        for position, (start, end) in enumerate(_pack(text, chunk_size)):
            body = text[start:end]
            # A few words ("ATHIM", a heading) say little about their language: they take their page's.
            language = detect(body) if sum(c.isalpha() for c in body) >= MIN_LETTERS_TO_DETECT else page_language
            source = doc.metadata["source"]
            inside = [[s - start, text[s:e]] for s, e in headings if start <= s < end]
            meta = {**doc.metadata, "kind": "chunk", "position": position, "start": start,
                    "end": end, "content_hash": content_hash(body), "language": language,
                    "section": section.get(source, ""), "headings": json.dumps(inside, ensure_ascii=False) if inside else "",
                    "chunk_key": chunk_key(source, doc.metadata["page"], position)}
            chunks.append(Document(page_content=body, metadata=meta))
            if inside:
                section[source] = inside[-1][1]
    return chunks



def chunk_key(source: str, page: int, position: int) -> str:
    """What names a chunk, shared by its sentences: source, page and position on the page."""
    return f"{source}#{page}#{position}"


def sentences(chunks: list[Document], context: int = 1) -> list[Document]:
    """One document per sentence of each chunk, for ranking answers sentence by sentence.

    A sentence's text is the sentence between its ``context`` neighbours on each side on
    the same page (so that "The goal is to…" is found by what its paragraph is about); it
    keeps its chunk's metadata (``chunk_key`` included) with ``kind`` ``sentence``, its rank
    ``sentence`` in the chunk and ``start``/``end``, the span of the sentence alone in the
    page text, so it can be cut from its chunk and highlighted there.
    """
    by_page: dict[tuple[str, int], list[tuple[Document, int, int, int]]] = {}
    for chunk in chunks:
        offset = chunk.metadata["start"]
        spans = sentence_spans(chunk.page_content)
        page = by_page.setdefault((chunk.metadata["source"], chunk.metadata["page"]), [])
        page.extend((chunk, rank, offset + start, offset + end) for rank, (start, end) in enumerate(spans))
    found = []
    for page in by_page.values():
        for index, (chunk, rank, start, end) in enumerate(page):
            window = page[max(0, index - context): index + context + 1]
            texts = [sentence_text(c, s, e) for c, _, s, e in window]
            body = "\n".join(texts)
            meta = {**chunk.metadata, "kind": "sentence", "sentence": rank, "start": start, "end": end,
                    "content_hash": content_hash(body)}
            found.append(Document(page_content=body, metadata=meta))
    return found


def sentence_text(chunk: Document, start: int, end: int) -> str:
    """The text of a sentence given its span in the page, from the chunk that holds it."""
    offset = chunk.metadata["start"]
    return chunk.page_content[start - offset:end - offset]


def _pack(text: str, size: int) -> list[tuple[int, int]]:
    """Greedily group consecutive sentence spans into spans of at most ``size`` characters."""
    packed: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    for span in _bounded_spans(text, size):
        if current and span[1] - current[0] <= size:
            current = (current[0], span[1])
            continue
        if current:
            packed.append(current)
        current = span
    if current:
        packed.append(current)
    return packed


def _bounded_spans(text: str, size: int) -> list[tuple[int, int]]:
    """Sentence spans, with any sentence longer than ``size`` cut into pieces of about equal length
    (cutting greedily left a last piece of a few words, "base des critères suivants :", that says
    nothing on its own, yet is what a list's items follow), each cut at a clause where one is near
    (after ";" or ",", before "puis", "dont", "which"…), else at a word: a cut inside a phrase
    ("des trente-six | premiers mois") splits the very words a question asks about."""
    spans = []
    for start, end in sentence_spans(text):
        while end - start > size:
            pieces = -(-(end - start) // size)
            target = start + -(-(end - start) // pieces)
            cut = _cut(text, start, target, start + size)
            spans.append((start, cut))
            start = cut + 1 if text[cut:cut + 1] == " " else cut
        if end > start:
            spans.append((start, end))
    return spans


def _cut(text: str, start: int, target: int, limit: int) -> int:
    """Where to cut ``text[start:]`` near ``target``: the clause boundary closest to it within a
    quarter of the piece on either side (never past ``limit``), else the last space before it."""
    reach = (target - start) // 4
    boundaries = [m.end() - 1 for m in _CLAUSE_RE.finditer(text, max(start + 1, target - reach),
                                                            min(limit, target + reach) + 1)]
    if boundaries:
        return min(boundaries, key=lambda at: abs(at - target))
    cut = text.rfind(" ", start, target + 1)
    return cut if cut > start else target


# A clause boundary, ending on the space where a cut falls: after ";", "," or ":", or before a
# conjunction or relative that opens a clause, in French or English.
_CLAUSE_RE = re.compile(r"[;,:] |(?<=\S) (?=(?:puis|dont|lorsque|sauf|sous réserve|ainsi que|which|where|when|"
                        r"provided|unless|whereas|while)\b)")
