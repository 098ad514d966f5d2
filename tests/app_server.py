"""A real app server on a free loopback port, over a real index of the bundled corpus (for the UI tests)."""

import socket
import threading
import time
from contextlib import contextmanager

from conftest import copy_built

STAFF = ("staff", "correct horse battery staple")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_app(root, built, **settings_fields):
    """The whole web app (public and staff), in a thread, over a copy of the ``built`` brochure index."""
    import uvicorn

    from assistant.pipeline import Assistant
    from assistant.settings import Settings
    from ui.app import create_server

    copy_built(built, root)
    settings = Settings(corpus_dir=root / "corpus", data_dir=root / "data", port=free_port(),
                        staff_user=STAFF[0], staff_password=STAFF[1], **settings_fields)
    assistant = Assistant.open(settings)
    config = uvicorn.Config(create_server(assistant, settings), host="127.0.0.1", port=settings.port,
                            log_level="warning", timeout_graceful_shutdown=1)
    runner = uvicorn.Server(config)
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()
    deadline = time.time() + 60
    while not runner.started and time.time() < deadline:
        time.sleep(0.1)
    assert runner.started, "the app did not start"
    try:
        yield settings, f"http://127.0.0.1:{settings.port}/"
    finally:
        runner.should_exit = True
        thread.join(timeout=10)
        assistant.close()


def last_answer(history) -> str:
    """The text of the last assistant message of a chat history returned by /ask."""
    content = history[-1]["content"]
    if isinstance(content, list):
        return " ".join(part.get("text", "") for part in content)
    return content
