"""Opening the Chroma store: the vectors, plus the records of what they hold."""

import logging
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from corpus.errors import IndexMismatchError, IndexMissingError, StoreError
from index.embeddings import BundledEmbeddings
from index.faults import remedy
from index.records import SQLiteRecordManager

DEFAULT_COLLECTION = "cluster_policy"
# What ingest writes, in version: part of every file's fingerprint, so that the next ingest
# rewrites an index built by an older version, which cannot be searched until then.
INDEX_FORMAT = 19  # 19: a chunk that stops inside a sentence names the next one
RECORDS_FILE = "records.sqlite3"
CHANGED_KEY = "changed_at_ns"  # the records' info key ``Store.mark_changed`` sets
CHROMA_DIR = "chroma"
log = logging.getLogger(__name__)


@dataclass
class Store:
    """An open index: the LangChain vector store, its Chroma collection and its records."""

    vector_store: object  # langchain_chroma.Chroma, imported lazily
    records: SQLiteRecordManager
    embeddings: BundledEmbeddings
    path: Path

    @property
    def collection(self):
        """The underlying ``chromadb`` collection."""
        return self.vector_store._collection

    def count(self) -> int:
        """How many records (chunks and their sentences) the collection holds."""
        try:
            return self.collection.count()
        except Exception as exc:  # chromadb raises many types; all mean the store failed
            raise StoreError(f"the index at {self.path} cannot be read: {exc}") from exc

    def version(self) -> tuple[int, str | None]:
        """What changes whenever an ingest changes the index: its record count, and the stamp
        ingest leaves on every write or deletion (an edit may keep the count)."""
        return self.count(), self.records.get_info(CHANGED_KEY)

    def mark_changed(self) -> None:
        """Stamp the index as changed (``version``), after a write or a deletion."""
        self.records.set_info(CHANGED_KEY, str(time.time_ns()))

    def count_chunks(self) -> int:
        """How many chunks (not sentences) the collection holds."""
        try:
            return len(self.collection.get(where={"kind": "chunk"}, include=[])["ids"])
        except Exception as exc:  # chromadb raises many types; all mean the store failed
            raise StoreError(f"the index at {self.path} cannot be read: {exc}") from exc

    def close(self) -> None:
        """Release the records database (Chroma's client closes with the process)."""
        self.records.close()


@dataclass(frozen=True)
class ChromaServer:
    """Where a Chroma server listens (``chroma run``), and the headers it wants (auth)."""

    host: str
    port: int = 8000
    ssl: bool = False
    headers: dict = field(default_factory=dict, repr=False)  # may hold a token: kept out of logs

    def __str__(self) -> str:
        return f"{'https' if self.ssl else 'http'}://{self.host}:{self.port}"


def open_store(index_dir: Path, embeddings: BundledEmbeddings, *, collection: str = DEFAULT_COLLECTION,
               create: bool = True, server: ChromaServer | None = None) -> Store:
    """Open (or, with ``create``, make) the index in ``index_dir`` for ``embeddings``.

    With a ``server``, the vectors live in that Chroma server's collection and only the
    records of what was ingested stay in ``index_dir``; an instance that only answers
    needs no records there. Raises ``IndexMissingError`` when there is no index and
    ``create`` is false, ``IndexMismatchError`` when the index was built with another
    embedding model, and ``StoreError`` when Chroma cannot open what is there.
    """
    index_dir = Path(index_dir)
    chroma_dir = index_dir / CHROMA_DIR
    if server is None and not create and not (chroma_dir / "chroma.sqlite3").exists():
        raise IndexMissingError(
            f"no index at {index_dir}: build it with `cluster-assistant ingest`"
        )
    try:
        (index_dir if server else chroma_dir).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the index folder {index_dir}: {exc}") from exc
    client = _client(chroma_dir, server)
    where = str(server) if server else str(index_dir)
    vector_store = _open_chroma(client, where, collection, embeddings, create, chroma_dir)
    _check_model(vector_store._collection, embeddings, where)
    records = SQLiteRecordManager(f"chroma/{collection}", index_dir / RECORDS_FILE)
    records.create_schema()
    written_in = records.get_info("index_format")
    # An instance that only reads a shared server has no records: the ingesting one checks the format.
    reader_only = server is not None and written_in is None
    if not create and not reader_only and written_in != str(INDEX_FORMAT):
        records.close()
        raise IndexMismatchError(
            f"the index at {where} was built by another version of the assistant; "
            "update it with `cluster-assistant ingest`"
        )
    return Store(vector_store=vector_store, records=records, embeddings=embeddings, path=index_dir)


