"""Incremental ingest: keep the index in step with the corpus folder, never duplicating a chunk."""

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from langchain_core.indexing import index as langchain_index

from corpus.errors import ClusterAssistantError, DocumentError, StoreError
from corpus.files import add_to_corpus, discover, safe_name
from corpus.load import load, source_name
from corpus.metadata import read_metadata
from corpus.sentences import stops_in_list, stops_inside_sentence
from corpus.split import DEFAULT_CHUNK_SIZE, sentence_text, sentences, split
from index.embeddings import encode_vector
from index.records import DocumentRecord
from index.store import INDEX_FORMAT, Store

log = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]
STATUSES = ("added", "updated", "unchanged", "removed", "failed")


@dataclass
class FileOutcome:
    """What ingest did with one file."""

    source: str
    status: str
    chunks: int = 0
    reason: str = ""
    written: int = 0
    deleted: int = 0


@dataclass
class IngestReport:
    """The summary of one ingest run."""

    files: list[FileOutcome] = field(default_factory=list)
    chunks: int = 0
    written: int = 0  # records: a chunk and each of its sentences are one each
    deleted: int = 0
    seconds: float = 0.0

    def sources(self, status: str) -> list[str]:
        """The sources that ended with ``status``."""
        return [f.source for f in self.files if f.status == status]

    @property
    def ok(self) -> bool:
        """Whether no file failed."""
        return not self.sources("failed")

    def to_dict(self) -> dict:
        """A JSON-ready summary: counts per status, failures with reasons, chunk figures."""
        summary = {status: len(self.sources(status)) for status in STATUSES}
        summary.update(
            chunks=self.chunks, records_written=self.written, records_deleted=self.deleted,
            seconds=round(self.seconds, 3),
            failures=[{"source": f.source, "reason": f.reason} for f in self.files if f.status == "failed"],
            files=[asdict(f) for f in self.files],
        )
        return summary


def ingest(store: Store, corpus_dir: Path, paths: Iterable[Path] | None = None, *,
           chunk_size: int = DEFAULT_CHUNK_SIZE, max_file_bytes: int = 50 * 2**20,
           progress: Progress | None = None) -> IngestReport:
    """Bring ``store`` in step with the corpus folder and return what changed.

    With no ``paths`` the whole corpus folder is synchronised: new files are added, changed
    files have their chunks replaced, files gone from the folder have their chunks removed
    and unchanged files are skipped without being read. With ``paths`` only those files (or
    folders) are ingested; a file from outside the corpus folder is first checked, then
    copied in, so the folder stays the one truth about what is indexed. A file that cannot
    be read is reported with its reason and keeps whatever chunks it had; the rest goes on.
    A run stopped half-way leaves a working index that the next run repairs.
    """
    started = time.perf_counter()
    corpus_dir = Path(corpus_dir)
    report = IngestReport()
    metadata = read_metadata(corpus_dir)
    _reconcile(store)
    if store.count() == 0:  # all that is written will be in the current format
        store.records.set_info("index_format", str(INDEX_FORMAT))
    targets = discover(corpus_dir, corpus_dir) if paths is None else _expand(paths, corpus_dir)
    for done, path in enumerate(targets):
        if progress:
            progress(done, len(targets), path.name)
        report.files.append(_ingest_file(store, path, corpus_dir, metadata, chunk_size, max_file_bytes))
    if paths is None:
        keep = {source_name(path, corpus_dir) for path in targets}
        report.files.extend(_remove_missing(store, keep))
        store.records.set_info("index_format", str(INDEX_FORMAT))
    if progress:
        progress(len(targets), len(targets), "")
    report.chunks = store.count_chunks()
    report.written = sum(f.written for f in report.files)
    report.deleted = sum(f.deleted for f in report.files)
    report.seconds = time.perf_counter() - started
    return report


