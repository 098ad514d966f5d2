"""Score the assistant on the probe corpus (bench/probe/), which nothing was ever fitted or tuned on.

    .venv/bin/python bench/probe_eval.py

Puts the probe's two French texts beside the bundled brochure in data/probe/corpus (with one merged
metadata file), indexes it into data/probe (once; later runs reuse the index), asks the 44 probe
questions and prints the summary; writes data/probe/report.json. Report only: never tune on it.
"""

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.evaluate import evaluate, load_questions  # noqa: E402
from assistant.indexing import update_index  # noqa: E402
from assistant.pipeline import Assistant  # noqa: E402
from assistant.settings import Settings, configure_process  # noqa: E402

PROBE = ROOT / "bench" / "probe"
BUNDLED = ROOT / "corpus" / "documents"
DATA = ROOT / "data" / "probe"
METRICS = ("answer_accuracy", "french_accuracy", "abstention_accuracy", "citation_precision", "recall_at_5",
           "mrr", "median_answer_chars", "p50_latency_ms")


def merged_corpus(folder: Path) -> Path:
    """Copy the probe documents and the bundled corpus into ``folder`` with one metadata file."""
    folder.mkdir(parents=True, exist_ok=True)
    documents = {}
    for source in (BUNDLED, PROBE / "documents"):
        listed = json.loads((source / "metadata.json").read_text(encoding="utf-8"))["documents"]
        for name in listed:
            shutil.copy2(source / name, folder / name)
        documents.update(listed)
    (folder / "metadata.json").write_text(json.dumps({"documents": documents}, ensure_ascii=False, indent=2),
                                          encoding="utf-8")
    return folder


def main() -> None:
    configure_process()
    settings = Settings(corpus_dir=merged_corpus(DATA / "corpus"), data_dir=DATA)
    update_index(settings)
    assistant = Assistant.open(settings)
    try:
        report = evaluate(load_questions(PROBE / "questions.jsonl"), assistant)
    finally:
        assistant.close()
    (DATA / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    failed = [r["id"] for r in report["results"] if not r["correct"]]
    print(f"failed {len(failed)}: {' '.join(failed)}", file=sys.stderr)
    for metric in METRICS:
        value = report["summary"][metric]
        print(f"{metric}: {value:.3f}" if value <= 1 else f"{metric}: {value:.0f}")


if __name__ == "__main__":
    main()
