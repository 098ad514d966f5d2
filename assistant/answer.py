"""The extractive answerer: quotes the best sentences with citations, or says the documents do not."""

import re
from dataclasses import dataclass

from assistant.text import QuestionShape, content_words, has_date, has_name, has_number, is_instruction, \
    name_held, names, opens_with_reference, words
from assistant.types import Answer, Citation, Passage, Sentence

MESSAGES = {
    "en": {
        "lead": "According to the documents: ",
        "abstain": "The documents do not say: I found nothing in them that answers this question.",
        "related": "Possibly related",
        "sources": "Sources",
        "withheld": "A generated answer was withheld because the sources do not support it; "
                    "the documents are quoted instead.",
        "unverified": "Unverified: this generated answer states things the sources do not support.",
        "model_failed": "The language model could not answer; the documents are quoted instead.",
        "model_abstained": "The language model found no answer in the passages; the closest ones are quoted.",
    },
    "fr": {
        "lead": "D'après les documents : ",
        "abstain": "Les documents ne le disent pas : je n'y ai rien trouvé qui réponde à cette question.",
        "related": "Peut-être en rapport",
        "sources": "Sources",
        "withheld": "Une réponse rédigée a été écartée car les sources ne l'étayent pas ; "
                    "les documents sont cités à la place.",
        "unverified": "Non vérifié : cette réponse rédigée affirme des choses que les sources n'étayent pas.",
        "model_failed": "Le modèle de langue n'a pas pu répondre ; les documents sont cités à la place.",
        "model_abstained": "Le modèle de langue n'a pas trouvé de réponse dans les passages ; "
                           "les plus proches sont cités.",
    },
}


@dataclass(frozen=True)
class AnswerConfig:
    """How many sentences an answer quotes, and when the evidence is too weak to answer."""

    max_sentences: int = 3
    max_chars: int = 600
    soft_chars: int = 400  # past this, only a sentence holding the asked-for kind is added
    margin: float = 0.05  # a further sentence of the best one's passage must score within this of it
    other_margin: float = 0.01  # a sentence of another passage must be this close
    # Best sentence score below which the assistant abstains, by question language: French
    # questions score lower against English text, so each language has its own threshold.
    # Calibrated with bench/calibrate.py: the middle of the plateau of best accuracy.
    min_score_en: float = 1.25
    min_score_fr: float = 1.14
    min_coverage: float = 0.24  # share of an English question's rare words the evidence must hold
    related: int = 3


def answer(question: str, asked: QuestionShape, language: str, passages: list[Passage],
           config: AnswerConfig = AnswerConfig(), query: str = "") -> Answer:
    """Compose the answer to ``question`` from ranked ``passages``.

    Picks the best statement, then up to ``max_sentences`` in all that score within
    ``margin`` of it, hold the kind of thing asked when the best does not, or continue it
    ("These include…"), and quotes them in document order, each followed by the marker of
    its passage. ``query`` is the question as retrieved with (a follow-up rewritten with its
    subject). Abstains, citing nothing, when the question is an instruction, or the
    evidence misses a year or name it asks about or the kind of answer it wants, or
    scores too low.
    """
    messages = MESSAGES.get(language, MESSAGES["en"])
    chosen = _choose(asked, passages, config)
    if not chosen or _too_weak(query or question, asked, language, chosen, passages, config):
        return Answer(question=question, text=messages["abstain"], language=language, abstained=True,
                      retrieved=passages, related=passages[: config.related])
    citations, parts = [], []
    markers: dict[str, int] = {}
    for passage, sentence in sorted(chosen, key=lambda c: (c[0].source, c[0].page, c[0].position, c[1].start)):
        if passage.key not in markers:
            markers[passage.key] = len(markers) + 1
            citations.append(Citation(
                marker=markers[passage.key], source=passage.source, title=passage.title,
                page=passage.page, text=passage.text, sentence=sentence.text,
                sentence_start=sentence.start, sentence_end=sentence.end,
            ))
        elif sentence.text not in citations[markers[passage.key] - 1].sentence:
            cited = citations[markers[passage.key] - 1]
            cited.sentence = passage.text[min(cited.sentence_start, sentence.start):
                                          max(cited.sentence_end, sentence.end)]
            cited.sentence_start = min(cited.sentence_start, sentence.start)
            cited.sentence_end = max(cited.sentence_end, sentence.end)
        parts.append(f"{_as_quote(sentence.text)} [{markers[passage.key]}]")
    return Answer(question=question, text=messages["lead"] + " ".join(parts), language=language,
                  abstained=False, citations=citations, retrieved=passages)


