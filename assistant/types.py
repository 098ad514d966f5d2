"""What ``ask`` returns: the answer, its citations and the evidence behind it."""

import re
from dataclasses import asdict, dataclass, field

import numpy as np

from corpus.sections import section_at

# A citation marker in an answer's text: "[1]", or several passages at once, "[1, 3]".
MARKER_RE = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")


def marker_numbers(text: str) -> list[int]:
    """The passage numbers cited in ``text``, in order (``[1, 2]`` counts both)."""
    return [int(n) for group in MARKER_RE.findall(text) for n in re.split(r"\s*[,;]\s*", group)]


@dataclass
class Sentence:
    """A sentence of a retrieved passage, with the scores that ranked it."""

    text: str
    start: int  # offset in its passage's text
    end: int
    score: float
    dense: float
    lexical: float
    sparse: float = 0.0
    shared_prefixes: float = 0.0  # share of the question's word beginnings it holds, in any language
    # Cosine of its translation vector to the question's, less its language's mean; 0 in the
    # question's language (assistant.retrieve: Weights.translation).
    translation: float = 0.0
    sparse_vector: dict[int, float] = field(default_factory=dict, repr=False)
    translation_vector: "np.ndarray | None" = field(default=None, repr=False)
    # What its score is the weighted sum of (assistant.retrieve.sentence_features, word shares
    # measured per language): read by bench/fit_scorer.py.
    features: dict[str, float] = field(default_factory=dict, repr=False)


@dataclass
class Passage:
    """A retrieved chunk: where it is, what it says, how well it matches the question."""

    source: str
    title: str
    page: int
    text: str
    score: float
    dense: float
    key: str = ""
    position: int = 0
    language: str = "en"  # of the passage's text, detected at ingest
    lexical: float = 0.0  # its BM25 score for the question, as a share of the best candidate's
    record_id: str = ""  # its chunk's id in the index
    sentences: list[Sentence] = field(default_factory=list)
    year: int = 0  # of the document, from the corpus metadata (0: unknown)
    url: str = ""  # where the document is published, from the corpus metadata
    section: str = ""  # the heading in force where the passage starts ("" before the first)
    headings: str = ""  # the headings inside it: JSON [[offset, heading], …] (corpus.split)

    def to_dict(self) -> dict:
        """The passage for reports: source, title, year, url, page, section, text, score."""
        return {"source": self.source, "title": self.title, "year": self.year, "url": self.url,
                "page": self.page, "section": self.section_at(0), "text": self.text, "score": round(self.score, 4)}

    def section_at(self, offset: int) -> str:
        """The heading the text at ``offset`` stands under."""
        return section_at(offset, self.section, self.headings)

    @classmethod
    def from_dict(cls, data: dict) -> "Passage":
        """A passage read back from ``to_dict`` (a report, the JSON API)."""
        return cls(source=data["source"], title=data["title"], page=int(data["page"]), text=data["text"],
                   score=float(data["score"]), dense=float(data["score"]), year=int(data.get("year") or 0),
                   url=data.get("url") or "", section=data.get("section") or "")


@dataclass
class Citation:
    """What a marker ``[n]`` in the answer points at: a passage and the exact sentence used."""

    marker: int
    source: str
    title: str
    page: int
    text: str  # the whole passage
    sentence: str  # the sentence quoted in the answer
    sentence_start: int  # its offset in ``text``, for highlighting
    sentence_end: int
    year: int = 0  # of the document (0: unknown), so a reader sees how old a figure is
    url: str = ""
    section: str = ""  # the heading the passage stands under

    def to_dict(self) -> dict:
        """The citation as JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Citation":
        """A citation read back from ``to_dict``."""
        return cls(**{name: data[name] for name in cls.__dataclass_fields__ if name in data})

    @classmethod
    def of(cls, marker: int, passage: "Passage", start: int, end: int) -> "Citation":
        """The citation of a passage's span ``start:end``."""
        return cls(marker=marker, source=passage.source, title=passage.title, page=passage.page,
                   text=passage.text, sentence=passage.text[start:end], sentence_start=start,
                   sentence_end=end, year=passage.year, url=passage.url, section=passage.section_at(start))


@dataclass
class Answer:
    """The assistant's reply to one question.

    ``text`` carries citation markers ``[1]``, ``[2]`` that index ``citations``;
    an abstention has no citations and lists the closest passages in ``related``.
    """

    question: str
    text: str
    language: str
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    retrieved: list[Passage] = field(default_factory=list)
    related: list[Passage] = field(default_factory=list)
    query: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    complete: bool = True
    backend: str = "extractive"  # who was asked to write it
    generated: bool = False  # the text was written by a language model (else quoted)
    verified: bool | None = None  # a generated answer's check: passed, failed, or None if none was checked
    problems: list[str] = field(default_factory=list)  # what the check found unsupported
    notice: str = ""  # said to the user beside the answer (a fallback, a failure)
    extractive: "Answer | None" = field(default=None, repr=False)  # the quoted answer, beside a generated one
    confidence: float | None = None  # the fitted model's probability that the evidence answers (None: not asked)
    signals: dict[str, float] = field(default_factory=dict, repr=False)  # what that probability was read from

    def to_dict(self) -> dict:
        """The answer as JSON-ready data."""
        return {
            "question": self.question, "answer": self.text, "language": self.language,
            "abstained": self.abstained, "query": self.query,
            "citations": [c.to_dict() for c in self.citations],
            "retrieved": [p.to_dict() for p in self.retrieved],
            "related": [p.to_dict() for p in self.related],
            "timings_ms": {k: round(v, 1) for k, v in self.timings.items()},
            "backend": self.backend, "generated": self.generated, "verified": self.verified,
            "problems": list(self.problems), "notice": self.notice,
            "confidence": None if self.confidence is None else round(self.confidence, 4),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Answer":
        """An answer read back from ``to_dict`` (what the JSON API returns)."""
        return cls(
            question=data["question"], text=data["answer"], language=data["language"],
            abstained=bool(data["abstained"]), query=data.get("query", ""),
            citations=[Citation.from_dict(c) for c in data.get("citations", [])],
            retrieved=[Passage.from_dict(p) for p in data.get("retrieved", [])],
            related=[Passage.from_dict(p) for p in data.get("related", [])],
            timings=dict(data.get("timings_ms", {})), backend=data.get("backend", "extractive"),
            generated=bool(data.get("generated")), verified=data.get("verified"),
            problems=list(data.get("problems", [])), notice=data.get("notice", ""),
            confidence=data.get("confidence"),
        )
