"""Whether answers hold when the same texts are printed otherwise: the benchmark's documents
reprinted two ways and asked the tuning part's questions beside the documents as they are:
  swapped   spaced dashes swapped (" - " for " – " and back, as "I. – 1." and "I. - 1." print the
            same paragraph) and "1°" typed "1º";
  compact   an enumerator's dash without spaces ("I.-1. Les…", "Art. 2.-Le comité…"), as the
            consolidated codes print it.

    .venv/bin/python bench/typography_eval.py             # the tuning part
    .venv/bin/python bench/typography_eval.py --heldout   # and the held-out part (report only)

Official texts reach users from many sources (Légifrance, the Journal officiel, a ministry's
page), each with its own dashes and signs; an answer that changes with them was read from the
typography, not the text. Text files are rewritten (PDFs are copied as they are) into
data/typography/STYLE/documents and indexed into data/typography/STYLE/index (once; later runs
reuse it). Prints the columns and the questions whose outcome differs from the documents as
printed; writes bench/results/typography.json.
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
_ENUMERATOR_DASH_RE = re.compile(r"(?<=[.)°]) [-–] ")


def swapped(text: str) -> str:
    """``text`` with each spaced hyphen printed as an en dash and the reverse, and "1°" as "1º"."""
    return _DEGREE_RE.sub("º", _SPACED_DASH_RE.sub(lambda m: "–" if m.group(0) == "-" else "-", text))


def compact(text: str) -> str:
    """``text`` with the dash after an enumerator printed without spaces ("I. - 1." as "I.-1.")."""
    return _ENUMERATOR_DASH_RE.sub("-", text)


STYLES = {"swapped": swapped, "compact": compact}


def reprint(source: Path, target: Path, style) -> None:
    """Copy the documents in ``source`` to ``target``, their text files reprinted by ``style``."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.iterdir()):
        if path.suffix.lower() in TEXT_SUFFIXES:
            (target / path.name).write_text(style(path.read_text(encoding="utf-8")), encoding="utf-8")
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
    as_printed = scored(Settings(corpus_dir=BENCH / "documents", data_dir=ROOT / "data" / "generalisation"), parts)
    table = {f"as printed ({part})": as_printed[part]["summary"] for part in parts}
    for name, style in STYLES.items():
        folder = ROOT / "data" / "typography" / name
        reprint(BENCH / "documents", folder / "documents", style)
        reports = scored(Settings(corpus_dir=folder / "documents", data_dir=folder / "index"), parts)
        for part in parts:
            table[f"{name} ({part})"] = reports[part]["summary"]
            changed = [a["id"] for a, b in zip(as_printed[part]["results"], reports[part]["results"])
                       if a["correct"] != b["correct"]]
            table[f"changed, {name} ({part})"] = {"questions": len(changed)}
            print(f"{name}, {part}: {len(changed)} outcomes changed: {' '.join(changed)}", file=sys.stderr)
    columns = [name for name in table if not name.startswith("changed")]
    print("| metric | " + " | ".join(columns) + " |")
    print("| --- |" + " ---: |" * len(columns))
    for metric in METRICS:
        print(f"| {metric} | " + " | ".join(f"{table[c][metric]:.3f}" for c in columns) + " |")
    for name in STYLES:
        for part in parts:
            print(f"| outcomes changed, {name} ({part}) | {table[f'changed, {name} ({part})']['questions']} |")
    out = ROOT / "bench" / "results" / "typography.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(table, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
