import time

import pytest
from pdfs import write_bomb_pdf, write_pdf

from corpus.errors import DocumentError
from corpus.load import load

BROCHURE = "competitiveness-clusters-in-france.pdf"


def page_of(docs, phrase):
    return [d.metadata["page"] for d in docs if phrase in d.page_content]


def test_brochure_pages_are_numbered_from_one(corpus_dir):
    docs = load(corpus_dir / BROCHURE, corpus_dir)
    assert [d.metadata["page"] for d in docs] == [1, 2, 3, 4, 5]
    assert page_of(docs, "SafeTrans") == [3]
    assert page_of(docs, "Microvax") == [4]
    assert page_of(docs, "count 7,200 firms") == [1]


def test_brochure_metadata_comes_from_the_metadata_file(corpus_dir):
    meta = load(corpus_dir / BROCHURE, corpus_dir)[0].metadata
    assert meta["title"] == "Competitiveness clusters in France"
    assert meta["source"] == BROCHURE
    assert meta["year"] == 2010 and meta["language"] == "en"
    assert len(meta["content_hash"]) == 32
    assert "competitivite.gouv.fr" in meta["url"]


def test_pdf_title_falls_back_to_the_pdf_then_the_file_name(empty_corpus):
    write_pdf(empty_corpus / "with-title.pdf", ["Text."], title="Annual report")
    write_pdf(empty_corpus / "no_title_2011.pdf", ["Text."])
    assert load(empty_corpus / "with-title.pdf", empty_corpus)[0].metadata["title"] == "Annual report"
    assert load(empty_corpus / "no_title_2011.pdf", empty_corpus)[0].metadata["title"] == "No title 2011"


def test_source_is_relative_to_the_corpus_folder(empty_corpus):
    (empty_corpus / "sub").mkdir()
    (empty_corpus / "sub" / "note.txt").write_text("A note about clusters.", encoding="utf-8")
    assert load(empty_corpus / "sub" / "note.txt", empty_corpus)[0].metadata["source"] == "sub/note.txt"


def test_text_markdown_and_html_are_one_page_each(empty_corpus):
    (empty_corpus / "a.txt").write_text("Plain text about \nclusters.", encoding="utf-8")
    (empty_corpus / "b.md").write_text("# Cluster guide\n\nSome *text* here.\n\n- item one\n- item two\n",
                                       encoding="utf-8")
    (empty_corpus / "c.html").write_text(
        "<html><head><title>Web page</title><script>var x = 'hidden';</script></head>"
        "<body><h1>Heading</h1><p>First paragraph.</p><p>Second &amp; last.</p>"
        "<p>Steps:</p><ul><li>Fill in the form;</li><li><b>Sign</b> the charter.</li></ul></body></html>",
        encoding="utf-8")
    txt = load(empty_corpus / "a.txt", empty_corpus)
    md = load(empty_corpus / "b.md", empty_corpus)
    html = load(empty_corpus / "c.html", empty_corpus)
    assert txt[0].page_content == "Plain text about clusters."
    assert md[0].metadata["title"] == "Cluster guide"
    # List items keep one bullet, so that they read as items of their list.
    assert md[0].page_content.split("\n") == ["Cluster guide", "Some *text* here.", "- item one", "- item two"]
    assert html[0].metadata["title"] == "Web page"
    assert html[0].page_content.split("\n") == ["Heading", "First paragraph.", "Second & last.", "Steps:",
                                                 "- Fill in the form;", "- Sign the charter."]
    assert all(len(d) == 1 and d[0].metadata["page"] == 1 for d in (txt, md, html))


@pytest.mark.parametrize("name, content, reason", [
    ("garbage.pdf", b"%PDF-1.4\n this is not a pdf at all \x00\x01", "corrupt or unreadable PDF"),
    ("empty.txt", b"", "empty file"),
    ("blank.md", b"  \n\n  ", "empty file"),
    ("latin1.txt", "Pôles de compétitivité".encode("latin-1"), "undecodable text"),
    ("slides.pptx", b"PK\x03\x04 not supported", "unsupported file type '.pptx'"),
    ("noext", b"text", "unsupported file type"),
])
def test_bad_files_raise_a_reason(empty_corpus, name, content, reason):
    (empty_corpus / name).write_bytes(content)
    with pytest.raises(DocumentError, match=reason.replace("(", r"\(").replace(".", r"\.")):
        load(empty_corpus / name, empty_corpus)


