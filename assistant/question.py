"""What a question asks for (a number, a date, a name), what it refers to, and whether it instructs."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from assistant.matching import fold
from assistant.names import has_name
from assistant.statements import (YEAR_RE, counts, expands, has_agent, has_amount, has_date, has_duration,
                                  has_number, has_reference, has_year, instances)
from assistant.words import PREFIX, STOPWORDS, prefixes, stem, words
from corpus.sections import article_numbers

_EN_PRONOUNS = {"it", "its", "they", "them", "their", "this", "that", "these", "those", "he", "she",
                "his", "her", "him"}
# Impersonal phrases whose pronouns refer to nothing: "combien y a-t-il", "il existe", "is it true".
_IDIOM_RE = re.compile(r"\b(?:est ce qu il|est ce qu[ei]?|ce qu[ei]?|c est|y (?:a t|avait|aura t|aurait) il|il y a|y a"
                       r"|il existe|il faut|is it|it is|is there|are there)\b")
_FR_PRONOUNS = {"il", "elle", "ils", "elles", "lui", "leur", "celui", "celle", "ceux", "celles", "y",
                "son", "sa", "ses", "cela", "ca",
                "ce", "cet", "cette", "ces"}  # demonstratives: "ce financement" is the one just named
# Durations and frequencies are quantities of time: "quatre ans", "tous les 12 mois".
_DURATION_ASKS = ("how long", "how often", "what duration", "what is the duration", "combien de temps",
                  "quelle duree", "quelle est la duree", "quelle frequence", "a quelle frequence",
                  "pendant combien", "quel delai", "what time limit", "within what period", "how many years",
                  "how many months", "how many days", "how frequently", "combien d annees", "combien d ans",
                  "combien de mois", "combien de jours")
_NUMBER_ASKS = ("how many", "how much", "what share", "what percentage", "what proportion",
                "what amount", "what number", "number of", "what sum", "how large", "how big",
                "what rate", "what is the rate", "quel taux", "quel est le taux",
                "combien", "quel montant", "quelle part", "quel pourcentage", "quelle proportion",
                "quel nombre", "nombre de", "quelle somme",
                # an upper or lower bound is a quantity: "the maximum aid", "le montant minimal"
                "maximum", "minimum", "maximal", "maximale", "minimal", "minimale", "plafond", "ceiling",
                *_DURATION_ASKS)
# "How many N", "combien de N", "combien y a-t-il de N", "the number of N": what is counted. (Not
# "combien de temps": a duration, which no noun beside its number names.)
_COUNT_RE = re.compile(r"\b(?:how many|combien (?:y (?:a t|avait|aura t|aurait) il )?d[e]?|(?:the )?number of"
                       r"|nombre d[e]?)\s+(?!temps\b)((?:\w+\s*){1,4})")
# Amounts: money, a share or a rate. "How much", "quel montant", "combien coûte", and a question
# about a budget, a fee, a cost, a rate or a share ("what is the membership fee", "quels taux").
_AMOUNT_RE = re.compile(
    r"\b(?:how much|combien (?!d[e]? |y )|(?:what|which|quel|quelle|quels|quelles)\s+"
    r"(?:(?:is|was|are|were|est|sont|etait|etaient)\s+)?(?:(?:the|le|la|les|l)\s+)?(?:\w+\s+){0,2}"
    r"(?:budget|budgets|fee|fees|cost|costs|price|amount|sum|montant|cout|couts|prix|redevance|cotisation"
    r"|somme|enveloppe|share|percentage|proportion|rate|rates|fraction|part|pourcentage|taux"
    r"|fine|fines|penalty|penalties|amende|amendes|interest|interets|loan|loans|pret|prets|frais|tarif|tarifs"
    r"|salary|salaire))\b")
# "Who designates…", "par qui", "à qui": the doer, often named only in the passive ("par le comité").
_AGENT_RE = re.compile(r"(?:et |and )?(?:(?:by|par|a|to|with|avec|aupres de) )?(?:who|whom|qui)\b")
# "Which decree…", "quel article du code…", "en vertu de quelle loi": the answer is a legal reference
# ("décret n° 2005-1581", "article 1466 E"), which names no one and counts nothing.
_REFERENCE_ASK_RE = re.compile(
    r"\b(?:which|what|quel|quelle|quels|quelles)\s+(?:\w+\s+)?(?:articles?|decrees?|laws?|acts?|statutes?"
    r"|regulations?|decrets?|lois?|arretes?|ordonnances?|circulaires?|reglements?|textes?)\b")
# A date asked besides a quantity, joined to it: "how many firms, and since when", "et en quelle année".
_JOINED_DATE_RE = re.compile(r"\b(?:and|et)\s+(?:since when|depuis quand|when|quand|in what year|what year|which year"
                             r"|en quelle annee|quelle annee|quelle date|what date)\b")
# A date asked first, a quantity joined after it: "depuis quand la phase V est-elle ouverte, et
# quelle part…", "when did it open and how many firms…".
_LEADING_DATE_RE = re.compile(r"(?:since when|depuis quand|when|quand|in what year|what year|en quelle annee"
                              r"|quelle annee|a quelle date|what date)\b.*\b(?:and|et)\b")
# "What does DRIRE stand for?", "Que signifie le sigle FUI ?", "What is ALCL short for?": an acronym
# to spell out (the capitals are read in the question as typed).
_ACRONYM = r"([A-Za-z&@]*[A-Z][A-Za-z&@]*[A-Z][A-Za-z&@]*)"  # two capitals at least, as typed
_ARTICLE = r"(?:le sigle |l['’]acronyme |l['’]abréviation |the acronym |the abbreviation |the initials |the |le |la |l['’])?"
_ACRONYM_ASK_RE = re.compile("|".join(rf"(?i:{before}){_ARTICLE}{_ACRONYM}(?i:{after})" for before, after in (
    (r"\bwhat (?:does|do|did) ", r" (?:stand for|mean)\b"),
    (r"\bwhat is ", r" short for\b"),
    (r"\b(?:que|qu['’]est-ce que) (?:signifie|veut dire|recouvre|désigne) ", r"\b"),
    (r"\bà quoi correspond ", r"\b"),
    (r"\b(?:the meaning of|the expansion of|signification de|sens de) ", r"\b"),
)))
# "What is an innovation platform?", "Qu'est-ce qu'un pôle de compétitivité au sens de…", "que
# désigne…", "define…": a term to define, up to a phrase saying where ("selon la brochure").
_DEFINITION_RE = re.compile(
    r"^(?:what (?:is|are) (?:a |an |the )?|qu est ce qu(?:e|i)? (?:(?:un|une|le|la|les|l) )?"
    r"|que (?:designe|recouvre) (?:(?:un|une|le|la|les|l) )?|define (?:a |an |the )?|definition (?:d |de |du |des )?"
    r"|what do (?:we|you) mean by (?:a |an |the )?|qu entend on par (?:(?:un|une|le|la|les|l) )?)(?P<term>.+)$")
_WHERE_RE = re.compile(r"\b(?:selon|according|au sens|d apres|in the|under|dans|pour|for|as|comme)\b.*$")
_YEAR_ASKS = ("what year", "which year", "quelle annee", "in what year")


def _asking(*forms: str) -> tuple[re.Pattern, re.Pattern]:
    """Where an asking word (its folded ``forms``: "when", "quand") asks: at a question's start or
    after a conjunction, either after a preposition ("par qui", "depuis quand"), at its end, and
    (the second pattern, on the question as typed) capitalised wherever it stands, as after a
    follow-up's subject. Elsewhere it joins a clause: "the experts who review", "the taxes a
    company repays when its approval is withdrawn", "que se passe-t-il quand…"."""
    word = "|".join(forms)
    folded = re.compile(rf"(?:^|\b(?:and|et|but|mais|so|then|puis|or|ou)\s+)(?:(?:by|par|a|to|with|avec|aupres de|de"
                        rf"|pour|chez|sur|from|for|since|depuis|until|jusqu a)\s+)?(?:{word})\b|\b(?:{word})$")
    typed = re.compile(rf"\b(?:{'|'.join(f.capitalize() for f in forms)})\b")
    return folded, typed


