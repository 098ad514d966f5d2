"""Whether answers hold when the same texts are printed otherwise: the benchmark's documents with
their spaced dashes swapped (" - " for " – " and back, as "I. – 1." and "I. - 1." print the same
paragraph) and "1°" typed "1º", asked the tuning part's questions beside the documents as they are.

    .venv/bin/python bench/typography_eval.py             # the tuning part
    .venv/bin/python bench/typography_eval.py --heldout   # and the held-out part (report only)

Official texts reach users from many sources (Légifrance, the Journal officiel, a ministry's
page), each with its own dashes and signs; an answer that changes with them was read from the
typography, not the text. Text files are rewritten (PDFs are copied as they are) into
data/typography/documents and indexed into data/typography/index (once; later runs reuse it).
Prints both columns and the questions whose outcome differs; writes bench/results/typography.json.
"""

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.evaluate import evaluate, load_questions  # noqa: E402
from assistant.indexing import update_index  # noqa: E402
from assistant.pipeline import Assistant  # noqa: E402
from assistant.settings import Settings, configure_process  # noqa: E402

BENCH = ROOT / "bench" / "generalisation"
TEXT_SUFFIXES = {".txt", ".md", ".html", ".htm"}
METRICS = ("answer_accuracy", "french_accuracy", "abstention_accuracy", "citation_precision", "recall_at_5", "mrr")
_SPACED_DASH_RE = re.compile(r"(?<= )[-–](?= )")
_DEGREE_RE = re.compile(r"(?<=\d)°")


def reprinted(text: str) -> str:
    """``text`` with each spaced hyphen printed as an en dash and the reverse, and "1°" as "1º"."""
    return _DEGREE_RE.sub("º", _SPACED_DASH_RE.sub(lambda m: "–" if m.group(0) == "-" else "-", text))


def reprint(source: Path, target: Path) -> None:
    """Copy the documents in ``source`` to ``target``, their text files reprinted."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.iterdir()):
        if path.suffix.lower() in TEXT_SUFFIXES:
            (target / path.name).write_text(reprinted(path.read_text(encoding="utf-8")), encoding="utf-8")
        elif path.is_file():
            shutil.copyfile(path, target / path.name)


def scored(settings: Settings, parts: list[str]) -> dict[str, dict]:
    """Each part's report over the index that ``settings`` name, brought up to date first."""
    update_index(settings)
    assistant = Assistant.open(settings)
    try:
        return {part: evaluate(load_questions(BENCH / f"{part}.jsonl"), assistant) for part in parts}
    finally:
        assistant.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heldout", action="store_true", help="also report the held-out part")
    args = parser.parse_args()
    configure_process()
    parts = ["tune", "heldout"] if args.heldout else ["tune"]
    folder = ROOT / "data" / "typography"
    reprint(BENCH / "documents", folder / "documents")
    as_printed = scored(Settings(corpus_dir=BENCH / "documents", data_dir=ROOT / "data" / "generalisation"), parts)
    reprinted_reports = scored(Settings(corpus_dir=folder / "documents", data_dir=folder / "index"), parts)
    table = {}
    for part in parts:
        table[f"as printed ({part})"] = as_printed[part]["summary"]
        table[f"reprinted ({part})"] = reprinted_reports[part]["summary"]
        changed = [a["id"] for a, b in zip(as_printed[part]["results"], reprinted_reports[part]["results"])
                   if a["correct"] != b["correct"]]
        table[f"changed ({part})"] = {"questions": len(changed)}
        print(f"{part}: {len(changed)} outcomes changed: {' '.join(changed)}", file=sys.stderr)
    columns = [name for name in table if not name.startswith("changed")]
    print("| metric | " + " | ".join(columns) + " |")
    print("| --- |" + " ---: |" * len(columns))
    for metric in METRICS:
        print(f"| {metric} | " + " | ".join(f"{table[c][metric]:.3f}" for c in columns) + " |")
    for part in parts:
        print(f"| outcomes changed ({part}) | {table[f'changed ({part})']['questions']} |")
    out = ROOT / "bench" / "results" / "typography.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(table, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
