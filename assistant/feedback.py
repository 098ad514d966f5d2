"""Feedback on answers, kept in a small SQLite database that the helpdesk reviews and annotates.

Each public function opens its own short-lived connection, so threads never share one. The
database runs in WAL mode with full syncs: a reader never blocks a writer, a committed item
survives a power cut, and a write that fails (a full or read-only disk) leaves the earlier items
as they were. Every database or file error becomes a ``FeedbackError`` with a plain message.
"""

import csv
import hashlib
import io
import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

from assistant.errors import ClusterAssistantError
from assistant.matching import fold
from index.faults import folder_problem

VOTES = ("like", "dislike")
MAX_TEXT = 2000  # characters kept of a comment or a review note
SCHEMA_VERSION = 1  # PRAGMA user_version: raise it, with a migration step, when the table changes
BUSY_TIMEOUT = 10.0  # seconds a connection waits for another one's write before giving up
CSV_COLUMNS = ["id", "time", "vote", "question", "answer", "cited", "comment", "reviewed", "reviewed_at", "note"]
ITEM_KEYS = ("id", "time", "vote", "question", "answer", "citations", "comment", "reviewed", "reviewed_at", "note")
_COLUMNS = ", ".join(ITEM_KEYS)
_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS feedback (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        time TEXT NOT NULL,
        vote TEXT NOT NULL CHECK (vote IN ('like', 'dislike')),
        question TEXT NOT NULL,
        answer TEXT NOT NULL DEFAULT '',
        citations TEXT NOT NULL DEFAULT '[]',
        comment TEXT NOT NULL DEFAULT '',
        reviewed INTEGER NOT NULL DEFAULT 0,
        reviewed_at TEXT,
        note TEXT NOT NULL DEFAULT '',
        origin TEXT UNIQUE
    )""",
    "CREATE INDEX IF NOT EXISTS feedback_by_time ON feedback (time, id)",
]
# Cells a spreadsheet would run as a formula (or that hide one behind a tab or carriage return).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Switching a new database to WAL takes an exclusive lock that does not wait on the busy
# timeout: threads of this process set the schema up one at a time.
_SETUP_LOCK = threading.Lock()


class FeedbackError(ClusterAssistantError):
    """Feedback could not be saved or read."""


def record_feedback(db: Path, *, question: str, answer: str, citations: list[dict], vote: str,
                    comment: str = "") -> dict:
    """Store one item of feedback on an answer and return it (see ``list_feedback`` for its keys).

    ``vote`` is ``like`` or ``dislike``; the comment is cut to 2000 characters. The folder and
    the database are created on first use. Raises ``FeedbackError`` for a bad vote, or with a
    message starting "feedback could not be saved (" when the disk refuses the write.
    """
    _check_vote(vote)
    with _failing_as("saved", db):
        row = (_now(), vote, question, answer, _citations_json(citations), comment[:MAX_TEXT])
        with closing(_open_for_writing(db)) as connection, _transaction(connection):
            cursor = connection.execute(
                "INSERT INTO feedback (time, vote, question, answer, citations, comment) VALUES (?, ?, ?, ?, ?, ?)",
                row)
            return _item(connection, cursor.lastrowid)


def list_feedback(db: Path, *, vote: str | None = None, text: str | None = None, since: date | None = None,
                  until: date | None = None, limit: int | None = None) -> list[dict]:
    """The stored items, newest first (by time, then id), optionally filtered.

    Each item is a dict: ``id``, ``time`` (ISO 8601, UTC), ``vote``, ``question``, ``answer``,
    ``citations`` (a list of dicts), ``comment``, ``reviewed`` (bool), ``reviewed_at`` (ISO 8601
    or None) and ``note``. ``vote`` keeps likes or dislikes; ``text`` keeps items whose question,
    answer or comment contains it, ignoring case and accents; ``since`` and ``until`` are dates,
    both included, compared with the item's UTC date; ``limit`` caps how many are returned. A
    database not created yet holds nothing.
    """
    if vote is not None:
        _check_vote(vote)
    clauses, parameters = [], []
    if vote is not None:
        clauses.append("vote = ?")
        parameters.append(vote)
    if since is not None:
        clauses.append("substr(time, 1, 10) >= ?")  # ISO times start with their date: no parsing
        parameters.append(_day(since))
    if until is not None:
        clauses.append("substr(time, 1, 10) <= ?")
        parameters.append(_day(until))
    if text:
        clauses.append("(instr(fold(question), ?) OR instr(fold(answer), ?) OR instr(fold(comment), ?))")
        parameters.extend([fold(text)] * 3)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    parameters.append(-1 if limit is None else max(limit, 0))  # LIMIT -1: no limit
    with _failing_as("read", db):
        connection = _open_for_reading(db)
        if connection is None:
            return []
        with closing(connection):
            connection.create_function("fold", 1, _fold, deterministic=True)
            rows = connection.execute(
                f"SELECT {_COLUMNS} FROM feedback {where} ORDER BY time DESC, id DESC LIMIT ?", parameters)
            return [_as_dict(row) for row in rows]


def mark_reviewed(db: Path, item_id: int, *, note: str = "", reviewed: bool = True) -> dict:
    """Mark an item reviewed (or not) with a note, and return it as updated.

    The note (cut to 2000 characters) replaces the previous one; ``reviewed_at`` is the time of
    the review, or None once the item is marked not reviewed. Raises ``FeedbackError`` "no
    feedback item N" for an unknown id, or "feedback could not be saved (...)" on a disk error.
    """
    if isinstance(item_id, bool) or not isinstance(item_id, int):
        raise FeedbackError(f"no feedback item {item_id!r}")
    if not Path(db).exists():  # a review creates no database
        raise FeedbackError(f"no feedback item {item_id}")
    with _failing_as("saved", db), closing(_open_for_writing(db)) as connection, _transaction(connection):
        cursor = connection.execute(
            "UPDATE feedback SET reviewed = ?, reviewed_at = ?, note = ? WHERE id = ?",
            (int(bool(reviewed)), _now() if reviewed else None, note[:MAX_TEXT], item_id))
        if cursor.rowcount == 0:
            raise FeedbackError(f"no feedback item {item_id}")
        return _item(connection, item_id)


def feedback_csv(items: list[dict]) -> str:
    """The items as CSV text with a header row, for a spreadsheet.

    Columns: id, time, vote, question, answer, cited ("source p. N; source p. M"), comment,
    reviewed (yes/no), reviewed_at, note. A cell a spreadsheet would take for a formula (one
    starting with = + - @, a tab or a carriage return) is prefixed with an apostrophe.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for item in items:
        values = {**item, "cited": cited_pages(item.get("citations") or []),
                  "reviewed": "yes" if item.get("reviewed") else "no"}
        writer.writerow([_safe_cell(values.get(column)) for column in CSV_COLUMNS])
    return buffer.getvalue()


