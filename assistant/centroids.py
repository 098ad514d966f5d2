"""Language centroids: evening out the dense similarity of passages written in different languages.

multilingual-e5 scores a question higher against any passage in its own language than against
one in another language, whatever either says: on the tuning questions an English question's
answer in a French text reached the top 5 only 45 % of the time, against 91 % within a language.
The mean similarity of a question to a language's records is its similarity to that language's
centroid (the mean of their vectors), so shifting each language's scores by the gap between its
centroid and the question's closest one puts all languages on one scale, at the cost of one dot
product per language. A single-language corpus is left as it was.
"""

from dataclasses import dataclass

import numpy as np

from corpus.errors import StoreError

PAGE = 2000  # records read at a time, so a large index is never held whole


@dataclass(frozen=True)
class LanguageCentroids:
    """The mean vector of the records of each (kind, language): kind "chunk" or "sentence"."""

    means: dict[tuple[str, str], np.ndarray]

    def offsets(self, vector: np.ndarray) -> dict[tuple[str, str], float]:
        """What to add to a record's cosine, by (kind, language): the gap to the closest language."""
        found = {}
        for kind in {kind for kind, _ in self.means}:
            similarity = {lang: float(np.dot(mean, vector)) for (k, lang), mean in self.means.items() if k == kind}
            closest = max(similarity.values())
            found.update({(kind, lang): closest - value for lang, value in similarity.items()})
        return found


def centroids(store) -> LanguageCentroids:
    """The language centroids of every record of ``store``, read a page at a time."""
    sums: dict[tuple[str, str], np.ndarray] = {}
    counts: dict[tuple[str, str], int] = {}
    offset = 0
    while True:
        try:
            got = store.collection.get(include=["metadatas", "embeddings"], limit=PAGE, offset=offset)
        except Exception as exc:  # chromadb raises many types; all mean the store failed
            raise StoreError(f"reading the index's vectors failed ({type(exc).__name__}: {exc})") from exc
        if not len(got["ids"]):
            break
        for meta, vector in zip(got["metadatas"], got["embeddings"]):
            key = (meta.get("kind") or "chunk", meta.get("language") or "en")
            sums[key] = sums.get(key, 0.0) + np.asarray(vector, dtype=np.float64)
            counts[key] = counts.get(key, 0) + 1
        offset += len(got["ids"])
    return LanguageCentroids({key: (total / counts[key]).astype(np.float32) for key, total in sums.items()})
