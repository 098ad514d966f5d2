import os

from corpus.files import add_to_corpus, discover, safe_name


def test_discover_skips_hidden_files_the_metadata_file_and_symbolic_links(empty_corpus, tmp_path):
    (empty_corpus / "metadata.json").write_text("{}", encoding="utf-8")
    (empty_corpus / ".hidden.txt").write_text("x", encoding="utf-8")
    (empty_corpus / "sub").mkdir()
    (empty_corpus / "sub" / "note.txt").write_text("x", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("outside the corpus", encoding="utf-8")
    os.symlink(secret, empty_corpus / "link.txt")
    os.symlink(tmp_path, empty_corpus / "linked-folder")
    found = [p.relative_to(empty_corpus).as_posix() for p in discover(empty_corpus, empty_corpus)]
    assert found == ["sub/note.txt"]


def test_safe_names_have_no_path_and_no_surprises():
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..\\..\\windows\\evil.pdf") == "evil.pdf"
    assert safe_name("Rapport pôles 2011 (final).pdf") == "Rapport-poles-2011-final-.pdf"
    assert safe_name("...") == "document" and safe_name("") == "document"
    assert len(safe_name("a" * 500 + ".pdf")) <= 120


def test_add_to_corpus_replaces_atomically(empty_corpus, tmp_path):
    source = tmp_path / "new.txt"
    source.write_text("version 1", encoding="utf-8")
    target = add_to_corpus(source, empty_corpus)
    source.write_text("version 2", encoding="utf-8")
    assert add_to_corpus(source, empty_corpus) == target
    assert target.read_text(encoding="utf-8") == "version 2"
    assert sorted(p.name for p in empty_corpus.iterdir()) == ["new.txt"]