def import_jsonl(db: Path, jsonl: Path) -> dict:
    """Import the old JSON-lines feedback log into the database, once.

    Each line (time, question, answer, citations, vote, comment) becomes an item keeping its
    time, turned to UTC when it carries an offset. A line is remembered by its SHA-256, so a
    second call, even after lines were appended, imports only the new ones. Lines that are not
    JSON, or lack a question, a vote or a time, are counted and skipped. The log itself is only
    read, never changed. Returns ``{"imported": new, "already": seen before, "unreadable": bad}``.
    """
    with _failing_as("read", jsonl):
        try:
            lines = Path(jsonl).read_bytes().split(b"\n")
        except FileNotFoundError:
            return {"imported": 0, "already": 0, "unreadable": 0}
    rows, unreadable = [], 0
    for origin, line in _origins(lines):
        row = _imported_row(line)
        if row is None:
            unreadable += 1
        else:
            rows.append((*row, origin))
    if not rows:
        return {"imported": 0, "already": 0, "unreadable": unreadable}
    with _failing_as("saved", db), closing(_open_for_writing(db)) as connection:
        before = connection.total_changes
        with _transaction(connection):
            connection.executemany(
                "INSERT OR IGNORE INTO feedback (time, vote, question, answer, citations, comment, origin)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        imported = connection.total_changes - before
    return {"imported": imported, "already": len(rows) - imported, "unreadable": unreadable}


@contextmanager
def _failing_as(action: str, path: Path) -> Iterator[None]:
    """Turn a database or file error about ``path`` into a FeedbackError "feedback could not be <action> (…)"."""
    try:
        yield
    except (sqlite3.Error, OSError) as exc:
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
        # SQLite reports a full disk as a mere "disk I/O error" when it cannot map its -shm file.
        problem = {"full": "the disk is full", "read-only": "the data folder is read-only"}.get(folder_problem(path))
        if problem and problem not in detail:
            detail = f"{detail}: {problem}"
        raise FeedbackError(f"feedback could not be {action} ({detail})") from exc


def _open_for_writing(db: Path) -> sqlite3.Connection:
    """A connection to the database, created (folder, file, table) if needed."""
    db = Path(db)
    db.parent.mkdir(parents=True, exist_ok=True)
    if not db.exists():
        # Feedback holds users' questions: not for every account on the machine. SQLite gives
        # its -wal and -shm files the permissions of the database file.
        os.close(os.open(db, os.O_WRONLY | os.O_CREAT, 0o640))
    connection = _connect(str(db), uri=False)
    try:
        connection.execute("PRAGMA synchronous = FULL")  # a commit is on disk before it returns
        _ensure_schema(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def _open_for_reading(db: Path) -> sqlite3.Connection | None:
    """A connection to an existing database holding the table, or None when there is none yet."""
    db = Path(db)
    if not db.exists():
        return None
    # mode=rw: never creates the file (it may have gone since), yet still falls back to read-only.
    connection = _connect(f"{db.absolute().as_uri()}?mode=rw", uri=True)
    try:
        if not connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'feedback'").fetchone():
            connection.close()
            return None
        _check_version(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def _connect(target: str, *, uri: bool) -> sqlite3.Connection:
    """An autocommit connection that waits up to BUSY_TIMEOUT for other writers."""
    # isolation_level=None: transactions are begun explicitly (BEGIN IMMEDIATE), see _transaction.
    connection = sqlite3.connect(target, uri=uri, timeout=BUSY_TIMEOUT, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
    return connection


def _ensure_schema(connection: sqlite3.Connection) -> None:
    """Switch the database to WAL and create the table, unless that was done before."""
    mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
    if mode == "wal" and _check_version(connection) >= SCHEMA_VERSION:
        return
    with _SETUP_LOCK:
        connection.execute("PRAGMA journal_mode = WAL")  # persistent: stored in the database file
        with _transaction(connection):
            if _check_version(connection) < SCHEMA_VERSION:
                for statement in _SCHEMA:
                    connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _check_version(connection: sqlite3.Connection) -> int:
    """The schema version of the database, refused when a newer program wrote it."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise sqlite3.DatabaseError(f"the feedback database has schema version {version}; "
                                    f"this program knows up to {SCHEMA_VERSION}")
    return version


@contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[None]:
    """A write transaction, committed at the end or rolled back on any error."""
    # IMMEDIATE takes the write lock up front, so waiting for it honours the busy timeout
    # instead of failing when a read would have to become a write.
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        try:
            connection.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # SQLite already rolled back (a full disk, for one); the original error matters
        raise
    connection.execute("COMMIT")


def _item(connection: sqlite3.Connection, item_id: int) -> dict:
    """One stored item as a dict."""
    return _as_dict(connection.execute(f"SELECT {_COLUMNS} FROM feedback WHERE id = ?", (item_id,)).fetchone())


def _as_dict(row: tuple) -> dict:
    """A row of _COLUMNS as an item dict."""
    item = dict(zip(ITEM_KEYS, row))
    item["citations"] = json.loads(item["citations"])
    item["reviewed"] = bool(item["reviewed"])
    return item


def _check_vote(vote: str) -> None:
    """Refuse a vote other than like or dislike."""
    if vote not in VOTES:
        raise FeedbackError(f"vote must be 'like' or 'dislike', not {vote!r}")


def _citations_json(citations: list[dict]) -> str:
    """The citations as JSON text, or a FeedbackError when they are not JSON data."""
    try:
        return json.dumps(list(citations), ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise FeedbackError(f"feedback could not be saved (citations are not JSON data: {exc})") from exc


def _now() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _day(day: date) -> str:
    """A date (or a datetime's date) as YYYY-MM-DD."""
    return day.isoformat()[:10]


def _fold(value: str | None) -> str:
    """fold() for SQL, where a value may be NULL."""
    return fold(value) if value else ""


def _origins(lines: list[bytes]) -> Iterator[tuple[str, bytes]]:
    """Each non-blank line with its identity: its SHA-256, and "#n" for its n-th repetition."""
    seen: dict[str, int] = {}
    for line in lines:
        line = line.rstrip(b"\r")
        if not line.strip():
            continue
        digest = hashlib.sha256(line).hexdigest()
        # Two users may send the very same feedback within a second: both lines are kept.
        seen[digest] = seen.get(digest, 0) + 1
        yield (digest if seen[digest] == 1 else f"{digest}#{seen[digest]}"), line


def _imported_row(line: bytes) -> tuple | None:
    """(time, vote, question, answer, citations, comment) from a line of the old log, or None."""
    try:
        entry = json.loads(line.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError is one too
        return None
    if not isinstance(entry, dict):
        return None
    question, vote, moment = entry.get("question"), entry.get("vote"), _utc_time(entry.get("time"))
    answer, comment, citations = entry.get("answer", ""), entry.get("comment", ""), entry.get("citations", [])
    if not isinstance(question, str) or not question or vote not in VOTES or moment is None:
        return None
    if not isinstance(answer, str) or not isinstance(comment, str) or not isinstance(citations, list):
        return None
    return moment, vote, question, answer, json.dumps(citations, ensure_ascii=False), comment[:MAX_TEXT]


def _utc_time(value: object) -> str | None:
    """An ISO 8601 time in UTC when it has an offset, as written when it has none; None if not a time."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        return value.strip()
    return moment.astimezone(UTC).isoformat()


def cited_pages(citations: list) -> str:
    """The cited pages, "source p. N; source p. M", each once in citation order."""
    pages = []
    for citation in citations:
        if not isinstance(citation, dict):
            continue
        source, page = citation.get("source"), citation.get("page")
        label = " ".join(part for part in (str(source or ""), f"p. {page}" if page is not None else "") if part)
        if label and label not in pages:
            pages.append(label)
    return "; ".join(pages)


def _safe_cell(value: object) -> str:
    """A CSV cell as text, with an apostrophe before anything a spreadsheet would evaluate."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text
