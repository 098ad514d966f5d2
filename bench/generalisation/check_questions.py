"""Check the generalisation benchmark's questions against its documents (cheap: no embedding).

Loads every document of ``documents/`` with the project's loader, then checks that every evidence
phrase of an answerable question appears in one page of its document (and in no other
document), that every fact (or one of
its alternatives) appears in that document, that ids are unique, that the shares the benchmark
promises hold, and that the splits follow the rule of ``assign_splits.py``. Prints a summary.
Run from /work/main: ``.venv/bin/python bench/generalisation/check_questions.py``; exits 1 on failure.
"""

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from assistant.matching import contains, normalize  # noqa: E402
from corpus.load import load  # noqa: E402
from corpus.metadata import read_metadata  # noqa: E402

DOCUMENTS = HERE / "documents"
QUESTIONS = HERE / "questions.jsonl"
DEV = HERE.parent.parent / "tests" / "data" / "dev.jsonl"
DISTRACTORS = {"distractor-collecte-dechets.md", "distractor-harbour-maintenance.txt"}
HELDOUT_DOCUMENT = "decret-organisation.txt"
CATEGORIES = {"fact", "multi", "list", "definition", "project", "followup", "unanswerable", "adversarial", "reasoning"}
FIELDS = ["id", "category", "language", "answerable", "question", "history", "facts", "evidence", "document", "split"]
MIN_QUESTIONS, MIN_FRENCH, MIN_UNANSWERABLE = 170, 0.40, 0.20


def load_corpus() -> dict[str, list[str]]:
    """``{file name: [page texts]}`` for every document the metadata file lists."""
    metadata = read_metadata(DOCUMENTS)
    pages = {}
    for path in sorted(DOCUMENTS.iterdir()):
        if path.name == "metadata.json":
            continue
        if path.name not in metadata:
            raise SystemExit(f"{path.name} has no entry in metadata.json")
        pages[path.name] = [doc.page_content for doc in load(path, DOCUMENTS, metadata)]
    missing = set(metadata) - set(pages)
    if missing:
        raise SystemExit(f"metadata.json lists missing files: {sorted(missing)}")
    return pages


def alternatives(fact) -> list[str]:
    return fact if isinstance(fact, list) else [fact]


def check(questions: list[dict], corpus: dict[str, list[str]]) -> list[str]:
    errors = []
    texts = {name: "\n\n".join(p) for name, p in corpus.items()}
    ids = Counter(q["id"] for q in questions)
    errors += [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    dev_questions = {normalize(json.loads(line)["question"]) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()}
    for q in questions:
        qid = q["id"]
        unknown = set(q) - set(FIELDS)
        if unknown or any(f not in q for f in FIELDS if f != "history"):
            errors.append(f"{qid}: fields {sorted(q)}")
        if q["category"] not in CATEGORIES:
            errors.append(f"{qid}: unknown category {q['category']}")
        if q["language"] not in {"en", "fr"}:
            errors.append(f"{qid}: language {q['language']}")
        if q["split"] not in {"tune", "heldout"}:
            errors.append(f"{qid}: split {q['split']!r} (run assign_splits.py)")
        if normalize(q["question"]) in dev_questions:
            errors.append(f"{qid}: same question as in tests/data/dev.jsonl")
        if (q["category"] == "followup") != bool(q.get("history")):
            errors.append(f"{qid}: a followup needs a history, and only a followup has one")
        if not q["answerable"]:
            if q["facts"] or q["evidence"] or q["document"] is not None:
                errors.append(f"{qid}: unanswerable but has facts, evidence or a document")
            continue
        doc = q["document"]
        if doc not in texts or doc in DISTRACTORS:
            errors.append(f"{qid}: document {doc!r} is not an answerable corpus document")
            continue
        if doc == HELDOUT_DOCUMENT and q["split"] != "heldout":
            errors.append(f"{qid}: a question on the held-out document must be held out")
        if not q["facts"] or not q["evidence"]:
            errors.append(f"{qid}: answerable without facts or evidence")
        for fact in q["facts"]:
            if not any(contains(texts[doc], alt) for alt in alternatives(fact)):
                errors.append(f"{qid}: fact {fact!r} not in {doc}")
        for phrase in q["evidence"]:
            if not any(contains(page, phrase) for page in corpus[doc]):
                errors.append(f"{qid}: evidence {phrase!r} not in one page of {doc}")
            if not 3 <= len(phrase.split()) <= 8:
                errors.append(f"{qid}: evidence {phrase!r} should be 3-8 words")
            for other in texts:
                if other != doc and contains(texts[other], phrase):
                    errors.append(f"{qid}: evidence {phrase!r} is also in {other}, so it does not pick out the passage")
    n = len(questions)
    french = sum(q["language"] == "fr" for q in questions) / n
    unanswerable = sum(not q["answerable"] for q in questions) / n
    if n < MIN_QUESTIONS:
        errors.append(f"only {n} questions (at least {MIN_QUESTIONS})")
    if french < MIN_FRENCH:
        errors.append(f"French share {french:.0%} < {MIN_FRENCH:.0%}")
    if unanswerable < MIN_UNANSWERABLE:
        errors.append(f"unanswerable share {unanswerable:.0%} < {MIN_UNANSWERABLE:.0%}")
    return errors


def summary(questions: list[dict]) -> None:
    n = len(questions)

    def show(name, counter):
        parts = ", ".join(f"{k}: {v}" for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))))
        print(f"  by {name}: {parts}")

    print(f"{n} questions")
    show("language", Counter(q["language"] for q in questions))
    show("answerable", Counter(q["answerable"] for q in questions))
    show("category", Counter(q["category"] for q in questions))
    show("document", Counter(q["document"] or "(none: unanswerable)" for q in questions))
    show("split", Counter(q["split"] for q in questions))
    for split in ("tune", "heldout"):
        part = [q for q in questions if q["split"] == split]
        show(f"{split} language", Counter(q["language"] for q in part))
        show(f"{split} answerable", Counter(q["answerable"] for q in part))
    print(f"  French share {sum(q['language'] == 'fr' for q in questions) / n:.1%}, "
          f"unanswerable share {sum(not q['answerable'] for q in questions) / n:.1%}")


def main() -> int:
    questions = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    corpus = load_corpus()
    for name, pages in corpus.items():
        print(f"{name}: {len(pages)} page(s), {sum(len(p) for p in pages):,} characters")
    errors = check(questions, corpus)
    summary(questions)
    for error in errors:
        print("ERROR", error)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
