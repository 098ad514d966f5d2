import pytest

from assistant.documents import add_document, list_documents, remove_document
from assistant.errors import DocumentError
from assistant.settings import Settings


@pytest.fixture
def settings(corpus_dir, tmp_path):
    return Settings(corpus_dir=corpus_dir, data_dir=tmp_path / "data", max_file_mb=0.01)


def test_add_checks_type_and_size_and_stores_a_safe_name(settings, tmp_path):
    upload = tmp_path / "upload.bin"
    upload.write_text("The FUI funds projects.", encoding="utf-8")
    with pytest.raises(DocumentError, match="unsupported file type"):
        add_document(settings, upload, "run.sh")
    report = add_document(settings, upload, "../../Évaluation FUI.txt")
    assert report.sources("added") == ["Evaluation-FUI.txt"]
    assert (settings.corpus_dir / "Evaluation-FUI.txt").exists()
    big = tmp_path / "big.txt"
    big.write_text("word " * 5000, encoding="utf-8")
    with pytest.raises(DocumentError, match="too large"):
        add_document(settings, big, "big.txt")
    sources = [d["source"] for d in list_documents(settings)]
    assert sources == ["Evaluation-FUI.txt"]  # only what was added: this index was never built in full


def test_remove_deletes_the_file_and_its_chunks_but_nothing_outside(settings, tmp_path):
    (settings.corpus_dir / "note.txt").write_text("A note.", encoding="utf-8")
    add_document(settings, settings.corpus_dir / "note.txt", "note.txt")
    outside = tmp_path / "secret.txt"
    outside.write_text("keep me", encoding="utf-8")
    for bad in ("../secret.txt", str(outside), "missing.pdf"):
        with pytest.raises(DocumentError, match="no document"):
            remove_document(settings, bad)
    assert outside.exists()
    report = remove_document(settings, "note.txt")
    assert report.sources("removed") == ["note.txt"] and not (settings.corpus_dir / "note.txt").exists()