def confidence(chosen: list[tuple[Passage, Sentence]]) -> float:
    """The score of the best chosen sentence."""
    return max(sentence.score for _, sentence in chosen)


def _choose(asked: QuestionShape, passages: list[Passage], config: AnswerConfig
            ) -> list[tuple[Passage, Sentence]]:
    """The sentences to quote, best first."""
    # A question in the text is never an answer to one, nor is a list's introduction, nor an
    # instruction planted in a document (it is text to quote as evidence of nothing).
    ranked = sorted(((p, s) for p in passages[:5] for s in p.sentences
                     if not s.text.rstrip().endswith(("?", ":")) and not is_instruction(s.text)),
                    key=lambda c: c[1].score, reverse=True)
    if not ranked:
        return []
    chosen = [ranked[0]]
    wanted = _wanted_kind(asked)
    best = ranked[0][1].score
    for passage, sentence in ranked[1:]:
        length = sum(len(s.text) for _, s in chosen)
        if len(chosen) >= config.max_sentences or length + len(sentence.text) > config.max_chars:
            continue
        holds_missing_kind = wanted and not any(wanted(s.text) for _, s in chosen) and wanted(sentence.text)
        margin = config.margin if passage is chosen[0][0] else config.other_margin
        close = best - sentence.score <= margin and length + len(sentence.text) <= config.soft_chars
        if holds_missing_kind and best - sentence.score <= 3 * config.margin or close:
            chosen.append((passage, sentence))
    return _with_continuations(chosen, config)


def _with_continuations(chosen, config: AnswerConfig):
    """Add the neighbours a chosen sentence leans on, room permitting.

    A sentence that opens with a reference ("Of these, 73% are…") brings the one before
    it, and a sentence followed by one that continues it ("These include…") brings that.
    """
    for passage, sentence in list(chosen):
        before = [s for s in passage.sentences if s.end <= sentence.start]
        after = [s for s in passage.sentences if s.start >= sentence.end]
        needed = []
        if before and opens_with_reference(sentence.text):
            needed.append(max(before, key=lambda s: s.end))
        following = min(after, key=lambda s: s.start) if after else None
        # A list's introduction ("This allows the cluster to:") says nothing without the list.
        if following and opens_with_reference(following.text) and not following.text.rstrip().endswith(":"):
            needed.append(following)
        for neighbour in needed:
            length = sum(len(s.text) for _, s in chosen)
            fits = len(chosen) < config.max_sentences and length + len(neighbour.text) <= config.max_chars
            if fits and all(s is not neighbour for _, s in chosen):
                chosen.append((passage, neighbour))
    return chosen


def _wanted_kind(asked: QuestionShape):
    """The test for the kind of thing the question asks for, if it asks for one."""
    if asked.wants_number:
        return has_number
    if asked.wants_date:
        return has_date
    if asked.wants_name:
        return has_name
    return None


def _too_weak(query: str, asked: QuestionShape, language: str,
              chosen: list[tuple[Passage, Sentence]], passages: list[Passage], config: AnswerConfig) -> bool:
    """Whether the evidence does not support an answer."""
    if asked.is_instruction:
        return True
    evidence = " ".join(p.text for p, _ in chosen)
    if any(year not in evidence for year in asked.years):
        return True
    wanted = _wanted_kind(asked)
    if wanted in (has_number, has_date) and not any(wanted(s.text) for _, s in chosen):
        return True
    threshold = config.min_score_fr if language == "fr" else config.min_score_en
    if confidence(chosen) < threshold:
        return True
    if language != "en":
        return False  # names and words of a French question need not appear in English text
    # A name the question asks about (a country, an acronym) must appear among the passages.
    held = set(words(" ".join(p.text for p in passages)))
    if not all(name_held(name, held) for name in names(query)):
        return True
    return coverage(query, evidence, passages) < config.min_coverage


def coverage(question: str, evidence: str, passages: list[Passage]) -> float:
    """The share of the question's words, weighted by rarity among the passages, in ``evidence``."""
    asked = set(content_words(question))
    if not asked:
        return 0.0
    texts = [set(content_words(p.text)) for p in passages]
    weights = {w: 1.0 / (1 + sum(w in t for t in texts)) ** 0.5 for w in asked}
    held = set(content_words(evidence))
    return sum(weights[w] for w in asked & held) / sum(weights.values())


def _as_quote(text: str) -> str:
    """A sentence as it reads in an answer: single spaces, a capital, a final stop."""
    text = re.sub(r"\s+", " ", text).strip().rstrip(";,:")
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", ")", "\"")) else text + "."
