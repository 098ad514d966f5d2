"""No file outside what the app means to serve can be read through HTTP, whatever path is asked for."""

import httpx
import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

from assistant.feedback import record_feedback

PDF = "competitiveness-clusters-in-france.pdf"


@pytest.fixture(scope="module")
def secrets(server):
    """Files an attacker would want: the feedback log, the index database, a file beside the corpus."""
    settings, _ = server
    record_feedback(settings.feedback_db, question="my private question", answer="a", citations=[], vote="like")
    beside = settings.corpus_dir.parent / "secret.txt"
    beside.write_text("top secret", encoding="utf-8")
    return [settings.feedback_db, settings.resolved_index_dir / "chroma" / "chroma.sqlite3", beside,
            settings.corpus_dir / PDF]


def file_urls(base: str, path) -> list[str]:
    """The ways a Gradio file route may be asked for a path: plain, relative, encoded, under /staff."""
    path = str(path)
    return [f"{base}gradio_api/file={path}", f"{base}file={path}",
            f"{base}gradio_api/file=/tmp/../{path.lstrip('/')}",
            f"{base}gradio_api/file=%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f{path.lstrip('/')}",
            f"{base}gradio_api/file={path.replace('/', '%2F')}",
            f"{base}staff/gradio_api/file={path}"]


def test_no_private_or_outside_file_is_served(server, secrets):
    _, base = server
    tried = 0
    with httpx.Client(timeout=10) as http:
        for target in [*secrets, "/etc/passwd", "/proc/self/environ"]:
            for url in file_urls(base, target):
                response = http.get(url)
                tried += 1
                assert response.status_code in (400, 401, 403, 404, 405), (url, response.status_code)
                assert b"top secret" not in response.content and b"private question" not in response.content
                assert b"root:" not in response.content
    assert tried == 36


BAD_CHOICES = [
    "../secret.txt — p. 1", "../../../../../../etc/passwd — p. 1", "/etc/passwd — p. 1",
    "..%2Fsecret.txt — p. 1", f"{PDF} — p. 999", f"{PDF} — p. 0", f"{PDF} — p. -1", f"{PDF} — p. one",
    "nothing at all",
]


@pytest.mark.parametrize("choice", BAD_CHOICES + [f"{PDF} — p. 2"])
def test_a_page_that_was_not_cited_in_the_session_cannot_be_asked_for(server, choice):
    client = Client(server[1], verbose=False)
    with pytest.raises(AppError, match="not in the list of choices"):
        client.predict(choice, api_name="/page")


@pytest.mark.parametrize("choice", BAD_CHOICES)
def test_behind_the_choice_check_the_page_cutter_refuses_paths_and_pages(server, choice, tmp_path):
    from ui.app import _page_file

    source, _, page = choice.rpartition(" — p. ")
    assert not page.lstrip("-").isdigit() or _page_file(server[0], source, int(page), str(tmp_path)) is None
    assert list(tmp_path.iterdir()) == []


def test_a_cited_page_is_made_and_served_in_the_session_that_cited_it(server):
    client = Client(server[1], verbose=False)
    client.predict("Which German cluster joined the ARTEMIS initiative?", api_name="/helpdesk")
    path = client.predict(f"{PDF} — p. 3", api_name="/page")
    assert path and path.endswith("-p3.pdf")
