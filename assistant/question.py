"""What a question asks for (a number, a date, a name), what it refers to, and whether it instructs."""

import re
from dataclasses import dataclass

from assistant.matching import fold
from assistant.words import STOPWORDS, stem, words

_YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_EN_PRONOUNS = {"it", "its", "they", "them", "their", "this", "that", "these", "those", "he", "she",
                "his", "her", "him"}
# Impersonal phrases whose pronouns refer to nothing: "combien y a-t-il", "il existe", "is it true".
_IDIOM_RE = re.compile(r"\b(?:y a t il|il y a|y a|il existe|il faut|est ce qu il|is it|it is|is there|are there)\b")
_FR_PRONOUNS = {"il", "elle", "ils", "elles", "lui", "leur", "celui", "celle", "ceux", "celles", "y",
                "son", "sa", "ses", "cela", "ca"}
# Durations and frequencies are quantities of time: "quatre ans", "tous les 12 mois".
_DURATION_ASKS = ("how long", "how often", "what duration", "what is the duration", "combien de temps",
                  "quelle duree", "quelle est la duree", "quelle frequence", "a quelle frequence",
                  "pendant combien", "how many years", "how many months", "combien d annees",
                  "combien d ans", "combien de mois", "how frequently", "how many days", "combien de jours")
_NUMBER_ASKS = ("how many", "how much", "what share", "what percentage", "what proportion",
                "what amount", "what number", "number of", "what sum", "how large", "how big",
                "what rate", "what is the rate", "quel taux", "quel est le taux",
                "combien", "quel montant", "quelle part", "quel pourcentage", "quelle proportion",
                "quel nombre", "nombre de", "quelle somme",
                *_DURATION_ASKS)
# "How many N", "combien de N", "combien y a-t-il de N", "the number of N": what is counted. (Not
# "combien de temps": a duration, which no noun beside its number names.)
_COUNT_RE = re.compile(r"\b(?:how many|combien (?:y a t il )?d[e]?|(?:the )?number of|nombre d[e]?)\s+"
                       r"(?!temps\b)((?:\w+\s*){1,4})")
_DATE_ASKS = ("when", "what year", "which year", "what date", "since when", "quand", "quelle annee",
              "quelle date", "depuis quand")
_NAME_ASKS = ("which", "who", "whom", "quel", "quelle", "quels", "quelles", "qui", "lequel", "laquelle")
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


def shape(question: str) -> QuestionShape:
    """Read what kind of answer ``question`` expects and what it refers to."""
    folded = " ".join(words(question))
    tokens = set(folded.split())
    wants_number = any(re.search(rf"\b{ask}\b", folded) for ask in _NUMBER_ASKS)
    wants_date = not wants_number and any(re.search(rf"\b{ask}\b", folded) for ask in _DATE_ASKS)
    wants_name = not (wants_number or wants_date) and bool(tokens & set(_NAME_ASKS))
    return QuestionShape(
        wants_number=wants_number, wants_date=wants_date, wants_name=wants_name,
        years=tuple(_YEAR_RE.findall(question)),
        has_pronoun=bool(set(_IDIOM_RE.sub(" ", folded).split()) & (_EN_PRONOUNS | _FR_PRONOUNS)),
        is_instruction=is_instruction(question),
        counted=_counted(folded) if wants_number else (),
        wants_duration=any(re.search(rf"\b{ask}\b", folded) for ask in _DURATION_ASKS),
    )


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


def is_instruction(text: str) -> bool:
    """Whether a text tries to instruct the assistant ("ignore previous instructions…")."""
    return bool(_INSTRUCTION_RE.search(fold(text)))