def test_truncated_pdf_is_reported_as_corrupt(corpus_dir):
    data = (corpus_dir / BROCHURE).read_bytes()
    (corpus_dir / "cut.pdf").write_bytes(data[: len(data) // 3])
    with pytest.raises(DocumentError, match="corrupt|no extractable text"):
        load(corpus_dir / "cut.pdf", corpus_dir)


def test_encrypted_pdf_is_reported(empty_corpus):
    write_pdf(empty_corpus / "locked.pdf", ["Secret figures."], password="s3cret")
    with pytest.raises(DocumentError, match="encrypted PDF"):
        load(empty_corpus / "locked.pdf", empty_corpus)


def test_pdf_without_text_is_reported(empty_corpus):
    write_pdf(empty_corpus / "scan.pdf", [""])
    with pytest.raises(DocumentError, match="no extractable text"):
        load(empty_corpus / "scan.pdf", empty_corpus)


def test_a_decompression_bomb_is_refused_quickly(empty_corpus):
    bomb = write_bomb_pdf(empty_corpus / "bomb.pdf", 200 * 2**20)  # 200 MiB of content in a few hundred KiB
    assert bomb.stat().st_size < 2**20
    started = time.monotonic()
    with pytest.raises(DocumentError, match="safety limits.*decompression bomb"):
        load(bomb, empty_corpus)
    assert time.monotonic() - started < 30  # refused, not inflated and parsed


def test_a_pdf_with_too_many_pages_is_refused(empty_corpus, monkeypatch):
    import corpus.load

    monkeypatch.setattr(corpus.load, "MAX_PAGES", 20)  # the real limit (2,000) would make a slow test
    write_pdf(empty_corpus / "many.pdf", [f"Page {n} text." for n in range(21)])
    with pytest.raises(DocumentError, match=r"too many pages \(21; the limit is 20\)"):
        load(empty_corpus / "many.pdf", empty_corpus)
    write_pdf(empty_corpus / "fine.pdf", [f"Page {n} text." for n in range(20)])
    assert len(load(empty_corpus / "fine.pdf", empty_corpus)) == 20


def test_a_document_with_too_much_text_is_refused(empty_corpus, monkeypatch):
    import corpus.load

    monkeypatch.setattr(corpus.load, "MAX_CHARS", 5_000)
    write_pdf(empty_corpus / "huge.pdf", ["A long line of policy text. " * 60] * 4)
    with pytest.raises(DocumentError, match="too much text"):
        load(empty_corpus / "huge.pdf", empty_corpus)
    (empty_corpus / "huge.txt").write_text("Words and more words. " * 400, encoding="utf-8")
    with pytest.raises(DocumentError, match="too much text"):
        load(empty_corpus / "huge.txt", empty_corpus)


@pytest.mark.parametrize("content, reason", [
    (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "not a PDF: the file is a ZIP archive"),
    (b"GIF89a this is an image", "not a PDF: the file does not start with a PDF header"),
])
def test_a_file_renamed_pdf_says_what_it_is(empty_corpus, content, reason):
    (empty_corpus / "report.pdf").write_bytes(content)
    with pytest.raises(DocumentError, match=reason):
        load(empty_corpus / "report.pdf", empty_corpus)


def test_a_real_zip_renamed_pdf_is_refused(empty_corpus):
    import zipfile

    with zipfile.ZipFile(empty_corpus / "archive.pdf", "w") as archive:
        archive.writestr("document.pdf", (empty_corpus.parent / "x").as_posix() * 100)
    with pytest.raises(DocumentError, match="ZIP archive"):
        load(empty_corpus / "archive.pdf", empty_corpus)


def test_a_year_is_read_from_any_way_metadata_writes_it():
    from corpus.metadata import year_of

    assert [year_of(v) for v in (2010, "2010", "2010-2012", "circa 1998", "", None, "n/a", 12, True)] == \
        [2010, 2010, 2010, 1998, 0, 0, 0, 0, 0]
