"""A running deployment asked through its JSON API, with the ``ask`` of a local ``Assistant`` (for ``eval --url``)."""

import logging
import time
from collections.abc import Sequence

import httpx

from assistant.errors import ClusterAssistantError
from assistant.types import Answer

log = logging.getLogger(__name__)


class RemoteError(ClusterAssistantError):
    """The deployment could not be reached, refused the request, or answered something unreadable."""


class RemoteAssistant:
    """Asks ``url``'s ``POST /api/v1/ask``; answers are ``Answer`` objects, as a local assistant's.

    >>> remote = RemoteAssistant("https://assistant.example.org", api_key="…")
    >>> remote.ask("How many firms do the clusters count?").citations

    A 429 answer is waited out (its Retry-After, at most ``max_waits`` times); the latency
    of each answer is the round trip seen from here, the server's own is kept as ``server_total_ms``.
    """

    def __init__(self, url: str, api_key: str | None = None, timeout: float = 120.0, max_waits: int = 5,
                 transport: httpx.BaseTransport | None = None) -> None:
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(base_url=url.rstrip("/"), headers=headers, timeout=timeout,
                                    transport=transport)
        self._max_waits = max_waits

    def ask(self, question: str, history: Sequence[str] = ()) -> Answer:
        """The deployment's answer to ``question`` after the earlier ``history`` questions."""
        started = time.perf_counter()
        data = self._call("POST", "/api/v1/ask", {"question": question, "history": list(history)})
        elapsed = (time.perf_counter() - started) * 1000
        try:
            reply = Answer.from_dict(data)
        except (KeyError, TypeError, ValueError) as exc:
            raise RemoteError(f"the server's answer is not an answer object ({exc})") from exc
        reply.timings = {**reply.timings, "server_total_ms": reply.timings.get("total_ms", 0.0), "total_ms": elapsed}
        return reply

    def health(self) -> dict:
        """What ``GET /api/v1/health`` says (the index, its counts, the model and backend)."""
        return self._call("GET", "/api/v1/health", None)

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    def _call(self, method: str, path: str, body: dict | None) -> dict:
        """A request with the rate limit waited out."""
        for attempt in range(self._max_waits + 1):
            try:
                return self._request(method, path, body)
            except _RateLimited as limited:
                if attempt == self._max_waits:
                    raise RemoteError(f"{method} {path}: HTTP 429: {limited.message}") from None
                log.info("rate limited by the server; waiting %s s", limited.seconds)
                time.sleep(limited.seconds)
        raise AssertionError("unreachable")

    def _request(self, method: str, path: str, body: dict | None) -> dict:
        """One request; a JSON object back, or a ``RemoteError`` saying what went wrong."""
        try:
            response = self._client.request(method, path, json=body)
        except httpx.HTTPError as exc:
            raise RemoteError(f"cannot reach {self._client.base_url} ({type(exc).__name__}: {exc})") from exc
        try:
            data = response.json()
        except ValueError:
            data = None
        message = data.get("error", {}).get("message") if isinstance(data, dict) else None
        if response.status_code == 429:
            raise _RateLimited(_seconds(response.headers.get("retry-after")), message or "too many requests")
        if response.status_code >= 400 or not isinstance(data, dict):
            raise RemoteError(f"{method} {path}: HTTP {response.status_code}: "
                              f"{message or response.text[:200] or 'no answer'}")
        return data


class _RateLimited(Exception):
    """A 429 answer, with how long to wait."""

    def __init__(self, seconds: float, message: str) -> None:
        super().__init__(message)
        self.seconds, self.message = seconds, message


def _seconds(retry_after: str | None) -> float:
    """Retry-After in seconds (1 when absent or a date), at most a minute."""
    try:
        return min(60.0, max(1.0, float(retry_after)))
    except (TypeError, ValueError):
        return 1.0
