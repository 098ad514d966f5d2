"""A small local chat server for tests: speaks OpenAI chat-completions (SSE streaming) and Ollama's /api/chat.

It stands in for a remote model service, which cannot run here; the clients talking to it
are the real langchain-openai and langchain-ollama code. Loopback only.
"""

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Behaviour:
    """What the server answers: a reply, or a failure."""

    reply: str = "The clusters count 7,200 firms [1]."
    status: int = 200
    delay: float = 0.0  # seconds before each token
    garbage: bool = False  # a body that is not the protocol
    requests: list[dict] = field(default_factory=list)
    headers: list[dict] = field(default_factory=list)
    reply_for: object = None  # a function of the request's messages that gives the reply, if set


class ChatServer:
    """Serve ``behaviour`` on a free loopback port until closed."""

    def __init__(self, behaviour: Behaviour | None = None) -> None:
        self.behaviour = behaviour or Behaviour()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.behaviour))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The server's root address."""
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> "ChatServer":
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _tokens(text: str) -> list[str]:
    """A reply cut the way a model streams it: words with their spaces."""
    return re.findall(r"\S+\s*|\s+", text)


def _handler(behaviour: Behaviour):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            behaviour.requests.append(body)
            behaviour.headers.append({k.lower(): v for k, v in self.headers.items()})
            if behaviour.status != 200:
                self._send(behaviour.status, "application/json", b'{"error": {"message": "model overloaded"}}')
                return
            if behaviour.garbage:
                self._send(200, "application/json", b"<html>this is not a chat completion</html>")
                return
            reply = behaviour.reply_for(body["messages"]) if behaviour.reply_for else behaviour.reply
            if self.path.endswith("/chat/completions"):
                self._openai(body, reply)
            elif self.path == "/api/chat":
                self._ollama(body, reply)
            else:
                self._send(404, "text/plain", b"not found")

        def _openai(self, body: dict, reply: str) -> None:
            if not body.get("stream"):
                time.sleep(behaviour.delay)
                payload = {"id": "c1", "object": "chat.completion", "created": 0, "model": body["model"],
                           "choices": [{"index": 0, "finish_reason": "stop",
                                        "message": {"role": "assistant", "content": reply}}],
                           "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
                self._send(200, "application/json", json.dumps(payload).encode())
                return
            self._start(200, "text/event-stream")
            for token in _tokens(reply):
                time.sleep(behaviour.delay)
                chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": body["model"],
                         "choices": [{"index": 0, "delta": {"content": token}, "finish_reason": None}]}
                if not self._write(f"data: {json.dumps(chunk)}\n\n".encode()):
                    return
            end = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": body["model"],
                   "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
            self._write(f"data: {json.dumps(end)}\n\ndata: [DONE]\n\n".encode())

        def _ollama(self, body: dict, reply: str) -> None:
            self._start(200, "application/x-ndjson")
            for token in _tokens(reply):
                time.sleep(behaviour.delay)
                line = {"model": body["model"], "created_at": "2026-01-01T00:00:00Z",
                        "message": {"role": "assistant", "content": token}, "done": False}
                if not self._write((json.dumps(line) + "\n").encode()):
                    return
            last = {"model": body["model"], "created_at": "2026-01-01T00:00:00Z",
                    "message": {"role": "assistant", "content": ""}, "done": True, "done_reason": "stop",
                    "total_duration": 1, "load_duration": 1, "prompt_eval_count": 1, "prompt_eval_duration": 1,
                    "eval_count": 1, "eval_duration": 1}
            self._write((json.dumps(last) + "\n").encode())

        def _start(self, status: int, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Connection", "close")
            self.end_headers()

        def _write(self, data: bytes) -> bool:
            try:
                self.wfile.write(data)
                self.wfile.flush()
                return True
            except (BrokenPipeError, ConnectionResetError):
                return False  # the client gave up (its timeout): nothing more to send

        def _send(self, status: int, content_type: str, data: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler
