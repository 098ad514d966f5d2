"""Language-model backends: a LangChain chat model built from the settings, imported only when chosen."""

import ctypes
import importlib
import threading
from collections.abc import Iterator
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict, PrivateAttr

from assistant.errors import BackendError
from assistant.settings import Settings

# What to install for each backend, said in the error when its package is missing.
EXTRAS = {
    "openai": ("langchain_openai", "pip install -e '.[openai]'  (langchain-openai)"),
    "ollama": ("langchain_ollama", "pip install -e '.[ollama]'  (langchain-ollama)"),
    "llamacpp": ("llama_cpp", "pip install -e '.[llama]'  (llama-cpp-python; it compiles for about 12 minutes)"),
}


def make_chat_model(settings: Settings) -> BaseChatModel | None:
    """The chat model of ``settings.backend``, or None for the extractive answerer.

    Raises ``BackendError`` when the backend's package is not installed or a setting it
    needs is missing. Nothing is contacted here: an unreachable server shows at the first
    question, which then gets the extractive answer.
    """
    if settings.backend == "extractive":
        return None
    module = _import(settings.backend)
    if settings.backend == "openai":
        return _openai(module, settings)
    if settings.backend == "ollama":
        return _ollama(module, settings)
    return _llamacpp(module, settings)


def _import(backend: str):
    """The backend's package, or a ``BackendError`` saying how to install it."""
    name, install = EXTRAS[backend]
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise BackendError(f"the {backend} backend needs a package that is not installed; run: {install}") from exc


def _openai(module, settings: Settings) -> BaseChatModel:
    """Any OpenAI-compatible chat-completions endpoint (Albert API, vLLM, OpenAI...)."""
    if not settings.llm_model:
        raise BackendError("the openai backend needs CLUSTER_ASSISTANT_LLM_MODEL (the model name)")
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "none"
    return module.ChatOpenAI(
        model=settings.llm_model, base_url=settings.llm_base_url, api_key=key,
        timeout=settings.llm_timeout, max_retries=0, temperature=0.0,
        max_completion_tokens=settings.llm_max_tokens,
    )


def _ollama(module, settings: Settings) -> BaseChatModel:
    """A model served by Ollama."""
    if not settings.llm_model:
        raise BackendError("the ollama backend needs CLUSTER_ASSISTANT_LLM_MODEL (e.g. qwen2.5:3b)")
    return module.ChatOllama(
        model=settings.llm_model, base_url=settings.llm_base_url, temperature=0.0,
        num_predict=settings.llm_max_tokens, client_kwargs={"timeout": settings.llm_timeout},
    )


def _llamacpp(module, settings: Settings) -> BaseChatModel:
    """A local GGUF file run in this process by llama-cpp-python."""
    path = settings.llm_model_path
    if path is None or not path.is_file():
        raise BackendError(f"the llamacpp backend needs CLUSTER_ASSISTANT_LLM_MODEL_PATH, a GGUF file "
                           f"({'not set' if path is None else f'{path} not found'})")
    quiet = _silence(module)
    try:
        llama = module.Llama(model_path=str(path), n_ctx=4096, n_threads=settings.llm_threads, verbose=False)
    except (ValueError, RuntimeError, OSError) as exc:
        raise BackendError(f"cannot load the model {path.name}: {exc}") from exc
    return LlamaCppChat(llama=llama, max_tokens=settings.llm_max_tokens, log_callback=quiet)


def _silence(module):
    """Route llama.cpp's own C-level log lines (printed even with verbose=False) to nowhere."""
    if not hasattr(module, "llama_log_set"):
        return None
    callback = module.llama_log_callback(lambda level, text, data: None)
    module.llama_log_set(callback, ctypes.c_void_p(0))
    return callback  # kept alive by the model: llama.cpp calls it for as long as the process runs


class LlamaCppChat(BaseChatModel):
    """A LangChain chat model over a loaded ``llama_cpp.Llama``, using the GGUF file's own chat template.

    Written here rather than taken from langchain-community, which is being retired and
    pulls in many packages for this one class.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)
    llama: Any
    max_tokens: int = 350
    temperature: float = 0.0
    log_callback: Any = None
    # One llama.cpp context serves one generation at a time.
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "llama-cpp"

    def _generate(self, messages: list[BaseMessage], stop=None, run_manager=None, **kwargs) -> ChatResult:
        text = "".join(chunk.message.content for chunk in self._stream(messages, stop, run_manager, **kwargs))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(self, messages: list[BaseMessage], stop=None, run_manager=None, **kwargs
                ) -> Iterator[ChatGenerationChunk]:
        with self._lock:
            for part in self.llama.create_chat_completion(
                    messages=[_as_dict(m) for m in messages], max_tokens=self.max_tokens,
                    temperature=self.temperature, stop=stop, stream=True):
                token = part["choices"][0]["delta"].get("content") or ""
                if token:
                    if run_manager:
                        run_manager.on_llm_new_token(token)
                    yield ChatGenerationChunk(message=AIMessageChunk(content=token))


def _as_dict(message: BaseMessage) -> dict:
    """A LangChain message as llama.cpp's chat message."""
    role = {"human": "user", "ai": "assistant", "system": "system"}.get(message.type, "user")
    return {"role": role, "content": message.content}
