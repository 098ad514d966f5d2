"""Assign each benchmark question its ``split`` ("tune" or "heldout"), in place. Idempotent.

Rule (fixed before any tuning; see README.md):

0. every question whose id starts with ``leg-`` or ``cal-`` is "tune" and stays out of the pool
   sampled in 3: later batches of fitting-only questions, added after the split was fixed (``leg-``
   on the document ``decret-zones-rd.txt``; ``cal-``, near misses and answerable questions on the
   tuning documents, to give the confidence model more to learn from), so that adding them leaves
   every earlier question's split unchanged;
1. every question whose ``document`` is ``decret-organisation.txt`` is held out (the held-out document);
2. every unanswerable question about the décret's subject (the national steering committee of the
   clusters) is held out: those are the ids listed in ``COMMITTEE_UNANSWERABLE`` below;
3. of the remaining questions, 30 % (rounded to the nearest integer) are held out: their ids are
   sorted, and ``random.Random(20261129).sample(sorted_ids, k)`` picks the held-out ones;
4. everything else is "tune".

The choice depends only on the ids and the rules above, never on the current split values,
so running the script again gives the same result. Run from /work/main:
``.venv/bin/python bench/generalisation/assign_splits.py``.
"""

import json
import random
from pathlib import Path

QUESTIONS = Path(__file__).resolve().parent / "questions.jsonl"
HELDOUT_DOCUMENT = "decret-organisation.txt"
# Unanswerable near misses about the steering committee that the décret (arrêté) describes.
COMMITTEE_UNANSWERABLE = {
    "gen-199", "gen-200", "gen-201", "gen-202", "gen-203", "gen-204",
    "gen-205", "gen-206", "gen-207", "gen-208", "gen-209", "gen-210",
}
# Rule 0: later batches of fitting-only questions, added after the split was fixed.
TUNE_ONLY_PREFIXES = ("leg-", "cal-")
SEED = 20261129
HELDOUT_SHARE = 0.30


def assign(questions: list[dict]) -> list[dict]:
    """Return the questions with their ``split`` field set by the rule above."""
    fixed = set()
    tune_only = set()
    for q in questions:
        if q["id"].startswith(TUNE_ONLY_PREFIXES):
            if q.get("document") == HELDOUT_DOCUMENT:
                raise SystemExit(f"{q['id']} is a tune-only question on the held-out document")
            tune_only.add(q["id"])
        elif q.get("document") == HELDOUT_DOCUMENT:
            fixed.add(q["id"])
        elif q["id"] in COMMITTEE_UNANSWERABLE:
            if q["answerable"]:
                raise SystemExit(f"{q['id']} is listed as an unanswerable committee question but is answerable")
            fixed.add(q["id"])
    remaining = sorted(q["id"] for q in questions if q["id"] not in fixed | tune_only)
    k = round(HELDOUT_SHARE * len(remaining))
    sampled = set(random.Random(SEED).sample(remaining, k))
    heldout = fixed | sampled
    out = []
    for q in questions:
        q = {key: value for key, value in q.items() if key != "split"}
        q["split"] = "heldout" if q["id"] in heldout else "tune"
        out.append(q)
    return out


def main() -> None:
    lines = [line for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = assign([json.loads(line) for line in lines])
    QUESTIONS.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in questions), encoding="utf-8")
    # Each part in a file of its own: fitting scripts read tune.jsonl only, the CI gate heldout.jsonl.
    for part in ("tune", "heldout"):
        QUESTIONS.with_name(f"{part}.jsonl").write_text(
            "".join(json.dumps(q, ensure_ascii=False) + "\n" for q in questions if q["split"] == part),
            encoding="utf-8")
    held = sum(q["split"] == "heldout" for q in questions)
    print(f"{len(questions)} questions: {held} heldout, {len(questions) - held} tune")


if __name__ == "__main__":
    main()
