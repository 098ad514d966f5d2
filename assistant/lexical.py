"""Lexical retrieval: BM25 over the indexed chunks, with Snowball stems and a maintained stop-word list.

Libraries, each instead of hand-written rules: ``bm25s`` (BM25 on sparse matrices, fast to build
and query), ``PyStemmer`` (the Snowball stemmers for French and English) and ``stopwordsiso``
(the stopwords-iso lists). A text is analysed in its own language: a chunk in the language
detected at ingest, a question in the one detected when it is asked.
"""

import re
from functools import cache

from assistant.matching import fold
from corpus.errors import StoreError

_WORD_RE = re.compile(r"[^\W_]+")
SNOWBALL = {"en": "english", "fr": "french"}


@cache
def _stemmer(language: str):
    """The Snowball stemmer of a language (English for any other)."""
    import Stemmer

    return Stemmer.Stemmer(SNOWBALL.get(language, "english"))


@cache
def stop_words() -> frozenset[str]:
    """French and English stop words (stopwords-iso), folded: a question may mix the two."""
    import stopwordsiso

    return frozenset(fold(word) for language in SNOWBALL for word in stopwordsiso.stopwords(language))


def analyze(text: str, language: str) -> list[str]:
    """The stems of a text's content words: folded, stop words dropped, Snowball-stemmed."""
    stops = stop_words()
    kept = [w for w in _WORD_RE.findall(fold(text)) if w not in stops and (len(w) > 1 or w.isdigit())]
    return _stemmer(language).stemWords(kept)


class LexicalIndex:
    """BM25 over a fixed set of chunks, searched by question; built once, read by many threads."""

    def __init__(self, chunks: list[tuple[str, str, str]]) -> None:
        """``chunks``: (chunk id, text, language) triples."""
        import bm25s

        self.ids = [chunk_id for chunk_id, _, _ in chunks]
        self.languages = frozenset(language for _, _, language in chunks)
        self._bm25 = bm25s.BM25()
        tokens = [analyze(text, language) or ["\x00"] for _, text, language in chunks]
        if tokens:
            self._bm25.index(tokens, show_progress=False)
        self._vocabulary = set(self._bm25.vocab_dict) if tokens else set()

    def search(self, query: str, language: str, k: int) -> list[tuple[str, float]]:
        """The ``k`` best chunks for ``query`` as (id, BM25 score), best first; none scores 0."""
        terms = [t for t in analyze(query, language) if t in self._vocabulary]
        if not terms or not self.ids:
            return []
        found, scores = self._bm25.retrieve([terms], k=min(k, len(self.ids)), show_progress=False)
        return [(self.ids[int(i)], float(s)) for i, s in zip(found[0], scores[0]) if s > 0]

    def knows_none(self, query: str, language: str) -> bool:
        """Whether the index holds text in ``language`` but none of ``query``'s content words:
        then no passage is about the question, whatever its cosine (e5's are compressed). A word
        counts as held stemmed as any of the index's languages would stem it: a name or an
        acronym ("DRIRE") is the same word in an English question and a French text."""
        terms = analyze(query, language)
        if not terms or language not in self.languages:
            return False
        stemmed = {t for other in self.languages | {language} for t in analyze(query, other)}
        return not any(t in self._vocabulary for t in stemmed)


def chunks(store) -> list[tuple[str, str, str]]:
    """Every chunk of the store as (id, text, language)."""
    try:
        got = store.collection.get(where={"kind": "chunk"}, include=["documents", "metadatas"])
    except Exception as exc:  # chromadb raises many types; all mean the store failed
        raise StoreError(f"reading the index for lexical search failed ({type(exc).__name__}: {exc})") from exc
    return [(chunk_id, text, meta.get("language") or "en")
            for chunk_id, text, meta in zip(got["ids"], got["documents"], got["metadatas"])]
