"""The extractive answerer: quotes the best sentences with citations, or says the documents do not."""

import re
from dataclasses import dataclass, replace

from assistant.confidence import load_model, signals
from assistant.question import QuestionShape, is_instruction
from assistant.roles import looks_like_heading, opens_with_reference, statements
from assistant.statements import holds_instance
from assistant.types import Answer, Citation, Passage, Sentence
from corpus.sentences import ITEM_START_RE, goes_on, item_kind

MIN_LIST_PART = 60  # the fewest characters a trimmed list part keeps

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
    list_chars: int = 900  # the room of an answer that quotes a list: its items are the answer
    # A long sentence cut into pieces at ingest (a legal sentence's clauses) is quoted whole, in
    # this much room: the piece that scored best often leads to the clause that answers ("…, dans
    # la limite d'une rémunération égale à 4,5 fois le salaire minimum"). Off: the piece alone.
    whole_sentences: bool = True
    sentence_chars: int = 900
    soft_chars: int = 400  # past this, only a sentence holding the asked-for kind is added
    # A further sentence of the best one's passage must score within this of it; so must one of
    # another document that supplies the kind of answer asked for, which the best one lacks.
    margin: float = 0.05
    # A sentence of another passage of the best one's document must be this close. Another
    # document's sentence joins only to supply the kind of answer asked for, once the best one's
    # document has none within 3 x ``margin``: a date from another document is often another
    # thing's date, and quoted for being close alone, it changed no answer on the tuning part
    # and lowered citation precision.
    other_margin: float = 0.01
    # The rule before: every document's sentences join alike (when close, or within 3 x ``margin``
    # to supply the kind asked for). For the with/without run.
    stitch_documents: bool = False
    # Abstain when the fitted model (assistant/confidence.py) gives the evidence a lower
    # probability of answering than this; None: the threshold fitted with it.
    abstain_below: float | None = None
    # Abstain when a name asked about is absent from the same-language passages. Off: on the
    # tuning part it cost more right answers than it saved (bench/generalisation_eval.py).
    names_must_be_held: bool = False
    # Abstain when the evidence names none of the numerals the question names an instance or a
    # figure by ("pendant la phase IV" against "pour la phase V"), as for the years it names.
    instances_held: bool = True
    related: int = 3
    quote_headings: bool = False  # a heading (a short line with no full stop) may be quoted as an answer
    # The best sentence is quoted with all it brings (its list, its whole sentence) before any
    # other joins, and none that joins may trim or displace it. Off: the sentences are picked
    # first and their lists and whole sentences share the room after.
    best_first: bool = True
    # The confidence model reads the best sentence's quote alone (what it brings included), not
    # the sentences that join it: a passage quoted for being close would add to the evidence's
    # coverage of the question without answering it.
    signals_from_best: bool = False
    # A sentence of another document joins for scoring within ``other_margin`` of the best, as
    # one of another passage of its document does (after those). Off: only to supply a kind of
    # answer the best one's document lacks.
    close_across_documents: bool = False


