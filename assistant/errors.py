"""The project's exceptions, re-exported for callers of the ``assistant`` API."""

from corpus.errors import (
    ClusterAssistantError,
    DocumentError,
    IndexMismatchError,
    IndexMissingError,
    QuestionError,
    StoreError,
)

__all__ = ["ClusterAssistantError", "DocumentError", "IndexMismatchError", "IndexMissingError",
           "QuestionError", "StoreError"]
