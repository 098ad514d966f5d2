"""The real app, driven through gradio_client as a browser would call it."""

import re
import tempfile
from pathlib import Path

import pytest
from app_server import last_answer
from gradio_client import Client, handle_file

from assistant.feedback import list_feedback

STAFF = ("staff", "correct horse battery staple")


@pytest.fixture
def client(server):
    return Client(server[1], verbose=False)


def test_an_english_question_is_answered_with_its_sources(client):
    history, *_ = client.predict("How many companies belong to the French competitiveness clusters?", [], api_name="/ask")
    text = last_answer(history)
    assert "7,200" in text and "**[1]**" in text
    assert "<details><summary>Sources (1)</summary>" in text and "<mark>" in text and "p. 1" in text


def test_a_french_question_gets_french_text(client):
    history, _, language, _ = client.predict(
        "Combien de chercheurs ont travaillé sur les projets de R&D soutenus depuis 2005 ?", [], api_name="/ask")
    text = last_answer(history)
    assert text.startswith("D'après les documents") and "15,000" in text
    assert language["value"] == "FR"  # the interface follows the question's language


def test_a_follow_up_uses_the_conversation(client):
    history, *_ = client.predict("What is the Innovative Cluster Company label about?", [], api_name="/ask")
    history, *_ = client.predict("And when was it launched?", history, api_name="/ask")
    assert len(history) == 4 and "3 June 2010" in last_answer(history)


def test_an_abstention_shows_related_passages(client):
    history, *_ = client.predict("What will the weather be in Lille tomorrow?", [], api_name="/ask")
    text = last_answer(history)
    assert "do not say" in text and "Possibly related" in text and "**[" not in text


def test_feedback_is_stored_with_the_answer_and_its_citations(client, server):
    settings, _ = server
    history, *_ = client.predict("On which date did the International Nuclear Academy open its doors?", [],
                                 api_name="/ask")
    notice, comment = client.predict("Clear and right", history, "EN", api_name="/like")
    assert "feedback was saved" in notice and comment == ""
    mine = [item for item in list_feedback(settings.feedback_db) if item["comment"] == "Clear and right"]
    assert len(mine) == 1 and mine[0]["vote"] == "like"
    assert mine[0]["question"] == "On which date did the International Nuclear Academy open its doors?"
    assert "3 April 2009" in mine[0]["answer"] and mine[0]["citations"][0]["page"] == 3


def test_feedback_before_any_question_is_refused_politely(server):
    fresh = Client(server[1], verbose=False)
    notice, _ = fresh.predict("", [], "FR", api_name="/dislike")
    assert "Posez d'abord une question" in notice


def test_the_helpdesk_view_shows_ranked_passages_and_a_cited_page(client):
    answer, table, pages, copied, _ = client.predict("Which German cluster joined the ARTEMIS initiative?",
                                                     api_name="/helpdesk")
    assert "SafeTrans" in answer and "Competitiveness clusters in France &#40;2010&#41;</b>, p. 3" in answer
    rows = table["data"]
    assert [row[0] for row in rows] == list(range(1, len(rows) + 1))
    assert [row[1] for row in rows] == sorted((row[1] for row in rows), reverse=True)
    assert rows[0][2].startswith("Competitiveness clusters in France (2010), § ")  # the document, its year, its section
    marked = [row[4] for row in rows if "<mark>" in row[4]]  # the quoted sentence, highlighted in its passage
    assert len(marked) == 1 and re.search(r"<mark>[^<]*SafeTrans[^<]*</mark>", marked[0])
    assert copied.startswith("According to the documents:") and "SafeTrans" in copied.split("[1] ")[-1]
    reference_line = copied.split("\n\nSources:\n")[1].splitlines()[0]
    assert reference_line.startswith("[1] Competitiveness clusters in France (2010), p. 3")
    assert reference_line.endswith(" (https://competitivite.gouv.fr)")
    path = client.predict("competitiveness-clusters-in-france.pdf — p. 3", api_name="/page")
    from pypdf import PdfReader

    reader = PdfReader(path)
    assert len(reader.pages) == 1 and "SafeTrans" in reader.pages[0].extract_text()


