"""Per-client rate limits (the ``limits`` library): the public endpoints, and failed staff logins."""

import logging
import math
import time

from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.responses import JSONResponse

log = logging.getLogger(__name__)


class Throttle:
    """A moving-window limit per client address, kept in this process's memory (one per server)."""

    def __init__(self, rate: str) -> None:
        self.rate = rate
        self._item = parse(rate)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def hit(self, scope: str, client: str) -> bool:
        """Count one request of ``client``; False when it is over the limit (and so refused)."""
        return self._limiter.hit(self._item, scope, client)

    def clear(self, scope: str, client: str) -> None:
        """Forget ``client``'s count (after a successful login)."""
        self._limiter.clear(self._item, scope, client)

    def retry_after(self, scope: str, client: str) -> int:
        """Seconds until ``client`` may try again."""
        reset = self._limiter.get_window_stats(self._item, scope, client).reset_time
        return max(1, math.ceil(reset - time.time()))

    def message(self, seconds: int) -> str:
        """What a client refused for ``seconds`` is told."""
        return f"Too many requests (the limit is {self.rate} per client); please try again in {seconds} s."


def client_address(scope_or_request) -> str:
    """The client's address (behind a trusted proxy, uvicorn has already put the forwarded one here)."""
    client = scope_or_request.get("client") if isinstance(scope_or_request, dict) else scope_or_request.client
    if client is None:
        return "unknown"
    return client[0] if isinstance(client, (tuple, list)) else client.host


class LoginThrottle:
    """ASGI middleware: after too many failed logins at ``path``, a client gets 429 until the window passes."""

    def __init__(self, app, throttle: Throttle, path: str) -> None:
        self.app = app
        self.throttle = throttle
        self.path = path

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"].rstrip("/") != self.path:
            await self.app(scope, receive, send)
            return
        client = client_address(scope)
        # Counted before the attempt is checked, so that many attempts sent at once are all counted.
        if not self.throttle.hit("login", client):
            log.warning("staff login refused: too many failed attempts from %s", client)
            seconds = self.throttle.retry_after("login", client)
            refused = JSONResponse(status_code=429, headers={"retry-after": str(seconds)}, content={"error": {
                "code": "too_many_requests", "message": f"Too many failed logins; please try again in {seconds} s."}})
            await refused(scope, receive, send)
            return
        status = {}

        async def watching(message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        await self.app(scope, receive, watching)
        if status.get("code", 500) >= 400:
            log.info("failed staff login from %s", client)
        else:
            self.throttle.clear("login", client)  # a success forgets the failures before it

