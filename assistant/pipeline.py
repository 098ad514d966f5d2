"""The one place that composes the stages: condense, retrieve, answer, and optionally generate and verify."""

import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace

from assistant.answer import MESSAGES, AnswerConfig, answer
from assistant.cached import PerIndex, index_view
from assistant.condense import condense
from assistant.errors import GenerationError, QuestionError
from assistant.generate import (
    build_messages,
    cite,
    condense_with_model,
    stream_generate,
)
from assistant.indexing import open_index
from assistant.question import shape
from assistant.retrieve import QueryEncoder, RetrievalConfig, retrieve
from assistant.settings import Settings
from assistant.types import MARKER_RE, Answer
from assistant.verify import is_abstention, verify
from corpus.language import detect as detect_language

log = logging.getLogger(__name__)


class Assistant:
    """Answers questions from an open index; one per process, safe to share between threads.

    >>> assistant = Assistant.open(Settings())
    >>> reply = assistant.ask("How many firms do the clusters count?")
    >>> reply.text, [c.page for c in reply.citations]

    With a ``chat_model`` (see ``assistant.backends.make_chat_model``), answers the
    extractive answerer would give are rewritten by the model, then verified against the
    passages; one that fails verification, or a model that fails, gives the extractive
    answer with a notice. Where the extractive answerer abstains, so does the assistant.
    """

    def __init__(self, store, settings: Settings, retrieval: RetrievalConfig | None = None,
                 answering: AnswerConfig = AnswerConfig(), chat_model=None) -> None:
        self.store = store
        self.settings = settings
        self.retrieval = retrieval or RetrievalConfig()
        self.answering = answering
        self.chat_model = chat_model
        self.encoder = QueryEncoder(settings.query_cache_size)
        self.index_view = PerIndex(index_view)  # one record count per ask tells whether to rebuild it

    @classmethod
    def open(cls, settings: Settings) -> "Assistant":
        """Open the configured index (``IndexMissingError`` if it was never built) and backend."""
        from assistant.backends import make_chat_model

        chat_model = make_chat_model(settings)
        return cls(open_index(settings), settings, chat_model=chat_model)

    def close(self) -> None:
        """Release the index."""
        self.store.close()

    def ask(self, question: str, history: Sequence[str] = ()) -> Answer:
        """Answer ``question``, a follow-up to the user's earlier ``history`` turns (oldest first).

        Returns an ``Answer`` whose text quotes (or, with a language model, restates) the
        documents with ``[n]`` markers, or says in the question's language that the
        documents do not answer it. Raises ``QuestionError`` for an empty question or one
        over the length limit; a failing language model never raises.
        """
        reply = None
        for reply in self.stream_ask(question, history):
            pass
        return reply

    def stream_ask(self, question: str, history: Sequence[str] = ()) -> Iterator[Answer]:
        """Like ``ask``, yielding the answer as it grows (sentences, or the model's tokens); the last is final."""
        started = time.perf_counter()
        question = self._checked(question)
        language = detect_language(question)
        query = self._condense(question, [turn for turn in history if isinstance(turn, str)])
        condensed = time.perf_counter()
        # The years a follow-up asks about are its own: a year carried from the conversation helps
        # find the subject but requires nothing of the evidence.
        own = shape(question)
        asked = replace(shape(query), years=own.years)
        view = self.index_view.get(self.store)
        passages = retrieve(query, self.store, self.retrieval, asked, self.encoder,
                            view.lexical if self.retrieval.lexical_candidates else None, language,
                            view.centroids if self.retrieval.even_languages else None, view.records,
                            view.acronyms)
        retrieved = time.perf_counter()
        unknown = view.lexical.knows_none(query, language)
        reply = answer(question, replace(asked, is_instruction=own.is_instruction), language,
                       passages, self.answering, query=query, words_unknown=unknown)
        done = time.perf_counter()
        reply.query = query
        reply.timings = {"condense_ms": (condensed - started) * 1000, "retrieve_ms": (retrieved - condensed) * 1000,
                         "answer_ms": (done - retrieved) * 1000, "total_ms": (done - started) * 1000}
        if self.chat_model is None:
            yield from _by_sentence(reply)
        elif reply.abstained:
            yield replace(reply, backend=self.settings.backend, extractive=reply)
        else:
            reply = yield from self._generated(question, language, reply)
        log.info("asked %r -> %s in %.0f ms", question[:80], "abstained" if reply.abstained else "answered",
                 (time.perf_counter() - started) * 1000)

    def _generated(self, question: str, language: str, quoted: Answer):
        """Yield the model's answer as it streams, then the verified one or the quoted one with a notice."""
        started = time.perf_counter()
        passages = quoted.retrieved[: self.settings.llm_passages]
        # A follow-up is given to the model as rewritten, standalone: the model sees no history.
        messages = build_messages(quoted.query or question, language, passages)
        base = replace(quoted, backend=self.settings.backend, extractive=quoted)
        tokens: list[str] = []
        try:
            for token in stream_generate(self.chat_model, messages, self.settings.llm_timeout):
                tokens.append(token)
                yield replace(base, text="".join(tokens), citations=[], generated=True, complete=False)
        except GenerationError as exc:
            log.warning("generation failed, answering extractively: %s", exc)
            final = replace(base, notice=MESSAGES[language]["model_failed"], problems=[str(exc)])
            yield self._timed(final, started)
            return final
        text = "".join(tokens).strip()
        if is_abstention(text):
            final = replace(base, notice=MESSAGES[language]["model_abstained"], verified=False,
                            problems=["the language model said the passages do not answer"])
        else:
            final = self._checked_answer(base, text, passages, language)
        yield self._timed(final, started)
        return final

    def _checked_answer(self, base: Answer, text: str, passages, language: str) -> Answer:
        """The generated answer if it passes verification, else the fallback the settings ask for."""
        check = verify(text, passages)
        if check.verified or not self.settings.llm_fallback:
            renumbered, citations = cite(text, check.markers, passages)
            return replace(base, text=renumbered, citations=citations, generated=True, verified=check.verified,
                           problems=check.problems,
                           notice="" if check.verified else MESSAGES[language]["unverified"])
        log.info("generated answer withheld: %s", "; ".join(check.problems))
        return replace(base, verified=False, problems=check.problems, notice=MESSAGES[language]["withheld"])

    @staticmethod
    def _timed(reply: Answer, started: float) -> Answer:
        """The reply with the generation's time added to its timings."""
        generate_ms = (time.perf_counter() - started) * 1000
        timings = dict(reply.timings, generate_ms=generate_ms, total_ms=reply.timings["total_ms"] + generate_ms)
        return replace(reply, timings=timings)

    def _condense(self, question: str, history: list[str]) -> str:
        """The standalone query: rewritten by the language model when there is one, else by rule."""
        if self.chat_model is not None and self.settings.llm_condense and history:
            try:
                return condense_with_model(self.chat_model, question, history, self.settings.llm_timeout)
            except GenerationError as exc:
                log.warning("condensing by the model failed, using the rule: %s", exc)
        return condense(question, history)

    def _checked(self, question: str) -> str:
        """The question stripped, or a ``QuestionError`` saying what is wrong with it."""
        if not isinstance(question, str) or not question.strip():
            raise QuestionError("Please type a question.")
        question = " ".join(question.split())
        if len(question) > self.settings.max_question_chars:
            raise QuestionError(f"Questions are limited to {self.settings.max_question_chars} characters; "
                                "please shorten yours.")
        return question


def _by_sentence(reply: Answer) -> Iterator[Answer]:
    """The quoted answer growing one sentence at a time (each citation marker closes one)."""
    ends = [m.end() for m in MARKER_RE.finditer(reply.text)]
    for end in ends[:-1]:
        yield replace(reply, text=reply.text[:end], complete=False)
    yield reply
