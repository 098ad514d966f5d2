"""Candidate passages from the store: nearest records, their chunks and sentences, lists made whole."""

import json
import threading
from collections import OrderedDict
from dataclasses import replace

import numpy as np

from assistant.types import Passage, Sentence
from corpus.errors import StoreError
from corpus.metadata import year_of
from corpus.sentences import stops_inside_sentence
from index.embeddings import decode_vector
from index.ingest import decode_sparse

LIST_CHUNKS = 4  # the most chunks one passage joins (a list, a sentence cut across chunks, or both)


def candidates(collection, vector: np.ndarray, n: int, extra_ids: list[str] = (),
               languages: list[str] = (), join_lists: bool = True) -> list[Passage]:
    """The candidate passages with every sentence and its similarity to ``vector``.

    One nearest-neighbour query over chunks and sentences together (and one for each of
    ``languages``, filtered by metadata: the unfiltered search under-ranks a language other than
    the question's; Chroma serves a filter by scanning the records that match it, which grows
    with the index, bench/scale.py), then the found chunks' records and their sentences'
    fetched by id (each record names its chunk, each chunk its sentences), and ``extra_ids``
    too. With ``join_lists``, a chunk that stops inside a list is joined by the chunks that go on with it.
    """
    try:
        chunk_ids = _nearest(collection, vector, n)
        for language in languages:
            chunk_ids += _nearest(collection, vector, n, {"language": language})
        chunk_ids = list(dict.fromkeys(record_id for record_id in [*chunk_ids, *extra_ids] if record_id))
        passages, spans = _fetch(collection, chunk_ids, vector)
        if join_lists:
            _join_lists(collection, vector, passages, spans)
    except StoreError:
        raise
    except Exception as exc:  # chromadb raises many types; all mean the store failed
        raise StoreError(f"searching the index failed ({type(exc).__name__}: {exc})") from exc
    return [p for p in passages.values() if p.sentences]


def _nearest(collection, vector: np.ndarray, n: int, where: dict | None = None) -> list[str]:
    """The chunk ids of the ``n`` records nearest ``vector`` (a sentence record names its chunk)."""
    found = collection.query(query_embeddings=[vector.tolist()], n_results=n, include=["metadatas"],
                             **({"where": where} if where else {}))
    return [record_id if meta.get("kind") == "chunk" else meta.get("chunk_id")
            for record_id, meta in zip(found["ids"][0], found["metadatas"][0])]


def _fetch(collection, chunk_ids: list[str], vector: np.ndarray
           ) -> tuple[dict[str, Passage], dict[str, tuple[int, int, str]]]:
    """The passages of chunks fetched by id, by chunk key, with each chunk's span in its page and
    the id of the chunk after it."""
    got = collection.get(ids=chunk_ids, include=["documents", "metadatas", "embeddings"]) if chunk_ids else None
    chunks = list(zip(got["documents"], got["metadatas"], got["embeddings"], got["ids"])) if got else []
    sentence_ids = [sid for _, meta, _, _ in chunks for sid in meta.get("sentence_ids", "").split(",") if sid]
    # A sentence's text is cut from its chunk's (its record holds it with its neighbours).
    got = collection.get(ids=sentence_ids, include=["metadatas", "embeddings"]) if sentence_ids else None
    sentences = list(zip(got["ids"], got["metadatas"], got["embeddings"])) if got else []
    passages, spans = {}, {}
    for text, meta, embedding, record_id in chunks:
        spans[meta["chunk_key"]] = (int(meta["start"]), int(meta["end"]), str(meta.get("next_chunk_id") or ""))
        passages[meta["chunk_key"]] = Passage(
            source=meta["source"], title=meta["title"], page=int(meta["page"]), text=text,
            score=0.0, dense=float(np.dot(embedding, vector)), key=meta["chunk_key"],
            position=int(meta["position"]), language=meta.get("language") or "en", record_id=record_id,
            year=year_of(meta.get("year")), url=str(meta.get("url") or ""), section=str(meta.get("section") or ""),
            headings=str(meta.get("headings") or ""),
        )
    for _, meta, embedding in sorted(sentences, key=lambda s: (s[1]["chunk_key"], s[1]["sentence"])):
        passage = passages.get(meta["chunk_key"])
        if passage is None:
            continue
        # The record holds the sentence with its neighbours; its span says which part it is.
        start = int(meta["start"]) - spans[meta["chunk_key"]][0]
        end = int(meta["end"]) - spans[meta["chunk_key"]][0]
        passage.sentences.append(Sentence(
            text=passage.text[start:end], start=start, end=end, score=0.0,
            dense=float(np.dot(embedding, vector)), lexical=0.0,
            sparse_vector=_decoded(meta, "sparse", decode_sparse),
            translation_vector=_decoded(meta, "translation", decode_vector),
        ))
    return passages, spans


