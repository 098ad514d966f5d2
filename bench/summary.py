"""The benchmark suite's figures in one Markdown table, from bench/results/*.json (for the README).

Usage: .venv/bin/python bench/summary.py   (after the benchmarks; `make bench` runs them all)
"""

import json
import os
import platform
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def load(name: str) -> dict | list | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.machine())
    memory = next((int(line.split()[1]) // 2**20 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    return f"{os.cpu_count()} cores ({model}), {memory} GiB, Python {platform.python_version()}"


def main() -> None:
    rows = ["| benchmark | figure | floor or baseline, same run | ratio |", "| --- | --- | --- | ---: |"]
    ask = load("ask_latency")
    if ask:
        s = ask["summary"]
        floor, plain, cached = (s["floor: embed + 1 Chroma query"], s["ask (extractive, no cache)"],
                                s["ask, repeated question (cache)"])
        rows.append(f"| ask latency, warm, extractive | p50 {plain['p50_ms']:.1f} ms, p95 {plain['p95_ms']:.1f} ms "
                    f"| embed + 1 Chroma query: p50 {floor['p50_ms']:.1f} ms | {ask['ratio_p50']:.2f}x |")
        rows.append(f"| ask, repeated question (query cache) | p50 {cached['p50_ms']:.1f} ms "
                    f"| same floor | {cached['p50_ms'] / floor['p50_ms']:.2f}x |")
    ingest = load("ingest")
    for row in ingest or []:
        rows.append(f"| ingest, {row['model']}, {row['corpus']} ({row['records']} records) "
                    f"| {row['ingest_records_per_s']:.1f} records/s | embedding alone: "
                    f"{row['floor_records_per_s']:.1f} records/s | {row['ingest_vs_floor']:.2f}x |")
        rows.append(f"| re-ingest unchanged, {row['model']}, {row['corpus']} | {row['reingest_s']:.3f} s, "
                    f"nothing embedded | target < 1 s | |")
    scale = load("scale")
    if scale:
        first = scale["rows"][0]
        for row in scale["rows"]:
            rows.append(f"| scale: {row['chunks']:,} chunks ({row['records']:,} records) | ask p50 "
                        f"{row['ask_p50_ms']:.1f} ms, p95 {row['ask_p95_ms']:.1f} ms, RSS {row['rss_mib']:.0f} MiB "
                        f"| ask p50 at {first['chunks']:,} chunks: {first['ask_p50_ms']:.1f} ms "
                        f"(floor here {row['floor_p50_ms']:.1f} ms) | {row['ask_p50_ms'] / first['ask_p50_ms']:.2f}x |")
    startup = load("startup")
    if startup:
        rows.append(f"| cold start, index built: page / first answer | {startup['cold_page_s']:.1f} s / "
                    f"{startup['cold_answer_s']:.1f} s | bare Gradio app page: {startup['bare_page_s']:.1f} s "
                    f"| {startup['cold_page_s'] / startup['bare_page_s']:.2f}x |")
    concurrency = load("concurrency")
    if concurrency:
        base = next((r for r in concurrency["rows"] if r["limit"] == 1), concurrency["rows"][0])
        for row in concurrency["rows"]:
            rows.append(f"| {row['users']} users at once, queue concurrency {row['limit']} | {row['per_s']:.1f} "
                        f"answers/s, p95 {row['p95_s']:.2f} s | concurrency 1: {base['per_s']:.1f} answers/s "
                        f"| {row['per_s'] / base['per_s']:.2f}x |")
    print(f"Machine: {machine()}\n")
    print("\n".join(rows))


if __name__ == "__main__":
    sys.exit(main())
