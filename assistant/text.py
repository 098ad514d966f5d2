"""Light language analysis of questions and sentences: words, language, what is asked."""

import re
from dataclasses import dataclass

from assistant.matching import fold, normalize

_EN_STOP = set("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just
me more most my myself no nor not now of off on once only or other our ours out over own same she
should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves there's it's one ones may might must shall tell give show
explain describe please know about list name many much whose
""".split())
_FR_STOP = set("""
a au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je la le les leur leurs
lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui quoi sa se ses son
sur ta te tes toi ton tu un une vos votre vous y est sont ete etre a ont avoir fait font quel
quelle quels quelles combien comment quand ou pourquoi lequel laquelle lesquels dont cela ca ceci
celui celle ceux celles d l s c j n m t qu plus moins tres aussi bien peut peuvent dit dis parle
parlez explique expliquez decris donne donnez montre liste parle-moi dites-moi
""".split())
STOPWORDS = _EN_STOP | _FR_STOP
_WORD_RE = re.compile(r"[^\W_]+")
# A name: a word of letters (digits may follow), hyphenated or with an apostrophe inside.
_NAME_WORD_RE = re.compile(r"[^\W\d_][^\W_]*(?:[-'’][^\W\d_][^\W_]*)*")
_ELISION_RE = re.compile(r"^(?:[ldjnmtsc]|qu)['’]", re.IGNORECASE)
# Capitalised words that name nothing: they start sentences or are written so by convention.
_NOT_NAMES = {"i", "ok", "na"}
NAME_PREFIX = 6  # a name matches a word sharing this many first letters (Normandie, Normandy)
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)?")
_YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
MONTHS = {  # folded month names, English and French, to their number
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "aout": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}
_MONTHS = "|".join(MONTHS)
_DATE_RE = re.compile(rf"\b(\d{{1,2}} (?:{_MONTHS})|(?:{_MONTHS}) \d{{4}}|1[89]\d\d|20\d\d)\b")
_QUANTITY_RE = re.compile(r"\d[\d,. ]*\s*(?:%|percent|million|billion|milliard|people|firms|smes)|[€$£]\s*\d|\d")
_URL_RE = re.compile(r"\S*(?:www\.|https?:|\.html?|\.fr|\.com|\.org)\S*")
# References that look like numbers or dates: "article 1466 E", "articles L. 123-4 et 5",
# "n° 2004-1484", "decret no 2005-1581", "JORF n°0302". Matched on folded text.
_REFERENCE_RE = re.compile(
    r"\b(?:articles?|art\.?)\s+(?:[lrd]\.?\s*)?\d+(?:[-.]\d+)*(?:\s+[a-z]\b)?(?:\s*(?:,|et|a)\s*\d+(?:[-.]\d+)*)*"
    r"|\b(?:n|no)\s*[°o]?\s*\d+(?:[-./]\d+)*|n°\s*\d+(?:[-./]\d+)*"
    r"|\b\d{4}-\d{2,}\b")
# Enumerators that number paragraphs and list items: "I. -", "II. - A. -", "1°", "a)", "2." at a start.
_ENUMERATOR_RE = re.compile(
    r"(?:^|(?<=[\s(]))(?:[ivx]+\.(?=\s*-)|[a-z]\.(?=\s*-)|\d+\s*°|[a-z]\)|\d{1,2}\.(?=\s|$)(?!\d))", re.MULTILINE)
# Numbers written in words (folded): "neuf membres", "twelve SMEs".
NUMBER_WORDS = frozenset("""
two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty sixty
hundred thousand deux trois quatre cinq sept huit neuf dix onze douze quinze vingt trente quarante
cinquante soixante cent cents mille dozen douzaine
""".split())
_EN_PRONOUNS = {"it", "its", "they", "them", "their", "this", "that", "these", "those", "he", "she",
                "his", "her", "him"}
# Impersonal phrases whose pronouns refer to nothing: "combien y a-t-il", "il existe", "is it true".
_IDIOM_RE = re.compile(r"\b(?:y a t il|il y a|y a|il existe|il faut|est ce qu il|is it|it is|is there|are there)\b")
_FR_PRONOUNS = {"il", "elle", "ils", "elles", "lui", "leur", "celui", "celle", "ceux", "celles", "y",
                "son", "sa", "ses", "cela", "ca"}
_NUMBER_ASKS = ("how many", "how much", "what share", "what percentage", "what proportion",
                "what amount", "what number", "number of", "what sum", "how large", "how big",
                "what rate", "what is the rate", "quel taux", "quel est le taux",
                "combien", "quel montant", "quelle part", "quel pourcentage", "quelle proportion",
                "quel nombre", "nombre de", "quelle somme")
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


def words(text: str) -> list[str]:
    """The words of a text, folded; hyphens and elisions (``l'``, ``d'``) separate words."""
    return _WORD_RE.findall(normalize(text))


def stem(word: str) -> str:
    """A crude stem that folds English and French plurals."""
    if len(word) > 4 and word.endswith(("ies",)):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith(("s", "x")) and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def content_words(text: str, stemmed: bool = True) -> list[str]:
    """Words that carry meaning (no stop words), in order, stemmed unless asked not to."""
    kept = [w for w in words(text) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]
    return [stem(w) for w in kept] if stemmed else kept


@dataclass(frozen=True)
class QuestionShape:
    """What a question asks for, read from its wording."""

    wants_number: bool
    wants_date: bool
    wants_name: bool
    years: tuple[str, ...]
    has_pronoun: bool
    is_instruction: bool


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
    )


def is_instruction(text: str) -> bool:
    """Whether a text tries to instruct the assistant ("ignore previous instructions…")."""
    return bool(_INSTRUCTION_RE.search(fold(text)))


def has_number(text: str) -> bool:
    """Whether a sentence states a quantity, in digits or in words.

    Digits that only number or refer (a web address, "I. - 1. a)", "2°", "article 1466 E",
    "n° 2004-1484") are not quantities.
    """
    plain = without_references(text)
    return bool(_QUANTITY_RE.search(plain) or set(_WORD_RE.findall(plain)) & NUMBER_WORDS)


def has_date(text: str) -> bool:
    """Whether a sentence states a date or a year (a law's number "2004-1484" is not one)."""
    return bool(_DATE_RE.search(without_references(text)))


def without_references(text: str) -> str:
    """The folded text without web addresses, legal references and enumerators."""
    return _ENUMERATOR_RE.sub(" ", _REFERENCE_RE.sub(" ", _URL_RE.sub(" ", fold(text))))


def has_name(text: str) -> bool:
    """Whether a sentence names something: a capitalised word past its first, or an acronym."""
    tokens = _WORD_RE.findall(text)
    return any(t[:1].isupper() for t in tokens[1:]) or any(t.isupper() and len(t) > 1 for t in tokens)


def names(text: str) -> list[str]:
    """The proper names of a text: capitalised words past its first, and acronyms (months excepted)."""
    tokens = [_ELISION_RE.sub("", t) for t in _NAME_WORD_RE.findall(text.lstrip("-*•>«\"' "))]
    found = [t for i, t in enumerate(tokens) if t and (t.isupper() and len(t) > 1 or i > 0 and t[0].isupper())]
    return [t for t in dict.fromkeys(found) if fold(t) not in _NOT_NAMES | STOPWORDS and fold(t) not in MONTHS]


def name_held(name: str, folded_words: set[str], other_spellings: bool = False) -> bool:
    """Whether a name, or each part of a hyphenated one, is among ``folded_words``.

    With ``other_spellings``, a part also matches a word sharing its first ``NAME_PREFIX``
    letters: the same name in the other language (Normandie and Normandy).
    """
    for part in re.split(r"[-'’]", fold(name)):
        if not part or part in folded_words or stem(part) in folded_words:
            continue
        if other_spellings and len(part) >= NAME_PREFIX and \
                any(w[:NAME_PREFIX] == part[:NAME_PREFIX] for w in folded_words):
            continue
        return False
    return True


def opens_with_reference(text: str) -> bool:
    """Whether a sentence leans on the one before it ("These include…", "Of these, …", "It was…")."""
    first = words(text[:30])[:2]
    if first[:1] == ["of"]:
        first = first[1:]
    return bool(first) and first[0] in {"these", "this", "those", "it", "they", "such", "its", "their"}


def looks_like_heading(text: str) -> bool:
    """Whether a sentence is a heading, a question or page furniture (a link) rather than a statement."""
    stripped = text.strip()
    if stripped.endswith("?") or _URL_RE.search(stripped.lower()) or stripped.startswith((">", "»")):
        return True
    return not stripped.endswith((".", "!", ";", ":", ")")) and len(stripped) < 80
