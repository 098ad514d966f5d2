"""Startup of the web app: process start to the page served and a first answer given.

Runs `cluster-assistant serve` twice on a fresh data folder: the first run builds the index,
the second finds it. Prints seconds to HTTP 200 and to the first answer through
gradio_client. Usage: .venv/bin/python bench/startup.py
"""

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


def run_once(data_dir: Path) -> tuple[float, float]:
    """Seconds from process start to the page, and to the first answer."""
    port = free_port()
    env = {**os.environ, "CLUSTER_ASSISTANT_DATA_DIR": str(data_dir), "CLUSTER_ASSISTANT_PORT": str(port),
           "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    started = time.perf_counter()
    process = subprocess.Popen([str(Path(sys.executable).with_name("cluster-assistant")), "serve"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
        from gradio_client import Client

        Client(url, verbose=False).predict("How many firms do the clusters count?", [], api_name="/ask")
        return page, time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    """Print the table."""
    with tempfile.TemporaryDirectory() as tmp:
        first = run_once(Path(tmp))
        second = run_once(Path(tmp))
    print(f"{'run':<28} {'page (s)':>9} {'first answer (s)':>17}")
    print(f"{'first (builds the index)':<28} {first[0]:>9.1f} {first[1]:>17.1f}")
    print(f"{'with the index built':<28} {second[0]:>9.1f} {second[1]:>17.1f}")


if __name__ == "__main__":
    main()
