"""What is derived from a whole index (its BM25 index, its language centroids), kept until an ingest changes it."""

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

Derived = TypeVar("Derived")


class PerIndex(Generic[Derived]):
    """``build(store)``, built again when the store's record count changes (an ingest ran); thread-safe."""

    def __init__(self, build: Callable[[object], Derived]) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._value: Derived | None = None
        self._count = -1

    def get(self, store) -> Derived:
        """The value for the store as it is now."""
        count = store.count()
        with self._lock:
            if self._value is None or count != self._count:
                self._value = self._build(store)
                self._count = count
            return self._value
