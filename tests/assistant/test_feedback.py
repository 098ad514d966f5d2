import csv
import io
import json
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from assistant.feedback import (
    FeedbackError,
    feedback_csv,
    import_jsonl,
    list_feedback,
    mark_reviewed,
    record_feedback,
)

KEYS = {"id", "time", "vote", "question", "answer", "citations", "comment", "reviewed", "reviewed_at", "note"}


def old_line(time, question, vote="like", **fields) -> str:
    """One line of the old feedback.jsonl, as the old record_feedback wrote it."""
    entry = {"time": time, "question": question, "answer": fields.get("answer", "an answer"),
             "citations": fields.get("citations", []), "vote": vote, "comment": fields.get("comment", "")}
    return json.dumps(entry, ensure_ascii=False) + "\n"


def with_items(tmp_path, *lines: str):
    """A database holding the given old-log lines (so each item has a chosen time)."""
    log, db = tmp_path / "feedback.jsonl", tmp_path / "feedback.sqlite3"
    log.write_text("".join(lines), encoding="utf-8")
    import_jsonl(db, log)
    return db


def test_concurrent_feedback_loses_no_item(tmp_path):
    db = tmp_path / "data" / "feedback.sqlite3"

    def write(i):
        return record_feedback(db, question=f"q{i}", answer="a" * 5000, citations=[{"source": "s.pdf", "page": i}],
                               vote="like" if i % 2 else "dislike", comment=f"c{i}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        returned = list(pool.map(write, range(200)))
    items = list_feedback(db)
    assert sorted(item["question"] for item in items) == sorted(f"q{i}" for i in range(200))
    assert len({item["id"] for item in items}) == 200
    assert set(items[0]) == KEYS
    by_question = {item["question"]: item for item in items}
    assert all(by_question[item["question"]] == item for item in returned)  # what was returned is what is stored
    item = by_question["q7"]
    assert item["citations"] == [{"source": "s.pdf", "page": 7}] and item["vote"] == "like"
    assert item["time"].endswith("+00:00") and item["reviewed"] is False and item["reviewed_at"] is None
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_bad_vote_or_an_unwritable_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FeedbackError, match="vote"):
        record_feedback(tmp_path / "f.sqlite3", question="q", answer="a", citations=[], vote="meh")
    assert not (tmp_path / "f.sqlite3").exists()
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(FeedbackError, match=r"^feedback could not be saved \("):
        record_feedback(blocker / "f.sqlite3", question="q", answer="a", citations=[], vote="like")


def test_a_long_comment_is_cut_and_a_file_that_is_no_database_is_a_clear_error(tmp_path):
    item = record_feedback(tmp_path / "f.sqlite3", question="q", answer="a", citations=[], vote="like",
                           comment="c" * 5000)
    assert len(item["comment"]) == 2000
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database at all " * 100)
    with pytest.raises(FeedbackError, match=r"^feedback could not be read \("):
        list_feedback(garbage)
    with pytest.raises(FeedbackError, match=r"^feedback could not be saved \("):
        record_feedback(garbage, question="q", answer="a", citations=[], vote="like")


def test_a_missing_database_lists_nothing_and_creates_nothing(tmp_path):
    assert list_feedback(tmp_path / "none" / "feedback.sqlite3") == []
    assert not (tmp_path / "none").exists()


def test_items_are_listed_newest_first_and_filtered_by_vote_text_and_date(tmp_path):
    db = with_items(
        tmp_path,
        old_line("2026-11-27T10:00:00+0000", "Combien de pôles ?", "like", answer="55 pôles"),
        old_line("2026-11-28T09:00:00+0000", "Which cluster funds aerospace?", "dislike", comment="Wrong PAGE"),
        old_line("2026-11-29T00:30:00+0100", "Late question", "dislike"),  # 28 November in UTC
        old_line("2026-11-29T08:00:00+0000", "Newest question", "like"),
    )
    assert [i["question"] for i in list_feedback(db)] == [
        "Newest question", "Late question", "Which cluster funds aerospace?", "Combien de pôles ?"]
    assert list_feedback(db)[1]["time"] == "2026-11-28T23:30:00+00:00"
    assert [i["question"] for i in list_feedback(db, vote="like")] == ["Newest question", "Combien de pôles ?"]
    assert [i["question"] for i in list_feedback(db, text="wrong page")] == ["Which cluster funds aerospace?"]
    assert [i["question"] for i in list_feedback(db, text="POLES")] == ["Combien de pôles ?"]  # accents too
    assert [i["question"] for i in list_feedback(db, text="55 PÔLES")] == ["Combien de pôles ?"]  # in the answer
    assert [i["question"] for i in list_feedback(db, since=date(2026, 11, 28), until=date(2026, 11, 28))] == [
        "Late question", "Which cluster funds aerospace?"]
    assert [i["question"] for i in list_feedback(db, since=date(2026, 11, 29))] == ["Newest question"]
    assert [i["question"] for i in list_feedback(db, until=date(2026, 11, 27))] == ["Combien de pôles ?"]
    assert [i["question"] for i in list_feedback(db, vote="dislike", since=date(2026, 11, 28), limit=1)] == [
        "Late question"]
    with pytest.raises(FeedbackError, match="vote"):
        list_feedback(db, vote="meh")


