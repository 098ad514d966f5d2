"""The JSON HTTP API, mounted at /api beside the web chat: ask, health, documents, OpenAPI docs at /api/docs.

A thin front end like the others: ``POST /api/v1/ask`` returns exactly what
``cluster-assistant ask --json`` prints. Every error is a JSON object
``{"error": {"code": …, "message": …}}`` with its HTTP status, never a traceback.
"""

import hmac
import logging

import anyio
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, ConfigDict, Field, StrictStr
from starlette.exceptions import HTTPException

from assistant.documents import indexed_documents
from assistant.errors import ClusterAssistantError, QuestionError
from assistant.settings import Settings
from ui.throttle import Throttle, client_address

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 256 * 1024  # a question and its history fit many times over
MAX_HISTORY = 50
MAX_WAITING = 32  # questions queued for an answerer beyond those being answered; more get 503


class ApiError(HTTPException):
    """An error the API answers with: an HTTP status, a short code and a message for people.

    An ``HTTPException``, so that FastAPI passes it through as it is even from inside the
    reading of a request body.
    """

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(status, message, headers or {})
        self.code = code


class BodyLimit:
    """ASGI middleware: a request body over ``limit`` bytes is refused (413), declared or streamed."""

    def __init__(self, app, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await _error(413, "too_large", self._message())(scope, receive, send)
            return
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:  # a body without a length, or longer than it said
                raise ApiError(413, "too_large", self._message())
            return message

        await self.app(scope, counted, send)

    def _message(self) -> str:
        """What a refused client is told."""
        return f"The request body is limited to {self.limit // 1024} KiB."


class AskRequest(BaseModel):
    """A question, with the user's earlier questions of the conversation (oldest first)."""

    model_config = ConfigDict(extra="forbid")
    question: StrictStr = Field(description="The question, in English or French.")
    history: list[StrictStr] = Field(default_factory=list, max_length=MAX_HISTORY,
                                     description="Earlier questions of the conversation, oldest first.")


def create_api(assistant, settings: Settings, throttle: Throttle) -> FastAPI:
    """The API app (mount it at /api): its routes, key check, rate limit and JSON errors."""
    # The docs page's scripts are served from the package, not a CDN: the app runs offline.
    api = FastAPIOffline(title="Competitiveness clusters assistant API", version="1",
                         description="Cited answers about France's competitiveness clusters. "
                                     "Send `Authorization: Bearer KEY` when the server sets API keys.",
                         docs_url="/docs", redoc_url=None, openapi_url="/openapi.json")
    # Answering is CPU-bound: as many at once as the chat's queue, the others wait without holding a thread.
    answerers = anyio.CapacityLimiter(settings.queue_concurrency)
    waiting = {"count": 0}  # touched only on the event loop's thread
    keys = [key.encode() for key in settings.api_key_list()]
    bearer = HTTPBearer(auto_error=False, description="One of the server's API keys (CLUSTER_ASSISTANT_API_KEYS).")

    def authorized(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
        """Check the bearer key (when keys are set), comparing in constant time with every key."""
        if not keys:
            return
        given = (credentials.credentials if credentials else "").encode()
        matched = False
        for key in keys:  # no early exit: the time taken does not tell which key came close
            matched |= hmac.compare_digest(given, key)
        if not matched:
            raise ApiError(401, "unauthorized", "A valid API key is required: send 'Authorization: Bearer KEY'.",
                           {"www-authenticate": "Bearer"})

    def limited(request: Request) -> None:
        """Count the request against the client's rate limit."""
        client = client_address(request)
        if not throttle.hit("api", client):
            seconds = throttle.retry_after("api", client)
            raise ApiError(429, "too_many_requests", throttle.message(seconds), {"retry-after": str(seconds)})

    # The limit is counted before the key is checked, so that guessing keys is limited too.
    @api.post("/v1/ask", dependencies=[Depends(limited), Depends(authorized)],
              summary="Answer a question from the documents, with citations")
    async def ask(body: AskRequest) -> dict:
        """The answer as ``cluster-assistant ask --json`` prints it: text, language, abstained,
        citations (source, title, year, url, page, passage, sentence), retrieved passages with
        scores, timings (latency), backend and whether a generated answer was verified."""
        for turn in body.history:
            if len(turn) > settings.max_question_chars:
                raise ApiError(422, "invalid_history",
                               f"Each history turn is limited to {settings.max_question_chars} characters.")
        if waiting["count"] >= MAX_WAITING:
            raise ApiError(503, "busy", "The server is answering many questions; please try again shortly.",
                           {"retry-after": "5"})
        waiting["count"] += 1
        try:
            reply = await anyio.to_thread.run_sync(assistant.ask, body.question, body.history, limiter=answerers)
        finally:
            waiting["count"] -= 1
        return reply.to_dict()

    @api.get("/v1/health", summary="Whether the index is loaded, what it holds, which model and backend")
    def health() -> dict:
        """Open to all (a load balancer's probe): no key, no documents' names."""
        try:
            documents = assistant.store.records.documents()
            chunks = assistant.store.count_chunks()
        except ClusterAssistantError as exc:
            log.warning("health check: index unavailable: %s", exc)
            return JSONResponse(status_code=503, content={
                "status": "unavailable", "index_loaded": False, "message": str(exc),
                "embedding_model": settings.embedding_model, "backend": settings.backend})
        return {"status": "ok", "index_loaded": True, "documents": len(documents), "chunks": chunks,
                "embedding_model": settings.embedding_model, "backend": settings.backend}

    @api.get("/v1/documents", dependencies=[Depends(limited), Depends(authorized)],
             summary="The indexed documents")
    def documents() -> dict:
        """Source, title, year, URL, pages, chunks and ingest time of each indexed document."""
        return {"documents": indexed_documents(assistant.store, settings)}

    _add_error_handlers(api)
    api.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    return api


def _add_error_handlers(api: FastAPI) -> None:
    """Every failure as a JSON error: ours, the question's, validation, and anything unexpected."""

    @api.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError):
        return _error(exc.status_code, exc.code, exc.detail, dict(exc.headers or {}))

    @api.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        # FastAPI's own refusals (unknown path, wrong method, a body not UTF-8), in our format.
        code = {400: "malformed_json", 404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "bad_request")
        message = {400: "The request body could not be read as JSON (UTF-8 text).",
                   404: "No such endpoint; see /api/docs.",
                   405: "This endpoint does not take that method."}.get(exc.status_code, str(exc.detail))
        return _error(exc.status_code, code, message, exc.headers)

    @api.exception_handler(QuestionError)
    async def bad_question(request: Request, exc: QuestionError):
        return _error(422, "invalid_question", str(exc))

    @api.exception_handler(ClusterAssistantError)
    async def failed(request: Request, exc: ClusterAssistantError):
        log.warning("API request failed: %s", exc)
        return _error(503, "unavailable", str(exc))

    @api.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        problems = exc.errors()
        if any(p.get("type") == "json_invalid" for p in problems):
            return _error(400, "malformed_json", "The request body is not valid JSON.")
        return _error(422, "invalid_request", "; ".join(_describe(p) for p in problems))

    @api.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.exception("API request failed unexpectedly")
        return _error(500, "internal_error", "The server failed to answer; the error was logged.")


def _describe(problem: dict) -> str:
    """One validation problem in words: where, and what was expected."""
    where = ".".join(str(part) for part in problem.get("loc", ()) if part != "body") or "body"
    kind = problem.get("type", "")
    if kind == "missing":
        return "the request needs a JSON body such as {\"question\": \"…\"}" if where == "body" \
            else f"'{where}' is required"
    if kind == "extra_forbidden":
        return f"'{where}' is not a known field"
    if kind in ("string_type", "list_type", "model_attributes_type", "dict_type"):
        expected = {"string_type": "a string", "list_type": "a list of strings"}.get(kind, "a JSON object")
        return f"'{where}' must be {expected}"
    return f"'{where}': {problem.get('msg', 'invalid')}"


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """The JSON error response."""
    return JSONResponse(status_code=status, content={"error": {"code": code, "message": message}},
                        headers=headers)
