"""End to end in a real headless Chromium: type a question, read the answer, open its sources."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Set to a folder to keep the screenshots (the README's come from here).
KEEP = os.environ.get("CLUSTER_ASSISTANT_SCREENSHOTS")


@pytest.fixture
def page(tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium at /usr/bin/chromium (.ci/run installs Debian's package)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS,
                                             env={**os.environ, "HOME": str(tmp_path)})
        page = browser.new_page(viewport={"width": 1100, "height": 1000})
        yield page
        browser.close()


def shoot(page, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=False)
    if KEEP:
        Path(KEEP).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, Path(KEEP) / name)
    return path


def test_a_question_typed_in_the_page_gets_an_answer_with_sources(page, server, tmp_path):
    page.goto(server[1], wait_until="load")
    page.locator("#question textarea").wait_for(timeout=30_000)
    page.locator("#question textarea").fill("Which German cluster joined the ARTEMIS initiative?")
    page.locator("#send").click()
    chat = page.locator("#chat")
    chat.get_by_text("SafeTrans", exact=False).first.wait_for(timeout=30_000)
    page.wait_for_timeout(500)  # the answer streams in; let the last part land
    chat.locator("summary").last.click()
    highlighted = chat.locator("mark").last
    highlighted.wait_for(state="visible", timeout=10_000)
    assert "SafeTrans" in highlighted.inner_text()
    assert chat.locator("script").count() == 0
    assert shoot(page, tmp_path, "chat.png").stat().st_size > 10_000


def test_the_helpdesk_view_shows_the_evidence(page, server, tmp_path):
    page.goto(server[1], wait_until="load")
    page.locator("#question textarea").wait_for(timeout=30_000)
    page.get_by_role("tab", name="Helpdesk").click()
    page.locator("#desk-question textarea").fill("When was the Innovative Cluster Company label launched?")
    page.locator("#desk-question textarea").press("Enter")
    page.get_by_text("3 June 2010", exact=False).first.wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    assert shoot(page, tmp_path, "helpdesk.png").stat().st_size > 10_000