def test_items_of_the_same_second_are_newest_first_by_id(tmp_path):
    db = tmp_path / "feedback.sqlite3"
    for n in range(5):
        record_feedback(db, question=f"q{n}", answer="a", citations=[], vote="like")
    assert [i["question"] for i in list_feedback(db)] == ["q4", "q3", "q2", "q1", "q0"]
    assert [i["question"] for i in list_feedback(db, limit=2)] == ["q4", "q3"]


def test_an_item_is_marked_reviewed_with_a_note_and_unmarked(tmp_path):
    db = tmp_path / "feedback.sqlite3"
    first = record_feedback(db, question="q0", answer="a0", citations=[], vote="dislike")
    second = record_feedback(db, question="q1", answer="a1", citations=[], vote="like")
    reviewed = mark_reviewed(db, first["id"], note="Answered by phone. " + "n" * 3000)
    assert reviewed["reviewed"] is True and reviewed["reviewed_at"].endswith("+00:00")
    assert reviewed["note"].startswith("Answered by phone.") and len(reviewed["note"]) == 2000
    assert {i["id"]: i for i in list_feedback(db)}[first["id"]] == reviewed
    assert {i["id"]: i for i in list_feedback(db)}[second["id"]] == second  # the other item is untouched
    unreviewed = mark_reviewed(db, first["id"], note="reopened", reviewed=False)
    assert (unreviewed["reviewed"], unreviewed["reviewed_at"], unreviewed["note"]) == (False, None, "reopened")
    assert unreviewed["question"] == "q0"
    with pytest.raises(FeedbackError, match="no feedback item 999"):
        mark_reviewed(db, 999, note="x")
    with pytest.raises(FeedbackError, match="no feedback item 1"):
        mark_reviewed(tmp_path / "missing.sqlite3", 1)
    assert not (tmp_path / "missing.sqlite3").exists()


def test_the_csv_round_trips_and_neutralises_formulas(tmp_path):
    db = tmp_path / "feedback.sqlite3"
    citations = [{"source": "brochure.pdf", "page": 3, "sentence": 0}, {"source": "brochure.pdf", "page": 3},
                 {"source": "note.txt", "page": 1}]
    item = record_feedback(db, question='Say "hello",\nthen stop', answer="-5 members", citations=citations,
                           vote="dislike", comment='=HYPERLINK("http://evil.example","click")')
    mark_reviewed(db, item["id"], note="@SUM(A1)")
    rows = list(csv.reader(io.StringIO(feedback_csv(list_feedback(db)))))
    assert rows[0] == ["id", "time", "vote", "question", "answer", "cited", "comment", "reviewed", "reviewed_at", "note"]
    row = dict(zip(rows[0], rows[1]))
    assert len(rows) == 2 and row["id"] == str(item["id"]) and row["time"] == item["time"]
    assert row["question"] == 'Say "hello",\nthen stop'
    assert row["cited"] == "brochure.pdf p. 3; note.txt p. 1"
    assert row["comment"] == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    assert (row["answer"], row["note"]) == ("'-5 members", "'@SUM(A1)")
    assert row["reviewed"] == "yes" and row["reviewed_at"]
    assert feedback_csv([]).splitlines() == [",".join(rows[0])]


def test_the_old_log_is_imported_once_and_never_changed(tmp_path):
    log, db = tmp_path / "feedback.jsonl", tmp_path / "feedback.sqlite3"
    log.write_text(old_line("2026-11-01T09:00:00+0100", "q1", citations=[{"source": "b.pdf", "page": 2}])
                   + old_line("2026-11-02T09:00:00+0000", "q2", "dislike", comment="bad")
                   + old_line("2026-11-02T09:00:00+0000", "q2", "dislike", comment="bad"),  # sent twice: kept twice
                   encoding="utf-8")
    assert import_jsonl(db, log) == {"imported": 3, "already": 0, "unreadable": 0}
    items = list_feedback(db)
    assert [i["question"] for i in items] == ["q2", "q2", "q1"]
    assert items[2]["time"] == "2026-11-01T08:00:00+00:00" and items[2]["citations"] == [{"source": "b.pdf", "page": 2}]
    assert items[0]["comment"] == "bad" and items[0]["reviewed"] is False
    assert import_jsonl(db, log) == {"imported": 0, "already": 3, "unreadable": 0}
    with log.open("a", encoding="utf-8") as handle:
        handle.write(old_line("2026-11-03T09:00:00+0000", "q3"))
        handle.write('{"time": "2026-11-03T10:00:00+0000", "question": "cut sho\n')  # a line cut short
        handle.write(json.dumps({"time": "2026-11-03T11:00:00+0000", "answer": "no question", "vote": "like"}) + "\n")
        handle.write("\n")  # a blank line is nothing, not an unreadable item
    before = log.read_bytes()
    assert import_jsonl(db, log) == {"imported": 1, "already": 3, "unreadable": 2}
    assert import_jsonl(db, log) == {"imported": 0, "already": 4, "unreadable": 2}
    assert log.read_bytes() == before
    assert [i["question"] for i in list_feedback(db)] == ["q3", "q2", "q2", "q1"]


def test_importing_a_missing_log_does_nothing(tmp_path):
    db = tmp_path / "feedback.sqlite3"
    assert import_jsonl(db, tmp_path / "feedback.jsonl") == {"imported": 0, "already": 0, "unreadable": 0}
    assert not db.exists()
