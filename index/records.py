"""What the index holds, kept in SQLite beside the vectors.

``SQLiteRecordManager`` is the record manager of LangChain's indexing API (one row per
chunk id, grouped by source, with the time it was last confirmed), and the ``documents``
table registers each ingested file (hash, title, pages, chunks, when) so that an unchanged
file is skipped without being read.
"""

import sqlite3
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from langchain_core.indexing import RecordManager

from corpus.errors import StoreError
from index.faults import remedy

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    key TEXT PRIMARY KEY,
    group_id TEXT,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS records_group ON records (group_id, updated_at);
CREATE TABLE IF NOT EXISTS info (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    source TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    title TEXT NOT NULL,
    pages INTEGER NOT NULL,
    chunks INTEGER NOT NULL,
    ingested_at REAL NOT NULL
);
"""


@dataclass(frozen=True)
class DocumentRecord:
    """One ingested file as the registry knows it."""

    source: str
    fingerprint: str  # bytes + metadata + chunking: what decides whether to re-index
    content_hash: str  # SHA-256 of the file's bytes
    title: str
    pages: int
    chunks: int
    ingested_at: float


class SQLiteRecordManager(RecordManager):
    """A LangChain record manager in one SQLite file (standard library only)."""

    def __init__(self, namespace: str, path: Path) -> None:
        super().__init__(namespace)
        self.path = Path(path)
        self._lock = threading.Lock()
        self._last_time = 0.0
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the index records at {self.path}: {exc}; {remedy(self.path, exc)}") from exc

    def _run(self, sql: str, params: Sequence = ()) -> list[tuple]:
        """Execute one statement under the lock, translating SQLite errors."""
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"index records at {self.path}: {exc}") from exc

    def _run_many(self, sql: str, rows: Sequence[Sequence]) -> None:
        """Execute one statement for many rows in a single transaction."""
        with self._lock:
            try:
                with self._db:
                    self._db.execute("BEGIN")
                    self._db.executemany(sql, rows)
            except sqlite3.Error as exc:
                raise StoreError(f"index records at {self.path}: {exc}") from exc

    def create_schema(self) -> None:
        """Create the tables if they are missing."""
        with self._lock:
            try:
                self._db.executescript(_SCHEMA)
            except sqlite3.Error as exc:
                raise StoreError(f"index records at {self.path}: {exc}") from exc

    def get_time(self) -> float:
        """A strictly increasing clock, so a run's start is after every earlier update."""
        with self._lock:
            self._last_time = max(time.time(), self._last_time + 1e-6)
            return self._last_time

    def update(self, keys: Sequence[str], *, group_ids: Sequence[str | None] | None = None,
               time_at_least: float | None = None) -> None:
        """Insert or refresh records, stamping them with the current time."""
        now = self.get_time()
        if time_at_least is not None and now < time_at_least:
            raise ValueError("time_at_least is in the future")
        groups = list(group_ids) if group_ids is not None else [None] * len(keys)
        if len(groups) != len(keys):
            raise ValueError("keys and group_ids must have the same length")
        self._run_many(
            "INSERT INTO records (key, group_id, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET group_id=excluded.group_id, updated_at=excluded.updated_at",
            [(key, group, now) for key, group in zip(keys, groups)],
        )

    def exists(self, keys: Sequence[str]) -> list[bool]:
        """Which of ``keys`` are recorded."""
        found: set[str] = set()
        for start in range(0, len(keys), 500):
            part = list(keys[start:start + 500])
            marks = ",".join("?" * len(part))
            found.update(r[0] for r in self._run(f"SELECT key FROM records WHERE key IN ({marks})", part))
        return [key in found for key in keys]

    def list_keys(self, *, before: float | None = None, after: float | None = None,
                  group_ids: Sequence[str] | None = None, limit: int | None = None) -> list[str]:
        """Keys filtered by update time and group."""
        clauses, params = [], []
        if before is not None:
            clauses.append("updated_at < ?")
            params.append(before)
        if after is not None:
            clauses.append("updated_at > ?")
            params.append(after)
        if group_ids is not None:
            clauses.append(f"group_id IN ({','.join('?' * len(group_ids))})")
            params.extend(group_ids)
        sql = "SELECT key FROM records"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY key"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [row[0] for row in self._run(sql, params)]

    def delete_keys(self, keys: Sequence[str]) -> None:
        """Forget these keys."""
        self._run_many("DELETE FROM records WHERE key = ?", [(key,) for key in keys])

    def groups(self, keys: Sequence[str] | None = None) -> set[str]:
        """The sources that have records (of ``keys`` only, if given)."""
        if keys is None:
            return {r[0] for r in self._run("SELECT DISTINCT group_id FROM records") if r[0]}
        found: set[str] = set()
        for start in range(0, len(keys), 500):
            part = list(keys[start:start + 500])
            marks = ",".join("?" * len(part))
            rows = self._run(f"SELECT DISTINCT group_id FROM records WHERE key IN ({marks})", part)
            found.update(r[0] for r in rows if r[0])
        return found

    def count(self) -> int:
        """How many chunks are recorded."""
        return self._run("SELECT COUNT(*) FROM records")[0][0]

    # The indexing API's async entry points are not used; they delegate to the sync ones.
    async def acreate_schema(self) -> None:
        self.create_schema()

    async def aget_time(self) -> float:
        return self.get_time()

    async def aupdate(self, keys, *, group_ids=None, time_at_least=None) -> None:
        self.update(keys, group_ids=group_ids, time_at_least=time_at_least)

    async def aexists(self, keys):
        return self.exists(keys)

    async def alist_keys(self, *, before=None, after=None, group_ids=None, limit=None):
        return self.list_keys(before=before, after=after, group_ids=group_ids, limit=limit)

    async def adelete_keys(self, keys) -> None:
        self.delete_keys(keys)

    def documents(self) -> list[DocumentRecord]:
        """Every registered file, by source."""
        rows = self._run("SELECT source, fingerprint, content_hash, title, pages, chunks, ingested_at "
                         "FROM documents ORDER BY source")
        return [DocumentRecord(*row) for row in rows]

    def document(self, source: str) -> DocumentRecord | None:
        """The registered file at ``source``, if any."""
        rows = self._run("SELECT source, fingerprint, content_hash, title, pages, chunks, ingested_at "
                         "FROM documents WHERE source = ?", (source,))
        return DocumentRecord(*rows[0]) if rows else None

    def register(self, record: DocumentRecord) -> None:
        """Record that a file is fully ingested (written last, so a crash leaves it redone)."""
        self._run("INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)",
                  (record.source, record.fingerprint, record.content_hash, record.title,
                   record.pages, record.chunks, record.ingested_at))

    def unregister(self, source: str) -> None:
        """Forget a file."""
        self._run("DELETE FROM documents WHERE source = ?", (source,))

    def get_info(self, key: str) -> str | None:
        """A value about the index as a whole (such as its format), if set."""
        rows = self._run("SELECT value FROM info WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_info(self, key: str, value: str) -> None:
        """Record a value about the index as a whole."""
        self._run("INSERT OR REPLACE INTO info VALUES (?, ?)", (key, value))

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()