def _asks(asking: tuple[re.Pattern, re.Pattern], folded: str, question: str) -> bool:
    """Whether an asking word asks in ``question`` (``folded``: its words, folded), by ``_asking``."""
    return bool(asking[0].search(folded) or asking[1].search(question))


_WHEN_ASKS = _asking("when", "quand")
_DATE_ASKS = ("what year", "which year", "what date", "since when", "quelle annee",
              "quelle date", "depuis quand", "which period", "quelle periode", "until when", "jusqu a quand")
# "Who", and "which" asking for one thing ("which ministry", "quel pôle"), ask for a name; asking
# for several ("which themes", "quelles pièces") they ask for any kind of thing, names no more than
# others. The French "quel" before a verb is "what" ("quel est le délai"), which asks for no name:
# counted as one, it made nearly every French question ask for a name.
_NAME_ASKS = frozenset({"lequel", "laquelle"})
# "Who"/"qui" asks where an asking word stands; elsewhere it is a relative pronoun ("les PME qui
# l'obtiennent").
_WHO_ASKS = _asking("who", "whom", "qui")
# Nouns of a kind or a manner ("sous quelle forme", "which type", "quel rôle"): what they ask for
# is described, not named.
_KIND_NOUNS = r"forme|type|nature|maniere|facon|sorte|genre|role|condition|mesure|raison|form|kind|way|purpose|reason"
_WHICH_ONE_RE = re.compile(rf"\bwhich (?!\w+s\b|(?:{_KIND_NOUNS})\b)\w+"
                           r"|\bquel(?:le)? (?!(?:est|sont|etait|etaient|sera|seront|serait|fut|a|ont|avait"
                           rf"|{_KIND_NOUNS})\b)\w+")
