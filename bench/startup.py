"""Startup of the web app: process start to the page served and a first answer given.

Runs `cluster-assistant serve` twice on a fresh data folder: the first run builds the index,
the second finds it (the cold start). Beside them, the floor: a bare Gradio app (one
textbox) started by the same Python, to its page. Prints seconds to HTTP 200 and to the
first answer through gradio_client, and writes bench/results/startup.json.
Usage: .venv/bin/python bench/startup.py
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


BARE_APP = """
import sys, gradio as gr
with gr.Blocks() as demo:
    gr.Textbox()
demo.launch(server_name="127.0.0.1", server_port=int(sys.argv[1]))
"""


def run_once(data_dir: Path, bare: bool = False) -> tuple[float, float | None]:
    """Seconds from process start to the page, and to the first answer (None for the bare app)."""
    port = free_port()
    env = {**os.environ, "CLUSTER_ASSISTANT_DATA_DIR": str(data_dir), "CLUSTER_ASSISTANT_PORT": str(port),
           "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    command = [sys.executable, "-c", BARE_APP, str(port)] if bare else \
        [str(Path(sys.executable).with_name("cluster-assistant")), "serve"]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        while True:
            try:
                if urllib.request.urlopen(url, timeout=1).status == 200:
                    break
            except OSError:
                if time.perf_counter() - started > 300:
                    raise RuntimeError("the app did not start in 300 s")
                time.sleep(0.1)
        page = time.perf_counter() - started
        if bare:
            return page, None
        from gradio_client import Client

        Client(url, verbose=False).predict("How many firms do the clusters count?", [], api_name="/ask")
        return page, time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    """Print the table."""
    with tempfile.TemporaryDirectory() as tmp:
        bare = run_once(Path(tmp), bare=True)
        first = run_once(Path(tmp))
        second = run_once(Path(tmp))
    print(f"{'run':<34} {'page (s)':>9} {'first answer (s)':>17}")
    print(f"{'floor: a bare Gradio app':<34} {bare[0]:>9.1f} {'—':>17}")
    print(f"{'first (builds the index)':<34} {first[0]:>9.1f} {first[1]:>17.1f}")
    print(f"{'cold start, index built':<34} {second[0]:>9.1f} {second[1]:>17.1f}")
    print(f"cold start page / bare Gradio page: {second[0] / bare[0]:.2f}x")
    out = ROOT / "bench" / "results" / "startup.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"bare_page_s": round(bare[0], 2), "first_page_s": round(first[0], 2),
                               "first_answer_s": round(first[1], 2), "cold_page_s": round(second[0], 2),
                               "cold_answer_s": round(second[1], 2)}, indent=2))


if __name__ == "__main__":
    main()