def fingerprint(data: bytes, metadata: dict, chunk_size: int) -> str:
    """What decides whether a file must be re-indexed: its bytes, its metadata, the chunking."""
    digest = hashlib.sha256(data)
    digest.update(json.dumps([metadata, chunk_size, INDEX_FORMAT], sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _expand(paths: Iterable[Path], corpus_dir: Path) -> list[Path]:
    """Files named on the command line, folders expanded; missing ones kept to be reported."""
    files: list[Path] = []
    for path in map(Path, paths):
        files.extend(discover(path, corpus_dir) if path.is_dir() else [path])
    return files


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` lies inside ``folder``."""
    return path.resolve().is_relative_to(folder.resolve())


def _ingest_file(store: Store, path: Path, corpus_dir: Path, metadata: dict,
                 chunk_size: int, max_file_bytes: int) -> FileOutcome:
    """Ingest one file, turning every expected failure into a reported outcome."""
    inside = _inside(path, corpus_dir)
    source = source_name(path, corpus_dir) if inside else safe_name(path.name)
    try:
        data = _read(path, max_file_bytes)
        key = fingerprint(data, metadata.get(source, {}), chunk_size)
        registered = store.records.document(source)
        in_corpus = inside or (corpus_dir / source).is_file()
        if registered and registered.fingerprint == key and in_corpus:
            return FileOutcome(source, "unchanged", registered.chunks)
        pages = load(path, corpus_dir, metadata)
        if not inside:
            path = add_to_corpus(path, corpus_dir)
            pages = [_with_source(page, source) for page in pages]
        chunks = split(pages, chunk_size)
        written, deleted = _write(store, linked(chunks, _with_sentence_vectors(store, chunks, sentences(chunks))))
        store.records.register(DocumentRecord(
            source=source, fingerprint=key, content_hash=hashlib.sha256(data).hexdigest(),
            title=pages[0].metadata["title"], pages=len(pages),
            chunks=len(chunks), ingested_at=time.time(),
        ))
    except ClusterAssistantError as exc:
        log.info("skipped %s: %s", source, exc)
        return FileOutcome(source, "failed", reason=str(exc))
    return FileOutcome(source, "updated" if registered else "added", len(chunks), written=written,
                       deleted=deleted)


def _read(path: Path, max_file_bytes: int) -> bytes:
    """A file's bytes, refusing missing, unreadable and oversized files."""
    try:
        if not path.is_file():
            raise DocumentError("no such file")
        size = path.stat().st_size
        if size > max_file_bytes:
            raise DocumentError(f"file too large ({size / 2**20:.1f} MiB; the limit is "
                                f"{max_file_bytes / 2**20:.0f} MiB)")
        return path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"cannot read file ({exc.strerror or exc})") from exc


def _with_source(page, source: str):
    """A page document re-labelled with the name it has in the corpus folder."""
    page.metadata["source"] = source
    return page


def _with_sentence_vectors(store: Store, chunks, docs):
    """Sentence records with, in their metadata, their sparse vector ("feature:weight;…") and the
    translation vector of the sentence alone (``BundledEmbeddings.translation_vectors``)."""
    if store.embeddings.has_sparse:
        for doc, vector in zip(docs, store.embeddings.sparse([d.page_content for d in docs])):
            doc.metadata["sparse"] = encode_sparse(vector)
    for doc, vector in zip(docs, store.embeddings.translation_vectors(sentences_alone(chunks, docs))):
        doc.metadata["translation"] = encode_vector(vector)
    return docs


def sentences_alone(chunks, docs) -> list[str]:
    """The sentence of each sentence record of ``chunks``, without the neighbours its text holds."""
    by_key = {chunk.metadata["chunk_key"]: chunk for chunk in chunks}
    return [sentence_text(by_key[doc.metadata["chunk_key"]], doc.metadata["start"], doc.metadata["end"])
            for doc in docs]


def record_id(doc) -> str:
    """A record's id: the SHA-256 of its text and metadata (a sentence's link to its chunk left out,
    since the chunk's id depends on its sentences' ids)."""
    metadata = {k: v for k, v in doc.metadata.items() if k != "chunk_id"}
    content = hashlib.sha256(doc.page_content.encode("utf-8")).hexdigest()
    return hashlib.sha256((content + json.dumps(metadata, sort_keys=True)).encode("utf-8")).hexdigest()


def linked(chunks, sentence_docs) -> list:
    """The chunks and their sentence records, each chunk naming its sentences' ids (and, inside a list,
    the next chunk's on its page), and each sentence its chunk's: retrieval fetches records by id,
    never by a filter that scans."""
    by_chunk: dict[str, list] = {}
    for doc in sentence_docs:
        by_chunk.setdefault(doc.metadata["chunk_key"], []).append(doc)
    # A chunk that stops inside a list, or inside a sentence (a long legal sentence cut across two
    # chunks), names the next one on its page, so that the rest is fetched by id. The page is
    # linked from its end and the link is part of the chunk's (and its sentences') ids, so a changed
    # chunk gives the chunk before it a new id too: the link is rewritten, never stale. Other chunks
    # name none, and a change stays within its chunk.
    following: dict[tuple, tuple[str, str]] = {}  # (id, text) of each chunk, by place
    for chunk in sorted(chunks, key=lambda c: (c.metadata["source"], c.metadata["page"], -c.metadata["position"])):
        meta = chunk.metadata
        own = by_chunk.get(meta["chunk_key"], [])
        next_id, next_text = following.get((meta["source"], meta["page"], meta["position"] + 1), ("", ""))
        goes_on = stops_in_list(chunk.page_content, next_text) or stops_inside_sentence(chunk.page_content, next_text)
        meta["next_chunk_id"] = next_id if goes_on else ""
        for doc in own:  # (in their ids too: a sentence record must never name a chunk id gone stale)
            doc.metadata["next_chunk_id"] = meta["next_chunk_id"]
        meta["sentence_ids"] = ",".join(record_id(doc) for doc in own)
        chunk_id = record_id(chunk)
        following[(meta["source"], meta["page"], meta["position"])] = (chunk_id, chunk.page_content)
        for doc in own:
            doc.metadata["chunk_id"] = chunk_id
    return list(chunks) + list(sentence_docs)


def encode_sparse(vector: dict[int, float]) -> str:
    """A sparse vector as compact text, for Chroma metadata."""
    return ";".join(f"{i}:{v:.3f}" for i, v in sorted(vector.items()))


def decode_sparse(text: str) -> dict[int, float]:
    """The inverse of ``encode_sparse``."""
    return {int(i): float(v) for i, v in (item.split(":") for item in text.split(";") if item)}


def _write(store: Store, chunks) -> tuple[int, int]:
    """Index one file's chunks, returning how many were written and deleted.

    The record manager skips chunks already indexed and deletes the file's stale ones.
    """
    try:
        result = langchain_index(
            chunks, store.records, store.vector_store, cleanup="scoped_full",
            source_id_key="source", key_encoder=record_id, batch_size=64,
        )
        relinked = _relink(store, chunks)
    except ClusterAssistantError:
        raise
    except Exception as exc:  # chromadb raises many types; all mean the write failed
        raise StoreError(f"writing to the index failed ({type(exc).__name__}: {exc})") from exc
    written, deleted = result["num_added"] + result["num_updated"] + relinked, result["num_deleted"]
    if written or deleted:
        store.mark_changed()
    return written, deleted


def _relink(store: Store, docs) -> int:
    """Point the sentence records the write kept at their chunk's id, returning how many it changed.

    A sentence record's id leaves out its chunk's id (which depends on its sentences' ids), so a
    sentence unchanged in a chunk that changed (a neighbour's edit changed another of its sentences)
    keeps its record, and the record would name the chunk's old, deleted id.
    """
    sentences = {record_id(doc): doc.metadata for doc in docs if doc.metadata.get("kind") == "sentence"}
    if not sentences:
        return 0
    got = store.collection.get(ids=list(sentences), include=["metadatas"])
    stale = [record for record, meta in zip(got["ids"], got["metadatas"])
             if meta.get("chunk_id") != sentences[record]["chunk_id"]]
    if stale:
        store.collection.update(ids=stale, metadatas=[sentences[record] for record in stale])
    return len(stale)


def _remove_missing(store: Store, keep: set[str]) -> list[FileOutcome]:
    """Remove the chunks of every source that is no longer in the corpus folder."""
    known = {record.source for record in store.records.documents()} | store.records.groups()
    outcomes = []
    for source in sorted(known - keep):
        keys = store.records.list_keys(group_ids=[source])
        # Vectors first, then records: a crash in between is redone by the next run.
        store.collection.delete(where={"source": source})
        store.records.delete_keys(keys)
        store.records.unregister(source)
        store.mark_changed()
        outcomes.append(FileOutcome(source, "removed", len(keys), deleted=len(keys)))
    return outcomes


def _reconcile(store: Store) -> None:
    """Repair what a crash between a vector write and its record leaves behind.

    Vectors without a record are deleted; records without a vector are dropped and their
    file unregistered, so this run indexes it again.
    """
    if store.count() == store.records.count():
        return
    log.warning("index and its records disagree; repairing")
    vector_ids = set(store.collection.get(include=[])["ids"])
    record_ids = set(store.records.list_keys())
    orphans = sorted(vector_ids - record_ids)
    for start in range(0, len(orphans), 1000):
        store.collection.delete(ids=orphans[start:start + 1000])
    lost = sorted(record_ids - vector_ids)
    store.mark_changed()
    if lost:
        sources = store.records.groups(lost)
        store.records.delete_keys(lost)
        for source in sources:
            store.records.unregister(source)
