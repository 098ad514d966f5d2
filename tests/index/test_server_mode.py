"""Chroma server mode: a real `chroma run` server on loopback, used by ingest, ask, eval and the web app."""

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from app_server import free_port
from conftest import DATA, copy_built

from cli.main import main
from assistant.errors import StoreError
from assistant.indexing import open_index, update_index
from assistant.pipeline import Assistant
from assistant.settings import Settings

QUESTION = "How many companies belong to the French competitiveness clusters?"


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    """A Chroma server started with the `chroma run` command the chromadb package installs."""
    command = Path(sys.executable).parent / "chroma"
    if not command.exists():
        command = Path(shutil.which("chroma") or "chroma")
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    log = open(path / "server.log", "wb")
    process = subprocess.Popen([str(command), "run", "--path", str(path / "db"), "--host", "127.0.0.1",
                                "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("the Chroma server did not start: " + (path / "server.log").read_text(errors="replace"))
    yield {"CLUSTER_ASSISTANT_CHROMA_HOST": "127.0.0.1", "CLUSTER_ASSISTANT_CHROMA_PORT": str(port)}
    process.terminate()
    process.wait(timeout=20)
    log.close()


@pytest.fixture
def served(chroma_server, monkeypatch):
    """The environment pointing this test at the server, in a collection of its own."""
    for name, value in chroma_server.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("CLUSTER_ASSISTANT_COLLECTION", f"test_{time.monotonic_ns()}")


@pytest.fixture(scope="module")
def served_brochure(chroma_server, built_brochure, tmp_path_factory):
    """The session's brochure index in a collection of the server, for the tests that only read it:
    its records copied, its vectors written to the server (nothing embedded again).

    Returns the settings fields of the instance that holds its records (its corpus, its data folder).
    """
    root = copy_built(built_brochure, tmp_path_factory.mktemp("served-brochure"))
    fields = {"corpus_dir": root / "corpus", "data_dir": root / "data", "chroma_host": "127.0.0.1",
              "chroma_port": int(chroma_server["CLUSTER_ASSISTANT_CHROMA_PORT"]), "collection": "served_brochure"}
    local = open_index(Settings(corpus_dir=root / "corpus", data_dir=root / "data"))
    served = open_index(Settings(**fields), create=True)
    try:
        got = local.collection.get(include=["documents", "metadatas", "embeddings"])
        served.collection.add(ids=got["ids"], documents=got["documents"], metadatas=got["metadatas"],
                              embeddings=got["embeddings"])
    finally:
        local.close()
        served.close()
    report = update_index(Settings(**fields))
    assert report.written == 0 and report.sources("unchanged")  # the copy is the index ingest would make
    return fields


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_through_the_server_is_incremental_and_keeps_no_vectors_here(served, note_corpus, capsys,
                                                                             tmp_path):
    code, out, _ = run(capsys, "ingest", "--json")
    assert code == 0 and json.loads(out)["added"] == 1
    assert not (tmp_path / "data" / "index" / "chroma").exists()  # the vectors live on the server
    code, out, _ = run(capsys, "ingest", "--json")
    assert code == 0 and json.loads(out)["unchanged"] == 1  # incremental, as embedded
    code, out, _ = run(capsys, "ask", "How many member firms does the Aqua cluster have?")
    assert code == 0 and "412" in out


def test_eval_through_the_server_matches_the_embedded_store(served_brochure, brochure_assistant, tmp_path,
                                                            monkeypatch, capsys):
    for name, value in served_brochure.items():
        monkeypatch.setenv(f"CLUSTER_ASSISTANT_{name.upper()}", str(value))
    report = tmp_path / "report.json"
    code, out, err = run(capsys, "eval", str(DATA / "dev.jsonl"), "--out", str(report))
    assert code == 0, err
    served_answers = {r["id"]: r["answer"] for r in json.loads(report.read_text(encoding="utf-8"))["results"]}
    questions = [json.loads(line) for line in (DATA / "dev.jsonl").read_text(encoding="utf-8").splitlines() if line]
    for item in questions:
        history: list[str] = []
        for turn in item.get("history", []):
            brochure_assistant.ask(turn, history)
            history.append(turn)
        assert brochure_assistant.ask(item["question"], history).text == served_answers[item["id"]], item["id"]


def test_several_app_instances_share_one_server(served_brochure):
    writer = Settings(**served_brochure)
    # Another instance, elsewhere, with no local records: it only reads the shared index.
    reader = Settings(**dict(served_brochure, data_dir=writer.data_dir.parent / "other-instance"))
    answers = []
    for settings in (writer, reader):
        assistant = Assistant.open(settings)
        try:
            answers.append(assistant.ask(QUESTION).text)
        finally:
            assistant.close()
    assert answers[0] == answers[1] and "7,200" in answers[0]


def test_a_rebuild_replaces_the_collection_on_the_server(served, note_corpus, capsys):
    run(capsys, "ingest")
    store = open_index(Settings())
    before = store.count()
    store.close()
    code, out, _ = run(capsys, "ingest", "--rebuild", "--json")
    assert code == 0 and json.loads(out)["added"] == 1
    store = open_index(Settings())
    assert store.count() == before
    store.close()


def test_a_missing_collection_says_to_ingest(served, capsys):
    code, _, err = run(capsys, "ask", QUESTION)
    assert code == 1 and "cluster-assistant ingest" in err and "Traceback" not in err


def test_a_server_that_is_down_is_a_clear_error(monkeypatch, corpus_dir, capsys):
    monkeypatch.setenv("CLUSTER_ASSISTANT_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CLUSTER_ASSISTANT_CHROMA_PORT", str(free_port()))
    with pytest.raises(StoreError, match="cannot reach the Chroma server at 127.0.0.1"):
        open_index(Settings())
    code, _, err = run(capsys, "ask", QUESTION)
    assert code == 1 and "chroma run" in err and "Traceback" not in err


def test_the_web_app_answers_from_the_server(served_brochure, built_brochure, tmp_path):
    from app_server import last_answer, running_app
    from gradio_client import Client

    server_fields = {k: served_brochure[k] for k in ("chroma_host", "chroma_port", "collection")}
    with running_app(tmp_path / "app", built_brochure, **server_fields) as (settings, url):
        history, *_ = Client(url, verbose=False).predict(QUESTION, [], api_name="/ask")
    assert settings.chroma_host and "7,200" in last_answer(history)