def answer(question: str, asked: QuestionShape, language: str, passages: list[Passage],
           config: AnswerConfig = AnswerConfig(), query: str = "", words_unknown: bool = False) -> Answer:
    """Compose the answer to ``question`` from ranked ``passages``.

    Picks the best statement, then up to ``max_sentences`` in all: sentences of its document
    that score within ``margin`` of it (``other_margin`` from another passage) or hold the
    kind of thing asked when the best does not, failing which one of another document that
    holds that kind and scores within ``margin``; then the neighbours they lean on or that
    continue them ("These include…"), whole lists, and the whole of a long sentence cut into
    pieces at ingest: the best one's first, so that no sentence joining later trims or displaces
    what it brings (``best_first``). Words quoted once are not quoted again. It quotes them in document order,
    each followed by the marker of its passage. ``query`` is the question as retrieved with (a
    follow-up rewritten with its subject). Abstains, citing nothing, when the question is an
    instruction, or the evidence misses a year it asks about or the number or date it wants, or
    the fitted confidence model (``assistant.confidence``) finds the evidence unlikely to answer; or
    ``words_unknown``: the index holds text in the question's language but none of its words.
    """
    messages = MESSAGES.get(language, MESSAGES["en"])
    chosen, core = _choose(asked, passages, config)
    weak, found, probability = (True, {}, None) if words_unknown else \
        _assess(query or question, asked, language, chosen, passages, config, core)
    if weak:
        return Answer(question=question, text=messages["abstain"], language=language, abstained=True,
                      retrieved=passages, related=passages[: config.related], confidence=probability,
                      signals=found)
    citations, parts = [], []
    markers: dict[str, int] = {}
    for passage, sentence in sorted(chosen, key=lambda c: (c[0].source, c[0].page, c[0].position, c[1].start)):
        if passage.key not in markers:
            markers[passage.key] = len(markers) + 1
            citations.append(Citation.of(markers[passage.key], passage, sentence.start, sentence.end))
        elif sentence.text not in citations[markers[passage.key] - 1].sentence:
            cited = citations[markers[passage.key] - 1]
            cited.sentence = passage.text[min(cited.sentence_start, sentence.start):
                                          max(cited.sentence_end, sentence.end)]
            cited.sentence_start = min(cited.sentence_start, sentence.start)
            cited.sentence_end = max(cited.sentence_end, sentence.end)
        parts.append(f"{_as_quote(passage.text, sentence.start, sentence.end)} [{markers[passage.key]}]")
    return Answer(question=question, text=messages["lead"] + " ".join(parts), language=language,
                  abstained=False, citations=citations, retrieved=passages, confidence=probability, signals=found)


def _choose(asked: QuestionShape, passages: list[Passage], config: AnswerConfig
            ) -> tuple[list[tuple[Passage, Sentence]], list[tuple[Passage, Sentence]]]:
    """The sentences to quote, best first, and those of them the best one brings (itself, its
    list, its whole sentence, the neighbours it leans on)."""
    # A question in the text is never an answer to one, nor is an instruction planted in a
    # document (it is text to quote as evidence of nothing), nor a list's introduction without
    # its items.
    ranked = sorted(((p, s) for p in _quotable(asked, passages) for s in p.sentences
                     if not s.text.rstrip().endswith("?") and not is_instruction(s.text)
                     and (not _is_intro(s) or _items(p, s))
                     and (config.quote_headings or _is_item(s) or not looks_like_heading(s.text))),
                    key=lambda c: c[1].score, reverse=True)
    if not ranked:
        return [], []
    wanted = asked.answer_tests(same_language=False)
    source = ranked[0][0].source
    # With ``best_first``, the best sentence with all it brings (its list, the whole of its
    # sentence, the neighbours it leans on) comes first, and a further sentence joins with what it
    # brings only where that leaves the quote so far as it was and the whole fits the largest room
    # (a list's, a whole sentence's). Without, the sentences are picked first and expanded after.
    picked = [ranked[0]]
    chosen = _with_continuations(list(picked), config) if config.best_first else picked
    core = chosen
    room = max(config.max_chars, config.list_chars, config.sentence_chars)
    for from_best_document in (True, False):
        for passage, sentence in ranked[1:]:
            if (config.stitch_documents or passage.source == source) != from_best_document \
                    or any(p is passage and _overlap(s, sentence) for p, s in chosen) \
                    or not _joins(passage, sentence, picked, wanted, config, from_best_document):
                continue
            if config.best_first:
                trial = _with_continuations(chosen + [(passage, sentence)], config)
                if not _keeps(chosen, trial) or sum(len(s.text) for _, s in trial) > room:
                    continue
                chosen = trial
            picked.append((passage, sentence))
    if not config.best_first:
        chosen = core = _with_continuations(picked, config)
    return chosen, core


def _keeps(chosen: list[tuple[Passage, Sentence]], trial: list[tuple[Passage, Sentence]]) -> bool:
    """Whether ``trial`` quotes every span of ``chosen`` as it was."""
    spans = {(id(p), s.start, s.end) for p, s in trial}
    return all((id(p), s.start, s.end) in spans for p, s in chosen)


