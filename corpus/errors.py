"""The project's exceptions: one base class, one subclass per kind of failure.

They live in the lowest layer (``corpus``) so that every layer can raise and catch them
without importing upward; ``assistant.errors`` re-exports them for callers.
"""


class ClusterAssistantError(Exception):
    """Base class of every error this project raises on purpose."""


class DocumentError(ClusterAssistantError):
    """A document cannot be read: corrupt, encrypted, empty, undecodable or unsupported."""


class IndexMissingError(ClusterAssistantError):
    """No index exists where one was expected."""


class IndexMismatchError(ClusterAssistantError):
    """The index was built with another embedding model than the one configured."""


class StoreError(ClusterAssistantError):
    """The vector store failed (corrupt files, unreadable folder, server down)."""


class QuestionError(ClusterAssistantError):
    """A question that cannot be asked: empty, or longer than the limit."""


class BackendError(ClusterAssistantError):
    """A language-model backend that cannot be used: package missing, setting missing, model unloadable."""


class GenerationError(ClusterAssistantError):
    """A language model that failed to answer: down, too slow, or returning nothing usable."""