# "Where", "où" (read before folding, where it would be "ou", "or"): a place, which is named.
_PLACE_ASK_RE = re.compile(r"\b(?:where|où)\b")
_INSTRUCTION_RE = re.compile(
    r"\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instruction|prompt|rule|previous|above)"
    r"|\b(system prompt|your (instructions|prompt|rules|configuration|settings|source code))"
    r"|\b(ignore[zr]?|oublie[zr]?)\b.{0,40}\b(instruction|consigne|regle)"
    r"|\b(prompt systeme|tes (instructions|consignes)|vos (instructions|consignes))"
    r"|\b(you are now|act as|pretend to be|jailbreak|tu es maintenant|fais semblant)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class QuestionShape:
    """What a question asks for, read from its wording."""

    wants_number: bool
    wants_date: bool
    wants_name: bool
    years: tuple[str, ...]
    has_pronoun: bool
    is_instruction: bool
    # The stems of the noun a count question counts ("how many R&D projects" -> ("project",)).
    counted: tuple[str, ...] = ()
    wants_duration: bool = False  # a duration or a frequency ("how long", "combien de temps")
    wants_amount: bool = False  # money, a share or a rate ("how much", "quel taux")
    wants_year: bool = False  # a year, not any date ("en quelle année")
    wants_agent: bool = False  # who does something ("who designates", "par qui")
    # The word beginning of the act a "who" question names ("who designates" -> "desi"): a doer in
    # the passive is a sign only beside it ("La désignation … est effectuée par le comité").
    agent_act: str = ""
    wants_reference: bool = False  # a legal text ("which decree", "quel article")
    quantity_too: bool = False  # a duration and another quantity ("what share, and for how long")
    date_too: bool = False  # a quantity and a date ("how many firms, and since when")
    acronym: str = ""  # an acronym to spell out ("what does DRIRE stand for")
    articles: frozenset[str] = frozenset()  # the articles it names ("l'article 2" -> {"2"})
    # The term a definition question asks about ("qu'est-ce qu'une plateforme d'innovation" ->
    # ("plateforme", "innovation")), its content words as written.
    defines: tuple[str, ...] = ()
    # The numerals it names an instance or a figure by, besides years ("la phase IV", "phase 3.0",
    # "4,5 fois le SMIC"): evidence that names none of them speaks of another one.
    instances: tuple[str, ...] = ()

    @property
    def kind_is_a_sign(self) -> bool:
        """Whether a sentence may answer without the kind asked for: a name, or a legal text cited
        by its title rather than its number ("la loi de finances pour 2005")."""
        return self.wants_name or self.wants_reference

    def answer_tests(self, same_language: bool) -> tuple[Callable[[str], bool], ...]:
        """The tests a sentence passes when it holds each kind of answer asked for (none: any kind).

        A question joining two facts ("what share stays exempt, and for how long?", "how many
        firms, and since when?") asks for each of them. ``same_language``: the sentence is in the
        question's language. A count ("how many projects") wants a number of the thing counted,
        which can be read only there (across languages the noun is translated); units of time,
        currencies and percentages read alike in both. A name (or, for "who", a doer in the
        passive) and a legal reference are signs of an answer, not needs.
        """
        if self.acronym:
            return (partial(expands, acronym=self.acronym),)
        if self.wants_reference:
            return (has_reference,)
        tests = []
        if self.wants_duration:
            tests.append(has_duration)
        if self.wants_number and (not self.wants_duration or self.quantity_too):
            if self.wants_amount:
                tests.append(has_amount)
            else:
                tests.append(partial(counts, counted=self.counted) if self.counted and same_language else has_number)
        if self.wants_date or self.date_too:
            tests.append(has_year if self.wants_year else has_date)
        if tests:
            return tuple(tests)
        if self.wants_name:
            return (partial(_names_or_does, act=self.agent_act) if self.wants_agent else has_name,)
        return ()


def shape(question: str) -> QuestionShape:
    """Read what kind of answer ``question`` expects and what it refers to."""
    spelled = _ACRONYM_ASK_RE.search(question)
    folded = " ".join(words(question))
    tokens = set(folded.split())
    wants_reference = bool(_REFERENCE_ASK_RE.search(folded))
    wants_amount = bool(_AMOUNT_RE.search(folded))
    wants_number = wants_amount or any(re.search(rf"\b{ask}\b", folded) for ask in _NUMBER_ASKS)
    date_asked = _asks(_WHEN_ASKS, folded, question) or any(re.search(rf"\b{ask}\b", folded) for ask in _DATE_ASKS)
    wants_date = not wants_number and date_asked
    wants_duration = any(re.search(rf"\b{ask}\b", folded) for ask in _DURATION_ASKS)
    # A quantity asked besides the duration: another ask once the duration's words are gone.
    apart = re.sub("|".join(rf"\b{ask}\b" for ask in _DURATION_ASKS), " ", folded)
    quantity_too = wants_duration and (wants_amount or any(re.search(rf"\b{ask}\b", apart) for ask in _NUMBER_ASKS))
    wants_name = not (wants_number or wants_date or wants_reference) and bool(
        tokens & _NAME_ASKS or _asks(_WHO_ASKS, folded, question) or _WHICH_ONE_RE.search(folded) or _PLACE_ASK_RE.search(question.lower()))
    return QuestionShape(
        wants_number=wants_number, wants_date=wants_date, wants_name=wants_name,
        years=tuple(YEAR_RE.findall(question)),
        has_pronoun=bool(set(_IDIOM_RE.sub(" ", " ".join(words(_without_repeated_subject(question)))).split())
                         & (_EN_PRONOUNS | _FR_PRONOUNS)),
        is_instruction=is_instruction(question),
        counted=_counted(folded) if wants_number else (),
        wants_duration=wants_duration,
        quantity_too=quantity_too,
        date_too=wants_number and bool(_JOINED_DATE_RE.search(folded) or _LEADING_DATE_RE.match(folded)),
        wants_amount=wants_amount,
        wants_agent=bool(_AGENT_RE.match(folded)),
        agent_act=_agent_act(question),
        wants_year=wants_date and any(re.search(rf"\b{ask}\b", folded) for ask in _YEAR_ASKS),
        wants_reference=wants_reference,
        acronym=next((g for g in spelled.groups() if g), "") if spelled else "",
        articles=frozenset(article_numbers(question)),
        defines=_defined_term(folded) if not (wants_number or wants_date or wants_reference) else (),
        instances=instances(question),
    )


def _defined_term(folded: str) -> tuple[str, ...]:
    """The content words of the term a definition question asks about (none if it asks no definition)."""
    found = _DEFINITION_RE.match(folded)
    if not found:
        return ()
    term = _WHERE_RE.sub("", found.group("term")).strip()
    kept = [w for w in term.split() if w not in STOPWORDS and len(w) > 1]
    return tuple(kept) if 0 < len(kept) <= 4 else ()


# A verb and its subject pronoun inverted: "a-t-elle", "est-il", "coûte-t-il".
_INVERTED_RE = re.compile(r"\b\w+-(?:t-)?(?:il|elle|ils|elles|on)\b", re.IGNORECASE)
_ASKING_WORDS = {"quel", "quelle", "quels", "quelles", "lequel", "laquelle"}
_PREPOSITIONS = {"en", "a", "au", "dans", "depuis", "pour", "par", "de", "sur", "avec", "jusqu", "pendant", "avant",
                 "apres"}


def _without_repeated_subject(question: str) -> str:
    """The question without the pronouns that repeat a subject it names before them: in "En quelle
    année la bioraffinerie a-t-elle ouvert ?", "elle" is the biorefinery, not something said
    before; in "Quand a-t-il ouvert ?" it refers to the conversation."""
    def drop(match: re.Match) -> str:
        before = words(question[:match.start()])
        # The noun of "en quelle année", "depuis quelle date" is no subject.
        named = [w for i, w in enumerate(before) if w not in STOPWORDS and len(w) > 1
                 and not (i > 1 and before[i - 1] in _ASKING_WORDS and before[i - 2] in _PREPOSITIONS)]
        return match.group(0).split("-")[0] if named else match.group(0)
    return _INVERTED_RE.sub(drop, question)


def _counted(folded: str) -> tuple[str, ...]:
    """The stems of the first two words after "how many"/"combien de" that are not stop words,
    up to the first stop word after them: the counted noun and its modifier."""
    found = _COUNT_RE.search(folded)
    if not found:
        return ()
    kept = []
    for word in found.group(1).split():
        if word in STOPWORDS or len(word) < 2:
            if kept:
                break
            continue
        kept.append(stem(word))
        if len(kept) == 2:
            break
    return tuple(kept)


def _names_or_does(text: str, act: str = "") -> bool:
    """Whether a sentence names someone, or who does something in the passive (the ``act`` asked
    about, by its word beginning, when the question names one)."""
    return has_name(text) or (has_agent(text) and (not act or act in prefixes(text)))


# "Who designates", "qui a désigné", "who is appointing": the act right after the asking word.
_AUXILIARY = (r"(?:is|are|was|were|has|have|had|does|do|did|will|can|may|must|est|sont|a|ont|etait|sera|peut"
              r"|doit|fut)")
_AGENT_ACT_RE = re.compile(rf"^{_AGENT_RE.pattern} (?:{_AUXILIARY} )?"
                           rf"(?!{_AUXILIARY}\b)([^\W\d_]{{4,}})")


def _agent_act(question: str) -> str:
    """The word beginning of the act a "who" question asks the doer of, or "" (none named there)."""
    found = _AGENT_ACT_RE.match(fold(question).strip())
    return found.group(1)[:PREFIX] if found else ""


def is_instruction(text: str) -> bool:
    """Whether a text tries to instruct the assistant ("ignore previous instructions…")."""
    return bool(_INSTRUCTION_RE.search(fold(text)))
