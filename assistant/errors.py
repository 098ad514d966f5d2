"""The project's exceptions, re-exported for callers of the ``assistant`` API."""

from corpus.errors import (
    BackendError,
    ClusterAssistantError,
    DocumentError,
    GenerationError,
    IndexMismatchError,
    IndexMissingError,
    QuestionError,
    StoreError,
)

__all__ = ["BackendError", "ClusterAssistantError", "DocumentError", "GenerationError", "IndexMismatchError",
           "IndexMissingError", "QuestionError", "StoreError"]