def test_anonymous_users_cannot_reach_the_staff_endpoints(client, server):
    public = set(client.view_api(print_info=False, return_format="dict")["named_endpoints"])
    assert public == {"/ask", "/undo", "/like", "/dislike", "/helpdesk", "/page"}
    with pytest.raises(Exception):
        Client(server[1] + "staff/", verbose=False)
    with pytest.raises(Exception):
        Client(server[1] + "staff/", auth=("staff", "wrong password"), verbose=False)


def test_staff_add_list_and_remove_documents(server, tmp_path):
    settings, url = server
    staff = Client(url + "staff/", auth=STAFF, verbose=False)
    table, _ = staff.predict(api_name="/documents")
    assert [row[0] for row in table["data"]] == ["competitiveness-clusters-in-france.pdf"]
    note = tmp_path / "Note pôles 2011.md"
    note.write_text("# Note 2011\n\nThe Ourses project won an award in 2011.", encoding="utf-8")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    status, table, _ = staff.predict([handle_file(str(note)), handle_file(str(broken))], api_name="/add")
    assert "added 1" in status and "broken.pdf: corrupt or unreadable PDF" in status
    assert "Note-poles-2011.md" in [row[0] for row in table["data"]]
    assert (settings.corpus_dir / "Note-poles-2011.md").exists() and not (settings.corpus_dir / "broken.pdf").exists()
    executable = tmp_path / "slides.exe"
    executable.write_bytes(b"MZ")
    with pytest.raises(Exception, match="Invalid file type"):
        staff.predict([handle_file(str(executable))], api_name="/add")
    status, table, _ = staff.predict("Note-poles-2011.md", api_name="/remove")
    assert "removed 1" in status and len(table["data"]) == 1
    with pytest.raises(Exception, match="not in the list of choices"):
        staff.predict("../../etc/passwd", api_name="/remove")


def test_like_and_undo_after_a_failed_question_act_on_the_right_turn(client, server):
    settings, _ = server
    question = "Which German cluster joined the ARTEMIS initiative?"
    history, *_ = client.predict(question, [], api_name="/ask")
    history, *_ = client.predict("x" * 1500, history, api_name="/ask")  # over the length limit: fails
    assert "limited to 1000 characters" in last_answer(history)
    notice, comment = client.predict("rating the failure", history, "EN", api_name="/like")
    assert "no answer" in notice and comment == "rating the failure"  # not the answer before it
    history, question_back, *_ = client.predict(history, api_name="/undo")
    assert len(history) == 2 and question_back == "x" * 1500
    notice, _ = client.predict("rating the answer", history, "EN", api_name="/like")
    assert "feedback was saved" in notice
    [item] = [i for i in list_feedback(settings.feedback_db) if i["comment"] == "rating the answer"]
    assert item["question"] == question and "SafeTrans" in item["answer"]
    # Undo of an answered turn forgets it: nothing is left to rate.
    history, *_ = client.predict(history, api_name="/undo")
    notice, _ = client.predict("too late", history, "EN", api_name="/dislike")
    assert "Ask a question first" in notice


def _leftovers() -> set[Path]:
    """Page extracts anywhere they could be left: the old cited-* folders, and PDFs in Gradio's cache."""
    from gradio.utils import get_upload_folder

    return {*Path(tempfile.gettempdir()).glob("cited-*"), *Path(get_upload_folder()).rglob("*.pdf")}


def test_helpdesk_questions_leave_no_files_and_a_download_makes_one_in_the_cleaned_cache(client):
    before = _leftovers()
    for n in range(20):
        client.predict(f"Which German cluster joined the ARTEMIS initiative? ({n})", api_name="/helpdesk")
    assert _leftovers() == before
    client.predict("competitiveness-clusters-in-france.pdf — p. 3", api_name="/page")
    # Made on demand, into Gradio's cache (which delete_cache empties); the same page is the same file.
    assert [f.name for f in _leftovers() if f.name.endswith("-p3.pdf")] == ["competitiveness-clusters-in-france-p3.pdf"]