def _joins(passage: Passage, sentence: Sentence, chosen: list[tuple[Passage, Sentence]], wanted,
           config: AnswerConfig, from_best_document: bool) -> bool:
    """Whether a sentence joins those ``chosen`` (the best first): room permitting and not said
    already, when it scores almost as well as the best (from its document, or with
    ``close_across_documents`` from any), or holds a kind of answer ``wanted`` that none chosen
    holds and scores nearly as well."""
    length = sum(len(s.text) for _, s in chosen)
    if len(chosen) >= config.max_sentences or length + len(sentence.text) > config.max_chars:
        return False
    if any(_said(sentence) == _said(s) for _, s in chosen):
        return False  # the same words elsewhere ("Vu la loi n° …" opening two decrees)
    below = chosen[0][1].score - sentence.score
    holds_missing_kind = any(test(sentence.text) and not any(test(s.text) for _, s in chosen) for test in wanted)
    if holds_missing_kind and below <= (3 * config.margin if from_best_document else config.margin):
        return True
    margin = config.margin if passage is chosen[0][0] else config.other_margin
    return (from_best_document or config.close_across_documents) and below <= margin \
        and length + len(sentence.text) <= config.soft_chars


def _said(sentence: Sentence) -> str:
    """A sentence's words, for telling one said twice."""
    return " ".join(sentence.text.split()).rstrip(" .;,").casefold()


def _quotable(asked: QuestionShape, passages: list[Passage], n: int = 5) -> list[Passage]:
    """The ``n`` best passages that hold every year the question names (in their text, their
    document's title or their heading: "the 2026 call")."""
    if not asked.years:
        return passages[:n]
    return [p for p in passages if all(year in _context(p) for year in asked.years)][:n]


def _context(passage: Passage, at: int = 0) -> str:
    """A passage's text with its document's title and the heading in force at ``at``."""
    return f"{passage.title} {passage.section_at(at)} {passage.text}"


def _with_continuations(chosen, config: AnswerConfig):
    """Add the neighbours a chosen sentence leans on, room permitting.

    A sentence that opens with a reference ("Of these, 73% are…") brings the one before
    it, and a sentence followed by one that continues it ("These include…") brings that.
    """
    chosen = _with_lists(chosen, config)
    if config.whole_sentences:
        chosen = _with_whole_sentences(chosen, config)
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