def remove_store(index_dir: Path, *, server: ChromaServer | None = None,
                 collection: str = DEFAULT_COLLECTION) -> None:
    """Delete an index (its folder's contents, and its collection on the server), for a rebuild."""
    from chromadb.api.client import SharedSystemClient

    index_dir = Path(index_dir)
    if server is not None:
        client = _client(index_dir / CHROMA_DIR, server)
        try:
            if collection in {c.name for c in client.list_collections()}:
                client.delete_collection(collection)
        except Exception as exc:  # chromadb raises many types; all mean the server failed
            raise StoreError(f"cannot delete the collection {collection!r} on {server}: {exc}") from exc
    # Chroma caches one client per path in the process; a stale one would keep the old data.
    SharedSystemClient.clear_system_cache()
    for name in (CHROMA_DIR, RECORDS_FILE, RECORDS_FILE + "-wal", RECORDS_FILE + "-shm"):
        target = index_dir / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()


def _client(chroma_dir: Path, server: ChromaServer | None):
    """A Chroma client: persistent in ``chroma_dir``, or over HTTP to ``server``."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if server is None:
            return chromadb.PersistentClient(path=str(chroma_dir), settings=settings)
        return chromadb.HttpClient(host=server.host, port=server.port, ssl=server.ssl,
                                   headers=dict(server.headers), settings=settings)
    except Exception as exc:  # chromadb raises many types; all mean the store cannot open
        if server is not None:
            raise StoreError(f"cannot reach the Chroma server at {server.host}:{server.port} ({exc}); start it "
                             "with `chroma run --path DB_FOLDER --port PORT` or check CLUSTER_ASSISTANT_CHROMA_HOST "
                             "and _PORT") from exc
        raise StoreError(f"cannot open the index at {chroma_dir.parent} ({type(exc).__name__}: {exc}); "
                         + remedy(chroma_dir, exc)) from exc


def _open_chroma(client, where: str, collection: str, embeddings: BundledEmbeddings, create: bool,
                 chroma_dir: Path):
    """A LangChain Chroma store on ``client``, with Chroma's errors translated."""
    from langchain_chroma import Chroma

    try:
        if not create and collection not in {c.name for c in client.list_collections()}:
            raise IndexMissingError(
                f"the index at {where} has no collection {collection!r}: build it with `cluster-assistant ingest`"
            )
        # Passing our embeddings keeps Chroma from reaching for its default model, which
        # would download weights; the model id in the metadata guards against mixing models.
        return Chroma(
            collection_name=collection,
            embedding_function=embeddings,
            client=client,
            collection_metadata={"embedding_model": embeddings.model_id, "hnsw:space": "cosine"},
        )
    except IndexMissingError:
        raise
    except Exception as exc:  # chromadb raises many types; all mean the store cannot open
        raise StoreError(f"cannot open the index at {where} ({type(exc).__name__}: {exc}); "
                         + remedy(chroma_dir, exc)) from exc


def _check_model(collection, embeddings: BundledEmbeddings, index_dir) -> None:
    """Refuse an index built by another embedding model: its vectors are not comparable."""
    built_with = (collection.metadata or {}).get("embedding_model")
    if built_with and built_with != embeddings.model_id:
        raise IndexMismatchError(
            f"the index at {index_dir} was built with {built_with}, but the configured model is "
            f"{embeddings.model_id}; rebuild it with `cluster-assistant ingest --rebuild` "
            "or set the embedding model back"
        )
