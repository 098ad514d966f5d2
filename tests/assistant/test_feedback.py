import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from assistant.feedback import FeedbackError, record_feedback


def test_concurrent_feedback_loses_no_line(tmp_path):
    path = tmp_path / "data" / "feedback.jsonl"

    def write(i):
        return record_feedback(path, question=f"q{i}", answer="a" * 5000, citations=[{"page": i}],
                               vote="like" if i % 2 else "dislike", comment=f"c{i}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(write, range(200)))
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert sorted(entry["question"] for entry in lines) == sorted(f"q{i}" for i in range(200))
    assert {"time", "question", "answer", "citations", "vote", "comment"} == set(lines[0])


def test_a_bad_vote_or_an_unwritable_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FeedbackError, match="vote"):
        record_feedback(tmp_path / "f.jsonl", question="q", answer="a", citations=[], vote="meh")
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(FeedbackError, match="could not be saved"):
        record_feedback(blocker / "f.jsonl", question="q", answer="a", citations=[], vote="like")
