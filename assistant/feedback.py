"""Feedback on answers, appended as JSON lines for the helpdesk to review."""

import errno
import json
import os
import threading
import time
from pathlib import Path

from assistant.errors import ClusterAssistantError

_LOCK = threading.Lock()  # one writer at a time within the process; O_APPEND keeps lines whole across processes


class FeedbackError(ClusterAssistantError):
    """Feedback could not be saved."""


def record_feedback(path: Path, *, question: str, answer: str, citations: list[dict], vote: str,
                    comment: str = "") -> dict:
    """Append one feedback line (time, question, answer, citations, vote, comment) and return it.

    ``vote`` is ``like`` or ``dislike``. Each line is written with a single ``write`` on a
    file opened for appending and flushed to disk, so concurrent users lose no line.
    """
    if vote not in ("like", "dislike"):
        raise FeedbackError(f"vote must be 'like' or 'dislike', not {vote!r}")
    entry = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "question": question, "answer": answer,
             "citations": citations, "vote": vote, "comment": comment[:2000]}
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with _LOCK:
            descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
            try:
                _append_whole(descriptor, line)
            finally:
                os.close(descriptor)
    except OSError as exc:
        raise FeedbackError(f"feedback could not be saved ({exc.strerror or exc})") from exc
    return entry


def _append_whole(descriptor: int, line: bytes) -> None:
    """Append ``line`` entirely or not at all: a write cut short (a full disk) is undone."""
    size = os.fstat(descriptor).st_size
    try:
        written = os.write(descriptor, line)
        if written != len(line):
            raise OSError(errno.ENOSPC, "No space left on device")
        os.fsync(descriptor)
    except OSError:
        try:
            os.ftruncate(descriptor, size)  # never leave half a line for the next one to follow
        except OSError:
            pass
        raise
