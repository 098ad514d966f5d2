"""The one place that composes the stages: condense, retrieve, answer."""

import logging
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace

from assistant.answer import AnswerConfig, answer
from assistant.condense import condense
from assistant.errors import QuestionError
from assistant.indexing import open_index
from assistant.retrieve import RetrievalConfig, retrieve
from assistant.settings import Settings
from assistant.text import detect_language, shape
from assistant.types import Answer

log = logging.getLogger(__name__)


class Assistant:
    """Answers questions from an open index; one per process, safe to share between threads.

    >>> assistant = Assistant.open(Settings())
    >>> reply = assistant.ask("How many firms do the clusters count?")
    >>> reply.text, [c.page for c in reply.citations]
    """

    def __init__(self, store, settings: Settings, retrieval: RetrievalConfig = RetrievalConfig(),
                 answering: AnswerConfig = AnswerConfig()) -> None:
        self.store = store
        self.settings = settings
        self.retrieval = retrieval
        self.answering = answering

    @classmethod
    def open(cls, settings: Settings) -> "Assistant":
        """Open the configured index (``IndexMissingError`` if it was never built)."""
        return cls(open_index(settings), settings)

    def close(self) -> None:
        """Release the index."""
        self.store.close()

    def ask(self, question: str, history: Sequence[str] = ()) -> Answer:
        """Answer ``question``, a follow-up to the user's earlier ``history`` turns (oldest first).

        Returns an ``Answer`` whose text quotes the documents with ``[n]`` markers, or says
        in the question's language that the documents do not answer it. Raises
        ``QuestionError`` for an empty question or one over the length limit.
        """
        started = time.perf_counter()
        question = self._checked(question)
        language = detect_language(question)
        query = condense(question, [turn for turn in history if isinstance(turn, str)])
        condensed = time.perf_counter()
        asked = shape(query)
        passages = retrieve(query, self.store, self.retrieval, asked)
        retrieved = time.perf_counter()
        reply = answer(question, replace(asked, is_instruction=shape(question).is_instruction), language,
                       passages, self.answering, query=query)
        done = time.perf_counter()
        reply.query = query
        reply.timings = {"condense_ms": (condensed - started) * 1000, "retrieve_ms": (retrieved - condensed) * 1000,
                         "answer_ms": (done - retrieved) * 1000, "total_ms": (done - started) * 1000}
        log.info("asked %r -> %s in %.0f ms", question[:80], "abstained" if reply.abstained else "answered",
                 reply.timings["total_ms"])
        return reply

    def stream_ask(self, question: str, history: Sequence[str] = ()) -> Iterator[Answer]:
        """Like ``ask``, yielding the answer as it grows, sentence by sentence; the last is complete."""
        reply = self.ask(question, history)
        # Each citation marker closes a quoted sentence: the answer grows one sentence at a time.
        ends = [m.end() for m in re.finditer(r"\[\d+\]", reply.text)]
        for end in ends[:-1]:
            yield replace(reply, text=reply.text[:end], complete=False)
        yield reply

    def _checked(self, question: str) -> str:
        """The question stripped, or a ``QuestionError`` saying what is wrong with it."""
        if not isinstance(question, str) or not question.strip():
            raise QuestionError("Please type a question.")
        question = " ".join(question.split())
        if len(question) > self.settings.max_question_chars:
            raise QuestionError(f"Questions are limited to {self.settings.max_question_chars} characters; "
                                "please shorten yours.")
        return question
