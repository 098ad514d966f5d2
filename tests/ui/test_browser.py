"""End to end in a real headless Chromium: what a person sees and clicks in the web chat."""

import csv
import io
import os
import re
import shutil
from pathlib import Path

import pytest
from app_server import STAFF
from playwright.sync_api import expect

from assistant.feedback import list_feedback

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Set to a folder to keep the screenshots (the README's come from here).
KEEP = os.environ.get("CLUSTER_ASSISTANT_SCREENSHOTS")
WAIT = 30_000  # ms: the first answer may wait for the model to warm up
QUESTION = "Where did the Nucléaire Bourgogne cluster set up a specialized master's programme?"
FRENCH = "Dans quelle région se trouve la bioraffinerie BRI ?"
OFF_TOPIC = "What is the price of a train ticket from Paris to Lyon?"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium at /usr/bin/chromium (.ci/run installs Debian's package)")
    from playwright.sync_api import sync_playwright

    home = tmp_path_factory.mktemp("chromium-home")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS,
                                              env={**os.environ, "HOME": str(home)})
        yield launched
        launched.close()


@pytest.fixture
def page(browser, server):
    """A new page (a new user, with their own chat state) on the running app."""
    context = browser.new_context(viewport={"width": 1100, "height": 1000})
    opened = context.new_page()
    opened.goto(server[1], wait_until="load")
    opened.locator("#question textarea").wait_for(timeout=WAIT)
    yield opened
    context.close()


def shoot(page, tmp_path: Path, name: str) -> None:
    if KEEP:
        Path(KEEP).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(KEEP) / name), full_page=False)


def ask(page, question: str):
    """Type a question, send it, and wait until its answer is complete; returns the last bot message."""
    before = page.locator("#chat [data-testid='bot']").count()
    page.locator("#question textarea").fill(question)
    page.locator("#send").click()
    reply = page.locator("#chat [data-testid='bot']").nth(before)
    reply.locator("details summary").wait_for(timeout=WAIT)  # every finished answer ends with its block
    return reply


def bot_messages(page) -> list[str]:
    return page.locator("#chat [data-testid='bot']").all_inner_texts()


def test_an_answer_shows_its_markers_and_its_sources_open_on_the_quoted_sentence(page, tmp_path):
    reply = ask(page, QUESTION)
    text = reply.inner_text()
    assert text.startswith("According to the documents:") and "Cluny" in text and "[1]" in text
    details = reply.locator("details").first
    assert details.get_attribute("open") is None
    mark = details.locator("mark").first
    assert not mark.is_visible()  # the highlighted sentence is inside the closed block
    details.locator("summary").click()
    mark.wait_for(state="visible", timeout=5_000)
    assert details.get_attribute("open") is not None
    assert "Cluny" in mark.inner_text() and "master's" in mark.inner_text()  # a quote, not &#x27;
    assert "p. 3" in details.inner_text()
    assert page.locator("#chat script").count() == 0
    shoot(page, tmp_path, "chat.png")


def test_a_french_question_gets_the_french_lead_and_interface(page):
    reply = ask(page, FRENCH)
    assert reply.inner_text().startswith("D'après les documents") and "Champagne" in reply.inner_text()
    page.locator("#send").get_by_text("Demander").wait_for(timeout=5_000)  # the page follows the language


def test_an_abstention_says_so_and_shows_possibly_related_passages(page):
    reply = ask(page, OFF_TOPIC)
    assert "do not say" in reply.inner_text() and "[1]" not in reply.inner_text()
    assert reply.locator("details summary").inner_text() == "Possibly related"


def test_retry_asks_the_last_question_again_in_place(page):
    first = ask(page, QUESTION).inner_text()
    page.locator("#retry").click()
    page.wait_for_timeout(300)
    page.locator("#chat [data-testid='bot'] details summary").first.wait_for(timeout=WAIT)
    assert page.locator("#chat [data-testid='user']").count() == 1
    assert bot_messages(page) == [first]


