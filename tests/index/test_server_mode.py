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
from conftest import DATA

from assistant.cli import main
from assistant.errors import StoreError
from assistant.indexing import open_index, update_index
from assistant.pipeline import Assistant
from assistant.settings import Settings

QUESTION = "How many firms do France's competitiveness clusters count?"


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
def served(chroma_server, corpus_dir, monkeypatch):
    """The environment pointing this test at the server, in a collection of its own."""
    for name, value in chroma_server.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("CLUSTER_ASSISTANT_COLLECTION", f"test_{time.monotonic_ns()}")
    return corpus_dir


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_ask_and_eval_through_the_server_match_the_embedded_store(served, capsys, tmp_path,
                                                                         brochure_assistant):
    code, out, _ = run(capsys, "ingest", "--json")
    assert code == 0 and json.loads(out)["added"] == 1
    assert not (tmp_path / "data" / "index" / "chroma").exists()  # the vectors live on the server
    code, out, _ = run(capsys, "ingest", "--json")
    assert code == 0 and json.loads(out)["unchanged"] == 1  # incremental, as embedded
    report = tmp_path / "report.json"
    code, out, err = run(capsys, "eval", str(DATA / "dev.jsonl"), "--out", str(report), "--fail-under",
                         "answer_accuracy=0.93", "french_accuracy=0.90", "abstention_accuracy=0.95",
                         "recall_at_5=0.97", "mrr=0.92", "citation_precision=0.88")
    assert code == 0, err
    served_answers = {r["id"]: r["answer"] for r in json.loads(report.read_text(encoding="utf-8"))["results"]}
    questions = [json.loads(line) for line in (DATA / "dev.jsonl").read_text(encoding="utf-8").splitlines() if line]
    for item in questions:
        history: list[str] = []
        for turn in item.get("history", []):
            brochure_assistant.ask(turn, history)
            history.append(turn)
        assert brochure_assistant.ask(item["question"], history).text == served_answers[item["id"]], item["id"]


def test_several_app_instances_share_one_server(served):
    writer = Settings()
    update_index(writer)
    # Another instance, elsewhere, with no local records: it only reads the shared index.
    reader = Settings(data_dir=writer.data_dir.parent / "other-instance")
    answers = []
    for settings in (writer, reader):
        assistant = Assistant.open(settings)
        try:
            answers.append(assistant.ask(QUESTION).text)
        finally:
            assistant.close()
    assert answers[0] == answers[1] and "7,200" in answers[0]


def test_a_rebuild_replaces_the_collection_on_the_server(served, capsys):
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


def test_the_web_app_answers_from_the_server(served):
    from app_server import last_answer, running_app
    from gradio_client import Client

    settings = Settings()
    with running_app(served.parent / "app", chroma_host=settings.chroma_host, chroma_port=settings.chroma_port,
                     collection=settings.collection) as (_, url):
        history, *_ = Client(url, verbose=False).predict(QUESTION, [], api_name="/ask")
    assert "7,200" in last_answer(history)