def _with_lists(chosen, config: AnswerConfig):
    """Quote a list as one unit: an item brings its introduction, an introduction its items.

    Where the whole list is longer than the room left, parts are trimmed at a word ("…"): the
    part that was chosen keeps all it can, the introduction its end (what the items are), each
    other item its beginning.
    """
    listed = set()
    for passage, sentence in list(chosen):
        intro = sentence if _is_intro(sentence) else _intro(passage, sentence)
        if intro is None or (passage.key, intro.start) in listed:
            continue  # not in a list, or its list is quoted already
        items = _items(passage, intro)
        if not items:
            continue
        listed.add((passage.key, intro.start))
        # A question in the text introduces its answer's items, but is not quoted itself.
        unit = [intro, *items] if not intro.text.rstrip().endswith("?") else items
        # (A part may be in ``chosen`` already, trimmed: it is the same span.)
        others = [(p, s) for p, s in chosen if p is not passage or not any(_overlap(s, part) for part in unit)]
        room = config.list_chars - sum(len(s.text) for _, s in others)
        # The part chosen for itself keeps all it can; the other parts share what is left.
        own = min(len(sentence.text), max(MIN_LIST_PART, room - MIN_LIST_PART * (len(unit) - 1)))
        share = max(MIN_LIST_PART, (room - own) // max(1, len(unit) - 1))
        trimmed = [_trimmed(part, own if part is sentence else share, keep_end=part is intro) for part in unit]
        while trimmed and sum(len(s.text) for s in trimmed) > room:
            trimmed.pop()  # no room even trimmed: the last items go
        chosen = others + [(passage, part) for part in trimmed]
    return chosen


def _with_whole_sentences(chosen, config: AnswerConfig):
    """Quote each chosen piece of a long sentence cut at ingest as the whole sentence, room permitting.

    The other pieces join whole, nearest first (the one after, then the one before, …); where
    the next on a side does not fit, what room is left is shared by the first piece on each side
    not yet quoted, trimmed at a word ("…": the one before keeps its end). A piece that is part of
    a list is left to the list (``_with_lists``).
    """
    for item in list(chosen):
        passage, sentence = item
        if not any(c is item for c in chosen) or _in_list(passage, sentence):
            continue
        group = next((g for g in statements(passage) if any(_overlap(sentence, piece) for piece in g)), [])
        if len(group) < 2:
            continue
        index = next(i for i, piece in enumerate(group) if _overlap(sentence, piece))
        rest = [c for c in chosen if not (c[0] is passage and any(_overlap(c[1], piece) for piece in group))]
        room = config.sentence_chars - sum(len(s.text) for _, s in rest) - len(sentence.text)
        start, end = _whole_span(group, index, room)
        whole = replace(sentence, text=passage.text[start:end], start=start, end=end)
        chosen = [(passage, whole) if c is item else c for c in chosen if c is item or any(c is r for r in rest)]
    return chosen


def _whole_span(group: list[Sentence], index: int, room: int) -> tuple[int, int]:
    """The span quoted of the pieces ``group`` around piece ``index``, in ``room`` more characters."""
    low, high = index, index  # the pieces quoted whole
    for distance in range(1, len(group)):
        for before in (False, True):
            i = index - distance if before else index + distance
            if 0 <= i < len(group) and (low == i + 1 if before else high == i - 1) and len(group[i].text) < room:
                room -= len(group[i].text) + 1
                low, high = (i, high) if before else (low, i)
    start, end = group[low].start, group[high].end
    pending = [i for i in (low - 1, high + 1) if 0 <= i < len(group)]
    for i in pending:
        share = room // len(pending) - 1
        if share >= MIN_LIST_PART:
            part = _trimmed(group[i], share, keep_end=i < low)
            start, end = (part.start, end) if i < low else (start, part.end)
    return start, end


def _in_list(passage: Passage, sentence: Sentence) -> bool:
    """Whether a sentence is a list's introduction or one of its items."""
    return bool((_is_intro(sentence) and _items(passage, sentence)) or _intro(passage, sentence))


def _overlap(one: Sentence, other: Sentence) -> bool:
    """Whether two sentences of a passage share characters."""
    return one.start < other.end and other.start < one.end


def _trimmed(sentence: Sentence, limit: int, keep_end: bool = False) -> Sentence:
    """The sentence, or its first (``keep_end``: last) words within ``limit`` characters."""
    if len(sentence.text) <= limit:
        return sentence
    if keep_end:
        cut = sentence.text.find(" ", len(sentence.text) - limit)
        cut = cut + 1 if cut >= 0 else len(sentence.text) - limit
        return replace(sentence, text=sentence.text[cut:], start=sentence.start + cut)
    cut = sentence.text.rfind(" ", 0, limit)
    cut = cut if cut > 0 else limit
    return replace(sentence, text=sentence.text[:cut], end=sentence.start + cut)


def _is_intro(sentence: Sentence) -> bool:
    """Whether a sentence introduces a list ("… sur la base des critères suivants :"), or may: a
    question in the text ("Quelles ont été les grandes étapes ?") is one when items follow it."""
    return sentence.text.rstrip().endswith((":", "?"))


def _is_item(sentence: Sentence) -> bool:
    """Whether a sentence reads as a list item: it ends with ";" or "," or opens with a bullet or enumerator."""
    text = sentence.text.strip()
    return text.endswith((";", ",")) or bool(ITEM_START_RE.match(text))


def _items(passage: Passage, intro: Sentence) -> list[Sentence]:
    """The items that follow a list's introduction in its passage (none if it is not followed by a list)."""
    following = sorted((s for s in passage.sentences if s.start >= intro.end), key=lambda s: s.start)
    items = []
    for sentence in following:
        kind = item_kind(items[-1].text) if items else None
        bulleted = kind is not None and kind == item_kind(sentence.text)
        if items and not items[-1].text.rstrip().endswith((";", ",")) and not bulleted:
            break  # the last item ends the list ("… ; 3° the last one."), unless like items go on
        items.append(sentence)
    return items if items and (_is_item(items[0]) or len(items) > 1) else []


def _intro(passage: Passage, item: Sentence) -> Sentence | None:
    """The introduction of the list an item belongs to, if the item is in one."""
    before = sorted((s for s in passage.sentences if s.end <= item.start), key=lambda s: s.start, reverse=True)
    for sentence in before:
        if _is_intro(sentence):
            return sentence if _is_item(item) or any(_is_item(s) for s in before if s.start > sentence.start) \
                else None
        if not _is_item(sentence):
            return None
    return None


def _assess(query: str, asked: QuestionShape, language: str, chosen: list[tuple[Passage, Sentence]],
            passages: list[Passage], config: AnswerConfig, core: list[tuple[Passage, Sentence]]
            ) -> tuple[bool, dict, float | None]:
    """Whether the evidence is too weak to answer, with the model's signals (read on all that is
    ``chosen``, or with ``signals_from_best`` on the ``core`` the best one brings) and its
    probability when it was asked."""
    if not chosen or asked.is_instruction:
        return True, {}, None
    # A year asked about may be the document's own, named in its title or its heading ("the
    # 2026 call", "la loi de finances pour 2005") rather than in the sentence quoted.
    evidence = " ".join(_context(p, s.start) for p, s in chosen)
    if any(year not in evidence for year in asked.years):
        return True, {}, None
    # So may an instance it names ("la phase IV"): evidence on "la phase V" answers another question.
    if config.instances_held and any(not holds_instance(evidence, numeral) for numeral in asked.instances):
        return True, {}, None
    # The kind of answer asked for is needed ("how many patents": a count of other things is none).
    wanted = asked.answer_tests(same_language=all(p.language == language for p, _ in chosen))
    if wanted and not asked.kind_is_a_sign and not any(test(s.text) for _, s in chosen for test in wanted):
        return True, {}, None
    found = signals(query, asked, language, core if config.signals_from_best else chosen, passages)
    if config.names_must_be_held and found["names_same"] < 1.0 and found["same_language"]:
        # A name the question asks about (a country, an acronym) is in none of the passages in
        # its own language: they are about something else. Across languages it may be translated.
        return True, found, None
    if config.abstain_below is not None and config.abstain_below <= 0:
        return False, found, None  # the model is not asked (as when it is being fitted)
    model = load_model()
    threshold = model.threshold if config.abstain_below is None else config.abstain_below
    probability = model.probability(found)
    return probability < threshold, found, probability


def _as_quote(passage: str, start: int, end: int) -> str:
    """The sentence at ``passage[start:end]`` as it reads in an answer: single spaces, a capital,
    a final stop, and "…" where it was cut from a longer sentence (at ingest, by the length limit)."""
    text = re.sub(r"\s+", " ", passage[start:end]).strip().rstrip(";,").rstrip()
    before, after = passage[:start].rstrip(" "), passage[end:].lstrip(" ")
    # A passage that opens in lower case opens inside a sentence cut at ingest ("a)" opens an item).
    cut_before = (text[:1].islower() and (not before or before[-1] not in ".!?;:\n")
                  and not ITEM_START_RE.match(text))
    cut_after = goes_on(text, after)
    if cut_before:
        text = "…" + text
    elif not ITEM_START_RE.match(text):  # (an item's enumerator keeps its case: "a) …")
        text = text[:1].upper() + text[1:]
    if cut_after:
        return text + "…"
    # A list's introduction keeps its colon: its items follow.
    return text if text.endswith((".", "!", "?", ")", "\"", "»", ":")) else text + "."