def test_undo_removes_the_last_turn_and_gives_its_question_back(page):
    ask(page, QUESTION)
    ask(page, OFF_TOPIC)
    page.locator("#undo").click()
    page.wait_for_function("document.querySelectorAll('#chat [data-testid=\"bot\"]').length === 1", timeout=WAIT)
    assert page.locator("#question textarea").input_value() == OFF_TOPIC
    assert "Cluny" in bot_messages(page)[0]


def test_clear_empties_the_conversation(page):
    ask(page, QUESTION)
    page.locator("#clear").click()
    page.wait_for_function("document.querySelectorAll('#chat [data-testid=\"user\"]').length === 0", timeout=WAIT)
    assert bot_messages(page) == []


def fail_a_question(page):
    """Send a question over the length limit and wait for its error message."""
    before = page.locator("#chat [data-testid='bot']").count()
    page.locator("#question textarea").fill("Why? " * 300)
    page.locator("#send").click()
    page.locator("#chat [data-testid='bot']").nth(before).get_by_text("limited to 1000 characters").wait_for(
        timeout=WAIT)


def wait_for_feedback(page, settings, question: str, vote: str) -> dict:
    """The one feedback item on ``question`` with ``vote``, once the app has stored it."""
    for _ in range(40):
        found = [i for i in list_feedback(settings.feedback_db) if i["question"] == question and i["vote"] == vote]
        if found:
            [item] = found
            return item
        page.wait_for_timeout(250)
    raise AssertionError(f"no {vote} stored for {question!r}")


def test_the_like_buttons_of_messages_rate_their_own_turn_even_after_a_failed_question(page, server):
    settings, _ = server
    ask(page, QUESTION)
    fail_a_question(page)
    ask(page, OFF_TOPIC)
    buttons = page.locator("#chat .message-buttons-left")
    assert buttons.count() == 3
    buttons.nth(0).get_by_role("button", name="Like", exact=True).click()
    buttons.nth(2).get_by_role("button", name="Dislike", exact=True).click()
    first = wait_for_feedback(page, settings, QUESTION, "like")
    assert "Cluny" in first["answer"] and first["citations"][0]["page"] == 3
    buttons.nth(0).get_by_role("button", name="Liked", exact=True).click()  # taken back: not a dislike
    page.wait_for_timeout(1_000)
    assert [i["vote"] for i in list_feedback(settings.feedback_db) if i["question"] == QUESTION] == ["like"]
    last = wait_for_feedback(page, settings, OFF_TOPIC, "dislike")
    assert "do not say" in last["answer"]


def test_the_language_switch_translates_the_page(page):
    page.locator("#language").get_by_text("FR", exact=True).click()
    page.locator("#send").get_by_text("Demander").wait_for(timeout=5_000)
    assert page.locator("#retry").inner_text() == "Réessayer" and page.locator("#clear").inner_text() == "Effacer"
    assert page.locator("#question textarea").get_attribute("placeholder").startswith("Posez une question")
    page.locator("#examples").get_by_text("Combien d'entreprises").click()  # the examples are French too
    expect(page.locator("#question textarea")).to_have_value(re.compile("^Combien d'entreprises"))
    page.get_by_role("tab", name="Assistance").click()
    expect(page.locator("#desk-download")).to_have_text("Télécharger la page")
    expect(page.locator("#evidence thead")).to_contain_text("phrase citée")
    page.get_by_role("tab", name="Discussion").click()
    page.locator("#language").get_by_text("EN", exact=True).click()
    page.locator("#send").get_by_text("Ask", exact=True).wait_for(timeout=5_000)


