"""What is derived from a whole index (its BM25 index, its language centroids, fetched records), kept until an
ingest changes it."""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from assistant.acronyms import Acronyms, find_acronyms
from assistant.candidates import RecordCache
from assistant.centroids import LanguageCentroids, centroids
from assistant.lexical import LexicalIndex, chunks

Derived = TypeVar("Derived")


class PerIndex(Generic[Derived]):
    """``build(store)``, built again when the store changes (``Store.version``: an ingest wrote or
    deleted records); thread-safe."""

    def __init__(self, build: Callable[[object], Derived]) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._value: Derived | None = None
        self._version = None

    def get(self, store) -> Derived:
        """The value for the store as it is now."""
        version = store.version()
        with self._lock:
            if self._value is None or version != self._version:
                self._value = self._build(store)
                self._version = version
            return self._value


@dataclass(frozen=True)
class IndexView:
    """What the answerer derives from a whole index: its BM25 index, its language centroids, the
    acronyms its documents spell out, and the records fetched from it so far."""

    lexical: LexicalIndex
    centroids: LanguageCentroids
    records: RecordCache
    acronyms: Acronyms


def index_view(store) -> IndexView:
    """The BM25 index, the language centroids and the acronyms of ``store``, and an empty record cache."""
    every_chunk = chunks(store)
    return IndexView(LexicalIndex(every_chunk), centroids(store), RecordCache(store.collection),
                     find_acronyms(text for _, text, _ in every_chunk))
