"""A real app server on a free loopback port, over a real index of the bundled corpus."""

import shutil
import socket
import threading
import time

import pytest
from conftest import DEFAULT_CORPUS

STAFF = ("staff", "correct horse battery staple")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Start the whole web app (public and staff) in a thread; yield its settings and URL."""
    import uvicorn

    from assistant.indexing import update_index
    from assistant.pipeline import Assistant
    from assistant.settings import Settings
    from ui.app import create_server

    root = tmp_path_factory.mktemp("app")
    shutil.copytree(DEFAULT_CORPUS, root / "corpus")
    settings = Settings(corpus_dir=root / "corpus", data_dir=root / "data", port=free_port(),
                        staff_user=STAFF[0], staff_password=STAFF[1])
    update_index(settings)
    assistant = Assistant.open(settings)
    config = uvicorn.Config(create_server(assistant, settings), host="127.0.0.1", port=settings.port,
                            log_level="warning")
    runner = uvicorn.Server(config)
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()
    deadline = time.time() + 60
    while not runner.started and time.time() < deadline:
        time.sleep(0.1)
    assert runner.started, "the app did not start"
    yield settings, f"http://127.0.0.1:{settings.port}/"
    runner.should_exit = True
    thread.join(timeout=10)
    assistant.close()
