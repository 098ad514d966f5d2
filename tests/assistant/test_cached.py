"""What is derived from a whole index is built again after every ingest that changes it."""

from assistant.cached import PerIndex
from index.ingest import ingest


def test_an_edit_that_keeps_the_record_count_still_rebuilds_the_derived_view(store, empty_corpus):
    note = empty_corpus / "note.txt"
    note.write_text("The Aqua cluster counts 412 firms. Its projects received 18 million euros.", encoding="utf-8")
    ingest(store, empty_corpus)
    built = []
    view = PerIndex(lambda s: built.append(s.count()) or len(built))
    assert view.get(store) == view.get(store) == 1  # built once while nothing changes
    count = store.count()
    note.write_text("The Aqua cluster counts 412 firms. Its projects received 19 million euros.", encoding="utf-8")
    assert ingest(store, empty_corpus).written > 0
    assert store.count() == count  # the same number of records, other contents
    assert view.get(store) == 2
    assert ingest(store, empty_corpus).written == 0 and view.get(store) == 2  # nothing written: kept
