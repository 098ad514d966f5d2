"""Many people at once: 50 concurrent conversations through the real app, none lost or wrong."""

import time
from concurrent.futures import ThreadPoolExecutor

from gradio_client import Client

from assistant.feedback import list_feedback

CONVERSATIONS = 50
QUESTIONS = [
    ("How many companies belong to the French competitiveness clusters?", "7,200"),
    ("On which date did the International Nuclear Academy open its doors?", "3 April 2009"),
    ("Combien de chercheurs ont travaillé sur les projets de R&D soutenus depuis 2005 ?", "15,000"),
    ("Which German cluster joined the ARTEMIS initiative?", "SafeTrans"),
    ("What will the weather be in Lille tomorrow?", "do not say"),
]


def last_answer(history) -> str:
    content = history[-1]["content"]
    return " ".join(part.get("text", "") for part in content) if isinstance(content, list) else content


def conversation(url: str, number: int) -> tuple[bool, str, float]:
    """One user: a question, then feedback with a comment naming the user."""
    client = Client(url, verbose=False)
    question, expected = QUESTIONS[number % len(QUESTIONS)]
    started = time.perf_counter()
    history, *_ = client.predict(question, [], api_name="/ask")
    elapsed = time.perf_counter() - started
    client.predict(f"load-test user {number}", history, "EN", api_name="/like")
    return expected in last_answer(history), question, elapsed


def test_fifty_concurrent_conversations_are_all_answered_and_all_feedback_kept(server):
    settings, url = server
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CONVERSATIONS) as pool:
        results = list(pool.map(lambda n: conversation(url, n), range(CONVERSATIONS)))
    wall = time.perf_counter() - started
    assert all(ok for ok, _, _ in results), [q for ok, q, _ in results if not ok]
    comments = {item["comment"] for item in list_feedback(settings.feedback_db)}
    assert {f"load-test user {n}" for n in range(CONVERSATIONS)} <= comments
    latencies = sorted(elapsed for _, _, elapsed in results)
    # Figures for the record, not a pass/fail threshold (timing belongs to benchmarks).
    print(f"\n{CONVERSATIONS} conversations in {wall:.1f} s; ask p50 {latencies[len(latencies) // 2]:.2f} s, "
          f"p95 {latencies[int(0.95 * len(latencies)) - 1]:.2f} s")
