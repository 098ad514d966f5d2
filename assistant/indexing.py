"""Building and updating the index from settings: the one place that composes the index layer."""

from collections.abc import Iterable
from pathlib import Path

from assistant.settings import Settings
from index.embeddings import make_embeddings
from index.ingest import IngestReport, Progress, ingest
from index.store import Store, open_store, remove_store


def open_index(settings: Settings, *, create: bool = False) -> Store:
    """Open the configured index; raises ``IndexMissingError`` if none was built."""
    return open_store(settings.resolved_index_dir, make_embeddings(settings.embedding_model),
                      collection=settings.collection, create=create, server=settings.chroma_server)


def update_index(settings: Settings, paths: Iterable[Path] | None = None, *,
                 rebuild: bool = False, progress: Progress | None = None) -> IngestReport:
    """Ingest the corpus folder (or just ``paths``) into the configured index.

    ``rebuild`` deletes the index first and builds it again from the whole corpus folder,
    which is also how to switch to another embedding model.
    """
    if rebuild:
        remove_store(settings.resolved_index_dir, server=settings.chroma_server, collection=settings.collection)
    store = open_index(settings, create=True)
    try:
        return ingest(
            store, settings.corpus_dir, None if rebuild or not paths else list(paths),
            chunk_size=settings.chunk_size, max_file_bytes=int(settings.max_file_mb * 2**20),
            progress=progress,
        )
    finally:
        store.close()