def _decoded(meta: dict, key: str, decode):
    """A record's vector stored as text under ``key``, decoded once: kept in its metadata, which a
    ``RecordCache`` keeps (a decoded vector is never changed)."""
    if f"_decoded_{key}" not in meta:
        meta[f"_decoded_{key}"] = decode(meta.get(key, ""))
    return meta[f"_decoded_{key}"]


def _join_lists(collection, vector: np.ndarray, passages: dict[str, Passage],
                spans: dict[str, tuple[int, int, str]]) -> None:
    """Join to each passage that stops inside a list or a sentence the chunks of its page going on with it.

    A list whose items run past a chunk's end ("… critères suivants : 1° … ; 2° … ;" then "3° …"),
    or a long sentence cut across two chunks ("…, à raison de 50 % …" then "dans la limite de
    4,5 fois le salaire minimum…"), can then be quoted whole. Ingest gives such a chunk the id of
    the next one; those missing from the candidates are fetched by it, and a joined chunk is no
    longer a passage of its own.
    """
    for _ in range(LIST_CHUNKS - 1):
        wanted = {spans[key][2] for key in passages if spans[key][2]} - {p.record_id for p in passages.values()}
        if not wanted:
            break
        more, more_spans = _fetch(collection, sorted(wanted), vector)
        passages.update(more)
        spans.update(more_spans)
    key_of = {p.record_id: key for key, p in passages.items()}
    joined = set()
    for key in sorted(passages, key=lambda k: (passages[k].source, passages[k].page, passages[k].position)):
        parts = 1
        while key not in joined and parts < LIST_CHUNKS and spans[key][2] in key_of:
            following = key_of[spans[key][2]]
            _append(passages[key], passages[following], spans[following][0] - spans[key][1])
            spans[key] = (spans[key][0], *spans[following][1:])
            joined.add(following)
            parts += 1
    for key in joined:
        del passages[key]


def _append(passage: Passage, following: Passage, gap: int) -> None:
    """Add ``following``'s text and sentences to ``passage``, a line break (and the page's spacing) between."""
    offset = len(passage.text) + max(gap, 1)
    # A sentence cut between the two goes on on its line; a list goes on on the next.
    joint = " " if stops_inside_sentence(passage.text, following.text) else "\n"
    passage.text += joint + " " * (max(gap, 1) - 1) + following.text
    passage.sentences += [replace(s, start=s.start + offset, end=s.end + offset) for s in following.sentences]
    # (The heading in force where ``following`` starts is the one in force where ``passage`` ends.)
    inside = [[offset + at, heading] for at, heading in (json.loads(following.headings) if following.headings else [])]
    if inside:
        passage.headings = json.dumps((json.loads(passage.headings) if passage.headings else []) + inside,
                                      ensure_ascii=False)


class RecordCache:
    """A collection whose records fetched by id are kept (the least recently used dropped past
    ``capacity``; 7.5 kB each with their vectors on the generalisation corpus, an ask fetching a
    few hundred): fetching by id is most of an ask's time in the store, and the same chunks come
    back question after question.
    A record's id is the hash of its text and metadata (``index.ingest.record_id``; a sentence's
    link to its chunk aside, which an ingest rewrites in place); the cache goes with its index view
    whenever an ingest writes or deletes (``assistant.cached``), so neither a deleted record nor a
    rewritten link is served. Nearest-neighbour queries go to the
    collection. Thread-safe.
    """

    FIELDS = ("documents", "metadatas", "embeddings")

    def __init__(self, collection, capacity: int = 10_000) -> None:
        self.collection = collection
        self.capacity = capacity
        self._kept: OrderedDict[str, tuple] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """How many records are kept."""
        with self._lock:
            return len(self._kept)

    def query(self, **kwargs):
        """The collection's nearest-neighbour query."""
        return self.collection.query(**kwargs)

    def get(self, ids: list[str], include: list[str]) -> dict:
        """The records of ``ids`` that exist, as ``collection.get`` gives them."""
        with self._lock:  # the kept ones are taken now: another thread may drop them later
            found = {record_id: self._kept[record_id] for record_id in ids if record_id in self._kept}
        missing = [record_id for record_id in dict.fromkeys(ids) if record_id not in found]
        if missing:
            got = self.collection.get(ids=missing, include=list(self.FIELDS))
            for row in zip(got["ids"], *(got[field] for field in self.FIELDS)):
                found[row[0]] = row[1:]
        with self._lock:
            for record_id, row in found.items():
                self._kept[record_id] = row
                self._kept.move_to_end(record_id)
            while len(self._kept) > self.capacity:
                self._kept.popitem(last=False)
        rows = [(record_id, found[record_id]) for record_id in ids if record_id in found]
        answer = {"ids": [record_id for record_id, _ in rows]}
        for position, field in enumerate(self.FIELDS):
            if field in include:
                answer[field] = [row[position] for _, row in rows]
        return answer
