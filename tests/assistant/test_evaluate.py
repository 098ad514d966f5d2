import json

import pytest
from conftest import DATA

from assistant.baseline import TutorialBaseline
from assistant.evaluate import (
    QuestionSetError,
    compare,
    evaluate,
    load_questions,
    read_report,
    score,
    write_markdown,
)
from assistant.types import Answer, Citation, Passage

QUESTIONS = [
    {"id": "a", "question": "How many companies belong to the French competitiveness clusters?", "answerable": True,
     "language": "en", "category": "fact", "facts": ["7,200"], "evidence": ["count 7,200 firms"]},
    {"id": "b", "question": "And when was it launched?", "history": ["What is the Innovative Cluster Company label about?"],
     "answerable": True, "language": "en", "category": "followup", "facts": [["3 June 2010", "June 3, 2010"]],
     "evidence": ["launched on 3 June 2010"]},
    {"id": "c", "question": "What is the price of a train ticket from Paris to Lyon?", "answerable": False,
     "language": "en", "category": "unanswerable", "facts": [], "evidence": []},
]


def reply(text, abstained=False, cited="", retrieved=()):
    citations = [Citation(1, "doc.pdf", "Doc", 1, cited, cited, 0, len(cited))] if cited else []
    return Answer(question="q", text=text, language="en", abstained=abstained, citations=citations,
                  retrieved=[Passage("doc.pdf", "Doc", 1, t, 1.0, 1.0) for t in retrieved])


def test_scoring_follows_the_matching_rule():
    item = {**QUESTIONS[0], "history": []}
    good = score(item, reply("They count 7 200 firms [1]", cited="count 7,200 firms", retrieved=["x", "count 7,200 firms"]))
    assert good["correct"] and good["fact_recall"] == 1 and good["citation_precision"] == 1
    assert good["recall_at_5"] and good["reciprocal_rank"] == 0.5
    wrong = score(item, reply("They count 7,100 firms [1]", cited="other text", retrieved=["other"]))
    assert not wrong["correct"] and wrong["citation_precision"] == 0 and wrong["reciprocal_rank"] == 0
    declined = score({**QUESTIONS[2], "history": []}, reply("The documents do not say", abstained=True))
    assert declined["correct"] and declined["recall_at_5"] is None


def test_a_fact_with_alternatives_needs_one_of_them():
    item = {**QUESTIONS[1]}
    assert score(item, reply("on June 3, 2010"))["correct"]


def test_the_evaluation_report_on_real_answers(brochure_assistant, tmp_path):
    questions = [{**q, "history": q.get("history", [])} for q in QUESTIONS]
    baseline = TutorialBaseline(brochure_assistant.settings.corpus_dir, brochure_assistant.store.embeddings)
    report = evaluate(questions, brochure_assistant, baseline)
    summary = report["summary"]
    assert summary["questions"] == 3 and summary["answer_accuracy"] == 1.0
    assert summary["abstention_accuracy"] == 1.0 and summary["recall_at_5"] == 1.0
    for key in ("fact_recall", "french_accuracy", "mrr", "citation_precision", "p50_latency_ms",
                "p95_latency_ms", "per_category_accuracy", "median_answer_chars"):
        assert key in summary
    result = report["results"][0]
    assert {"id", "answer", "abstained", "citations", "retrieved", "latency_ms"} <= set(result)
    assert {"source", "page", "text"} <= set(result["citations"][0])
    assert {"source", "page", "text", "score"} <= set(result["retrieved"][0])
    assert report["baseline"]["abstention_accuracy"] == pytest.approx(2 / 3, abs=1e-3)
    assert 0 <= report["baseline"]["recall_at_5"] <= 1 and report["baseline"]["chunks"] > 5
    write_markdown(report, tmp_path / "report.md")
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "| answer_accuracy | 1.000 |" in markdown and "Failed questions (0)" in markdown


def test_the_development_set_loads():
    questions = load_questions(DATA / "dev.jsonl")
    assert len(questions) >= 50
    assert {q["language"] for q in questions} == {"en", "fr"}
    assert sum(not q["answerable"] for q in questions) >= 10


@pytest.mark.parametrize("content, message", [
    ("", "no questions"), ("{not json}\n", "not JSON"), (json.dumps({"id": "x"}) + "\n", "missing"),
])
def test_a_bad_question_file_is_a_clear_error(tmp_path, content, message):
    path = tmp_path / "q.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(QuestionSetError, match=message):
        load_questions(path)


def test_a_split_keeps_its_part_and_the_report_gives_each_part(tmp_path):
    from assistant.evaluate import QuestionSetError, load_questions, summarize

    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps({"id": str(n), "question": f"q{n}", "answerable": False,
                                          "split": "heldout" if n % 3 == 0 else "tune"}) for n in range(6)),
                    encoding="utf-8")
    assert [q["id"] for q in load_questions(path, "heldout")] == ["0", "3"]
    assert len(load_questions(path)) == 6
    with pytest.raises(QuestionSetError, match="no question has split 'test'"):
        load_questions(path, "test")
    assert summarize([])["questions"] == 0


def _result(qid, correct, abstained, answer="a"):
    return {"id": qid, "question": f"question {qid}?", "correct": correct, "abstained": abstained, "answer": answer}


def test_compare_lists_the_questions_whose_outcome_changed():
    old = {"results": [_result("same", True, False), _result("fixed", False, True), _result("broken", True, False),
                       _result("other-way", False, False), _result("gone", True, False),
                       _result("reworded", True, False, "old words")]}
    new = {"results": [_result("same", True, False), _result("fixed", True, False), _result("broken", False, True),
                       _result("other-way", False, True), _result("new", True, False),
                       _result("reworded", True, False, "new words")]}
    changes = compare(old, new)
    assert [c["id"] for c in changes["fixed"]] == ["fixed"] and [c["id"] for c in changes["broken"]] == ["broken"]
    assert [c["id"] for c in changes["abstention"]] == ["other-way"]
    assert changes["added"] == ["new"] and changes["removed"] == ["gone"]
    assert changes["broken"][0]["before"] == "right, answered" and changes["broken"][0]["after"] == "wrong, abstained"
    assert compare(new, new) == {"fixed": [], "broken": [], "abstention": [], "added": [], "removed": []}


def test_a_report_that_is_not_one_is_a_clear_error(tmp_path):
    path = tmp_path / "r.json"
    for text, message in (("{not json", "cannot read"), ('{"summary": {}}', "not an evaluation report"),
                          ('{"results": [{"id": "a"}]}', "result 1 is not a scored question"),
                          ('{"results": ["a"]}', "result 1 is not a scored question")):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(QuestionSetError, match=message):
            read_report(path)
    with pytest.raises(QuestionSetError, match="cannot read"):
        read_report(tmp_path / "missing.json")


def test_an_answer_survives_its_json_form():
    original = reply("They count 7,200 firms [1]", cited="They count 7,200 firms.", retrieved=["x", "y"])
    original.citations[0].year, original.citations[0].url = 2010, "https://example.org/doc"
    back = Answer.from_dict(json.loads(json.dumps(original.to_dict())))
    assert back.to_dict() == original.to_dict()
