"""The data the fitting scripts learn from: the generalisation benchmark's tuning part and the
development set, each over its own index. Never the held-out part."""

from collections.abc import Callable
from pathlib import Path

from assistant.evaluate import load_questions
from assistant.indexing import update_index
from assistant.pipeline import Assistant
from assistant.settings import Settings, configure_process

ROOT = Path(__file__).resolve().parent.parent
FITTING_SETS = [  # (questions, corpus folder, data folder)
    (ROOT / "bench/generalisation/tune.jsonl", ROOT / "bench/generalisation/documents", ROOT / "data/generalisation"),
    (ROOT / "tests/data/dev.jsonl", ROOT / "corpus/documents", ROOT / "data/calibrate"),
]


def collect(rows: Callable[[list[dict], Assistant], list], prepare: Callable[[Assistant], None] = lambda a: None,
            sets: list[tuple[Path, Path, Path]] = FITTING_SETS) -> list:
    """``rows(questions, assistant)`` over every fitting set (or ``sets``), each index brought up to date first."""
    configure_process()
    found = []
    for questions_file, corpus, folder in sets:
        settings = Settings(corpus_dir=corpus, data_dir=folder)
        update_index(settings)
        assistant = Assistant.open(settings)
        prepare(assistant)
        try:
            found += rows(load_questions(questions_file), assistant)
        finally:
            assistant.close()
    return found
