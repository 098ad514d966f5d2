"""The generalisation benchmark's split: the held-out part is what the rule gives, and later batches stay out of it."""

import importlib.util
import json
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "generalisation"


@pytest.fixture(scope="module")
def assign_splits():
    """The split script, imported from its file (bench/ is no package on the install path)."""
    spec = importlib.util.spec_from_file_location("assign_splits", BENCH / "assign_splits.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read(name: str) -> list[dict]:
    return [json.loads(line) for line in (BENCH / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_part_files_are_what_the_rule_gives(assign_splits):
    questions = _read("questions.jsonl")
    assigned = {q["id"]: q["split"] for q in assign_splits.assign(questions)}
    assert {q["id"] for q in _read("heldout.jsonl")} == {i for i, s in assigned.items() if s == "heldout"}
    assert {q["id"] for q in _read("tune.jsonl")} == {i for i, s in assigned.items() if s == "tune"}


def test_a_later_batch_changes_no_earlier_question_s_split(assign_splits):
    questions = _read("questions.jsonl")
    earlier = [q for q in questions if not q["id"].startswith(assign_splits.TUNE_ONLY_PREFIXES)]
    alone = {q["id"]: q["split"] for q in assign_splits.assign(earlier)}
    together = {q["id"]: q["split"] for q in assign_splits.assign(questions)}
    assert alone == {i: together[i] for i in alone}
    assert all(together[q["id"]] == "tune" for q in questions if q["id"].startswith(("leg-", "cal-")))


def test_a_tune_only_question_on_the_held_out_document_is_refused(assign_splits):
    question = {"id": "cal-999", "answerable": True, "document": assign_splits.HELDOUT_DOCUMENT}
    with pytest.raises(SystemExit, match="held-out document"):
        assign_splits.assign([question])
