"""Scale curve: ask latency and resident memory with 1k, 10k and 100k chunks in the index.

Embedding 100k real chunks would take hours here, so the large indexes are made from the
real index of the bundled corpus: every chunk and its sentence records are copied, each
copy under its own source and keys, with its vectors perturbed by Gaussian noise (sigma
0.02 per dimension, then renormalised) so that copies are near but not identical. Each
size runs in a fresh process (for a clean memory figure): build the index, then ask the
development questions (warm, extractive, query cache off) and measure the floor (embed +
one Chroma query) beside it. Prints a table and writes bench/results/scale.json. Usage:
    .venv/bin/python bench/scale.py [--sizes 1000 10000 100000]
"""

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.settings import Settings, configure_process  # noqa: E402
from assistant.evaluate import percentile  # noqa: E402
from bench.ask_latency import questions  # noqa: E402


def resident_mib() -> float:
    """This process's resident memory now, in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def build(settings: Settings, chunks_wanted: int, base: Path | None = None, seed: int = 0) -> dict:
    """An index of about ``chunks_wanted`` chunks made of perturbed copies of the bundled corpus
    (starting from a copy of ``base``, an index of it already built, if given)."""
    import numpy as np

    from assistant.indexing import open_index, update_index
    from index.store import INDEX_FORMAT

    if base is not None:
        shutil.copytree(base, settings.data_dir)
    update_index(settings)
    store = open_index(settings)
    base = store.collection.get(include=["documents", "metadatas", "embeddings"])
    chunk_count = sum(meta["kind"] == "chunk" for meta in base["metadatas"])
    copies = max(0, round(chunks_wanted / chunk_count) - 1)
    rng = np.random.default_rng(seed)
    vectors = np.asarray(base["embeddings"], dtype=np.float32)
    started = time.perf_counter()
    batch = 5000
    pending = {"ids": [], "documents": [], "metadatas": [], "embeddings": []}

    def flush():
        if pending["ids"]:
            store.collection.add(**pending)
            for values in pending.values():
                values.clear()

    for copy in range(1, copies + 1):
        noisy = vectors + rng.normal(0, 0.02, vectors.shape).astype(np.float32)
        noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
        for record_id, text, meta, vector in zip(base["ids"], base["documents"], base["metadatas"], noisy):
            meta = dict(meta, source=f"copy-{copy}/{meta['source']}", chunk_key=f"{meta['chunk_key']}-{copy}")
            if meta["kind"] == "chunk":  # the copy's records name each other, as ingest's do
                meta["sentence_ids"] = ",".join(f"{sid}-{copy}" for sid in meta["sentence_ids"].split(",") if sid)
            else:
                meta["chunk_id"] = f"{meta['chunk_id']}-{copy}"
            pending["ids"].append(f"{record_id}-{copy}")
            pending["documents"].append(text)
            pending["metadatas"].append(meta)
            pending["embeddings"].append(vector)
            if len(pending["ids"]) >= batch:
                flush()
    flush()
    store.records.set_info("index_format", str(INDEX_FORMAT))
    chunks = store.count_chunks()
    records = store.count()
    store.close()
    return {"chunks": chunks, "records": records, "copies": copies + 1,
            "build_s": round(time.perf_counter() - started, 1)}


def measure_one(chunks_wanted: int, passes: int, base: Path | None) -> dict:
    """Build one index size and measure asks and the floor on it (in this process)."""
    from assistant.indexing import open_index
    from assistant.pipeline import Assistant

    work = Path(tempfile.mkdtemp(prefix="scale-bench-"))
    settings = Settings(data_dir=work / "data", query_cache_size=0)
    built = build(settings, chunks_wanted, base)
    store = open_index(settings)
    assistant = Assistant(store, settings)
    asked = questions()
    for question in asked:
        assistant.ask(question)
    floor_ms, ask_ms = [], []
    for _ in range(passes):
        for question in asked:
            started = time.perf_counter()
            store.collection.query(query_embeddings=[store.embeddings.embed_query(question)], n_results=10)
            floor_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            assistant.ask(question)
            ask_ms.append((time.perf_counter() - started) * 1000)
    store.close()
    return {**built, "ask_p50_ms": round(percentile(ask_ms, 50), 2), "ask_p95_ms": round(percentile(ask_ms, 95), 2),
            "floor_p50_ms": round(percentile(floor_ms, 50), 2), "rss_mib": round(resident_mib(), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000])
    parser.add_argument("--passes", type=int, default=1)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # run one size, print JSON
    parser.add_argument("--base", type=Path, help=argparse.SUPPRESS)  # a data folder to start from
    args = parser.parse_args()
    configure_process()
    if args.one:
        print(json.dumps(measure_one(args.one, args.passes, args.base)))
        return
    from assistant.indexing import update_index

    base = Path(tempfile.mkdtemp(prefix="scale-base-")) / "data"
    update_index(Settings(data_dir=base))  # embedded once, copied for each size
    rows = []
    for size in args.sizes:
        done = subprocess.run([sys.executable, __file__, "--one", str(size), "--passes", str(args.passes),
                               "--base", str(base)], capture_output=True, text=True, check=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        row = rows[-1]
        print(f"{row['chunks']:>7} chunks ({row['records']:>7} records): ask p50 {row['ask_p50_ms']:7.2f} ms, "
              f"p95 {row['ask_p95_ms']:7.2f} ms, floor p50 {row['floor_p50_ms']:6.2f} ms, "
              f"RSS {row['rss_mib']:7.1f} MiB (built in {row['build_s']} s)", flush=True)
    if len(rows) > 1:
        print(f"ask p50 at {rows[-1]['chunks']} chunks / at {rows[0]['chunks']}: "
              f"{rows[-1]['ask_p50_ms'] / rows[0]['ask_p50_ms']:.2f}x (target <= 2x)")
    out = ROOT / "bench" / "results" / "scale.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"rows": rows, "machine": platform.platform(), "python": platform.python_version(),
                               "method": "real brochure records copied with noisy vectors (sigma 0.02)"}, indent=2))
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
