"""The web server: the JSON API at /api, the staff pages at /staff, the public app at /, on one FastAPI app."""

import logging

import gradio as gr

from assistant.errors import ClusterAssistantError
from assistant.feedback import import_jsonl
from assistant.settings import Settings
from ui.api import create_api
from ui.app import build_app
from ui.staff import build_staff_app
from ui.throttle import LoginThrottle, Throttle

log = logging.getLogger(__name__)


def create_server(assistant, settings: Settings):
    """The FastAPI app serving everything; the staff pages only when a staff password is set."""
    from fastapi import FastAPI

    _import_old_feedback(settings)
    if settings.api_keys is not None and not settings.api_key_list():
        log.warning("CLUSTER_ASSISTANT_API_KEYS is set but holds no key: the API is open to all")
    server = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)  # the API documents itself at /api/docs
    limits = Throttle(settings.rate_limit)  # per client: one count for the API, another for feedback and downloads
    server.mount("/api", create_api(assistant, settings, limits))
    public = build_app(assistant, settings, limits).queue(default_concurrency_limit=settings.queue_concurrency)
    if settings.staff_password is not None:
        staff = build_staff_app(settings).queue(default_concurrency_limit=1)
        server = gr.mount_gradio_app(server, staff, path="/staff",
                                     auth=(settings.staff_user, settings.staff_password.get_secret_value()),
                                     auth_message="Staff only: documents and feedback.")
        server.add_middleware(LoginThrottle, throttle=Throttle(settings.login_limit), path="/staff/login")
    # show_error off: an unexpected error's text never reaches the public (gr.Error messages still do).
    return gr.mount_gradio_app(server, public, path="", show_error=False)


def _import_old_feedback(settings: Settings) -> None:
    """Bring the feedback log of earlier versions into the feedback database (once; never deleted)."""
    try:
        counts = import_jsonl(settings.feedback_db, settings.feedback_file)
    except ClusterAssistantError as exc:
        log.warning("the old feedback log was not imported: %s", exc)
        return
    if counts["imported"] or counts["unreadable"]:
        log.warning("feedback log %s: %d item(s) imported, %d unreadable line(s) left in the file",
                    settings.feedback_file, counts["imported"], counts["unreadable"])


def serve(assistant, settings: Settings) -> None:
    """Run the web app until interrupted."""
    import uvicorn

    server = create_server(assistant, settings)
    print(f"Serving on http://{settings.host}:{settings.port} (API: /api/docs"
          + ("" if settings.staff_password is None else "; staff pages: /staff") + ")", flush=True)
    uvicorn.run(server, host=settings.host, port=settings.port, log_level="warning",
                proxy_headers=True, forwarded_allow_ips=settings.forwarded_allow_ips)