def test_the_helpdesk_view_shows_the_evidence(page, tmp_path):
    page.get_by_role("tab", name="Helpdesk").click()
    page.locator("#desk-question textarea").fill("When did the Innovative Cluster Company label get launched?")
    page.locator("#desk-question textarea").press("Enter")
    page.get_by_text("3 June 2010", exact=False).first.wait_for(timeout=WAIT)
    page.locator("#evidence mark").first.wait_for(timeout=WAIT)  # the quoted sentence, inside its passage
    expect(page.locator("#evidence")).to_contain_text("Competitiveness clusters in France (2010)")
    page.wait_for_timeout(500)  # the table done fading in, for the screenshot
    shoot(page, tmp_path, "helpdesk.png")


def test_the_language_the_user_chose_survives_a_reply_in_the_other_language(page):
    page.locator("#language").get_by_text("FR", exact=True).click()
    page.locator("#send").get_by_text("Demander").wait_for(timeout=5_000)
    reply = ask(page, QUESTION)  # an English question gets an English answer…
    assert reply.inner_text().startswith("According to the documents")
    page.wait_for_timeout(500)
    assert page.locator("#send").inner_text() == "Demander"  # …and the page stays French
    assert page.locator("#language input[value='FR']").is_checked()


def test_the_answer_with_its_sources_is_ready_to_copy(page):
    ask(page, QUESTION)
    page.locator("#copy").get_by_text("Copy the answer with its sources").click()
    text = page.locator("#copy-text textarea").input_value()
    assert text.startswith("According to the documents:") and "Cluny" in text
    reference_line = text.split("\n\nSources:\n")[1].splitlines()[0]
    assert reference_line.startswith("[1] Competitiveness clusters in France (2010), p. 3")
    assert reference_line.endswith(" (https://competitivite.gouv.fr)")
    assert page.locator("#copy-text button[aria-label='Copy']").count() == 1


def test_a_dislike_with_a_comment_reaches_the_staff_feedback_page_to_review_and_export(page, browser, server,
                                                                                      tmp_path):
    settings, url = server
    ask(page, QUESTION)
    page.locator("#comment textarea").fill("The master's programme is in Cluny — please check the town.")
    page.locator("#dislike").click()
    expect(page.locator("#notice")).to_contain_text("feedback was saved", timeout=WAIT)
    staff = browser.new_context(viewport={"width": 1300, "height": 1000}, accept_downloads=True)
    desk = staff.new_page()
    desk.goto(url + "staff/", wait_until="load")
    desk.get_by_label("username").fill(STAFF[0])
    desk.get_by_label("password").fill(STAFF[1])
    desk.get_by_role("button", name="Login").click()
    table = desk.locator("#fb-table")
    expect(table).to_contain_text("please check the town", timeout=WAIT)
    [item] = [i for i in list_feedback(settings.feedback_db) if "check the town" in i["comment"]]
    assert item["vote"] == "dislike" and item["question"] == QUESTION
    desk.locator("#fb-vote").get_by_text("dislike", exact=True).click()
    desk.locator("#fb-text textarea").fill("check the town")
    desk.locator("#fb-show").click()
    expect(desk.locator("#fb-status")).to_have_text("1 item(s).", timeout=WAIT)
    desk.locator("#fb-item input").fill(str(item["id"]))
    desk.locator("#fb-note textarea").fill("Checked: Cluny is right.")
    desk.locator("#fb-review").click()
    expect(desk.locator("#fb-status")).to_have_text(f"Item {item['id']} marked reviewed.", timeout=WAIT)
    expect(table).to_contain_text("Checked: Cluny is right.")
    shoot(desk, tmp_path, "feedback.png")
    desk.locator("#fb-export").click()
    link = desk.locator("#fb-csv a").first
    link.wait_for(timeout=WAIT)
    with desk.expect_download() as download:
        link.click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    [row] = [r for r in rows if "check the town" in r["comment"]]
    assert row["vote"] == "dislike" and row["reviewed"] == "yes" and row["note"] == "Checked: Cluny is right."
    assert row["cited"] == "competitiveness-clusters-in-france.pdf p. 3"
    staff.close()
