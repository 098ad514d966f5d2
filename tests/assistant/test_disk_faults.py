"""A full or read-only data folder: ingest and feedback fail cleanly, and nothing that was there is lost.

The data folder is a real small file system (tmpfs) mounted for the test, filled up or
remounted read-only: the failures are the operating system's own, not simulated.
"""

import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from assistant.errors import ClusterAssistantError, StoreError
from assistant.feedback import FeedbackError, list_feedback, record_feedback
from assistant.indexing import open_index, update_index
from assistant.pipeline import Assistant
from assistant.settings import Settings

QUESTION = "How many companies belong to the French competitiveness clusters?"
NEW_DOCUMENT = ("Cluster funding note.\n\nThe Aerospace Valley cluster gathers 600 members in two regions. "
                "Its projects received 300 million euros of public funding.\n") * 6


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def small_disk(tmp_path):
    """A 16 MiB file system of its own at tmp_path/disk (skipped where mounting is not allowed)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=16m", "tmpfs", str(disk)):
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


@contextmanager
def read_only(settings: Settings, disk: Path):
    """The settings with their data folder seen through a read-only mount of it, for the duration.

    (Remounting the disk itself read-only is refused while Chroma keeps files open on it.)
    """
    view = disk.parent / "read-only-view"
    view.mkdir(exist_ok=True)
    assert _mount("--bind", str(disk), str(view)) and _mount("-o", "remount,bind,ro", str(view))
    try:
        yield Settings(corpus_dir=settings.corpus_dir, data_dir=view / settings.data_dir.relative_to(disk))
    finally:
        subprocess.run(["umount", "-l", str(view)], check=False)


@contextmanager
def full(settings: Settings, disk: Path):
    """The file system filled to its last byte for the duration."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as handle:
        for size in (2**20, 4096, 1):  # big writes, then ever smaller ones for the last bytes
            try:
                while handle.write(b"\0" * size):
                    pass
            except OSError:
                pass
    try:
        yield settings
    finally:
        filler.unlink()


def snapshot(settings: Settings) -> tuple[int, set[str], str]:
    """What the index holds and answers: its record count, its ids, and the answer to a question."""
    store = open_index(settings)
    try:
        ids = set(store.collection.get(include=[])["ids"])
        reply = Assistant(store, settings).ask(QUESTION)
        return len(ids), ids, reply.text
    finally:
        store.close()


@pytest.fixture
def indexed(built_brochure, small_disk, tmp_path):
    """Settings whose data folder is on the small disk, with the brochure indexed and one feedback item."""
    shutil.copytree(built_brochure / "corpus", tmp_path / "corpus")
    shutil.copytree(built_brochure / "data", small_disk / "data")
    settings = Settings(corpus_dir=tmp_path / "corpus", data_dir=small_disk / "data")
    record_feedback(settings.feedback_db, question="q0", answer="a0", citations=[], vote="like")
    return settings, small_disk


@pytest.mark.parametrize("fault", [read_only, full], ids=["read-only", "full"])
def test_ingest_on_a_broken_data_folder_fails_cleanly_and_keeps_the_index(indexed, fault, built_brochure, tmp_path):
    settings, disk = indexed
    before = snapshot(settings)
    (settings.corpus_dir / "note.txt").write_text(NEW_DOCUMENT, encoding="utf-8")
    with fault(settings, disk) as broken:
        try:
            report = update_index(broken)
        except ClusterAssistantError as exc:
            assert "Traceback" not in str(exc) and str(exc)
        else:
            failed = {f.source: f.reason for f in report.files if f.status == "failed"}
            assert "note.txt" in failed, report.files
    assert snapshot(settings) == before  # the index still opens and answers as before
    report = update_index(settings)  # with room again, the next run finishes the work
    assert [f.status for f in report.files if f.source == "note.txt"] == ["added"]
    # A clean run: the session's build of the brochure, then the note ingested without a fault.
    shutil.copytree(built_brochure / "data", tmp_path / "clean")
    clean = Settings(corpus_dir=settings.corpus_dir, data_dir=tmp_path / "clean")
    update_index(clean)
    assert snapshot(settings)[:2] == snapshot(clean)[:2]  # exactly the state of a clean build


@pytest.mark.parametrize("fault", [read_only, full], ids=["read-only", "full"])
def test_feedback_on_a_broken_data_folder_fails_cleanly_and_keeps_earlier_items(indexed, fault):
    settings, disk = indexed
    before = list_feedback(settings.feedback_db)
    with fault(settings, disk) as broken:
        for n in range(20):  # a long comment too, so a write could be cut in the middle
            with pytest.raises(FeedbackError, match=r"^feedback could not be saved \(") as raised:
                record_feedback(broken.feedback_db, question=f"q{n}", answer="a" * 5000, citations=[],
                                vote="dislike", comment="c" * 1999)
            assert "Traceback" not in str(raised.value)
            assert ("the disk is full" if fault is full else "the data folder is read-only") in str(raised.value)
    assert list_feedback(settings.feedback_db) == before  # the earlier item, unchanged
    record_feedback(settings.feedback_db, question="q1", answer="a1", citations=[], vote="like")
    assert [item["question"] for item in list_feedback(settings.feedback_db)] == ["q1", "q0"]


def test_a_running_assistant_keeps_answering_when_the_disk_fills(indexed):
    settings, disk = indexed
    expected = snapshot(settings)[2]
    assistant = Assistant.open(settings)
    try:
        with full(settings, disk):
            assert assistant.ask(QUESTION).text == expected
            # A second process opens it too, or says the disk is full (never "rebuild", which deletes).
            try:
                second = Assistant.open(settings)
            except StoreError as exc:
                assert "disk is full" in str(exc) and "--rebuild" not in str(exc)
            else:
                assert second.ask(QUESTION).text == expected
                second.close()
    finally:
        assistant.close()
    assert snapshot(settings)[2] == expected


def test_a_read_only_data_folder_is_named_as_the_problem_not_the_index(indexed):
    settings, disk = indexed
    before = snapshot(settings)
    with read_only(settings, disk) as broken:
        # Chroma writes when it opens a store, so it cannot serve from a read-only folder: the
        # message must say so, and must not advise a rebuild (which would delete the index).
        with pytest.raises(StoreError, match="data folder must be writable") as raised:
            Assistant.open(broken)
        assert "--rebuild" not in str(raised.value)
    assert snapshot(settings) == before
