"""A real app server on a free loopback port, over a real index of the bundled corpus (for the UI tests)."""

import os
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
    from ui.server import create_server

    copy_built(built, root)
    # The server's own Gradio cache (read from the environment while it runs), so tests see only its files.
    cache_before = os.environ.get("GRADIO_TEMP_DIR")
    os.environ["GRADIO_TEMP_DIR"] = str(root / "gradio-cache")
    settings = Settings(corpus_dir=root / "corpus", data_dir=root / "data", port=free_port(),
                        staff_user=STAFF[0], staff_password=STAFF[1], **settings_fields)
    assistant = Assistant.open(settings)
    # As `serve` runs it: behind a trusted proxy (here, the test itself), X-Forwarded-For names the client.
    config = uvicorn.Config(create_server(assistant, settings), host="127.0.0.1", port=settings.port,
                            log_level="warning", timeout_graceful_shutdown=1, proxy_headers=True,
                            forwarded_allow_ips=settings.forwarded_allow_ips)
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
        if cache_before is None:
            os.environ.pop("GRADIO_TEMP_DIR", None)
        else:
            os.environ["GRADIO_TEMP_DIR"] = cache_before


def last_answer(history) -> str:
    """The text of the last assistant message of a chat history returned by /ask."""
    content = history[-1]["content"]
    if isinstance(content, list):
        return " ".join(part.get("text", "") for part in content)
    return content
