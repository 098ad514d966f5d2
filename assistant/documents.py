"""The helpdesk's document operations: list, add, remove, re-index (what the staff tab calls)."""

import time
from pathlib import Path

from assistant.errors import DocumentError
from assistant.indexing import open_index, update_index
from assistant.settings import Settings
from corpus.files import safe_name
from corpus.load import SUPPORTED_SUFFIXES
from corpus.metadata import read_metadata, year_of
from index.ingest import IngestReport, Progress


def list_documents(settings: Settings) -> list[dict]:
    """The indexed documents: source, title, year, pages, chunks and when each was ingested."""
    store = open_index(settings, create=True)
    try:
        return indexed_documents(store, settings)
    finally:
        store.close()


def indexed_documents(store, settings: Settings) -> list[dict]:
    """The documents an open index holds, with their year and URL from the corpus metadata."""
    try:
        metadata = read_metadata(settings.corpus_dir)
    except DocumentError:
        metadata = {}  # a broken metadata file must not hide the index; ingest reports it
    rows = []
    for r in store.records.documents():
        known = metadata.get(r.source, {})
        rows.append({"source": r.source, "title": r.title, "year": year_of(known.get("year")),
                     "url": str(known.get("url") or ""), "pages": r.pages, "chunks": r.chunks,
                     "ingested_at": time.strftime("%Y-%m-%d %H:%M", time.localtime(r.ingested_at))})
    return rows


def add_document(settings: Settings, upload: Path, name: str, progress: Progress | None = None) -> IngestReport:
    """Check an uploaded file's type and size, store it in the corpus folder under a safe name, index it.

    A file that cannot be read is not kept: the report says why.
    """
    upload = Path(upload)
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(f"unsupported file type '{suffix or name}' "
                            f"(supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})")
    size = upload.stat().st_size
    if size > settings.max_file_mb * 2**20:
        raise DocumentError(f"file too large ({size / 2**20:.1f} MiB; the limit is {settings.max_file_mb:g} MiB)")
    staged = upload.with_name(safe_name(name))
    if staged != upload:
        staged.write_bytes(upload.read_bytes())
    return update_index(settings, [staged], progress=progress)


def remove_document(settings: Settings, source: str, progress: Progress | None = None) -> IngestReport:
    """Delete a document from the corpus folder and its chunks from the index."""
    corpus = Path(settings.corpus_dir).resolve()
    target = (corpus / source).resolve()
    if not target.is_relative_to(corpus) or not target.is_file():
        raise DocumentError(f"no document {source!r} in the corpus")
    target.unlink()
    return update_index(settings, progress=progress)


def reindex(settings: Settings, progress: Progress | None = None) -> IngestReport:
    """Bring the index in step with the corpus folder (incremental)."""
    return update_index(settings, progress=progress)
