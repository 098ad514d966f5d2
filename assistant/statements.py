"""What a sentence states: a quantity, a date (legal references and enumerators are neither)."""

import re

from assistant.matching import fold
from assistant.words import STOPWORDS, WORD_RE, stem, words
from corpus.sentences import DASH

MONTHS = {  # folded month names, English and French, to their number
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "aout": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}
_MONTHS = "|".join(MONTHS)
_DATE_RE = re.compile(rf"\b(\d{{1,2}}(?:er|st|nd|rd|th)? (?:{_MONTHS})|(?:{_MONTHS}) \d{{4}}|1[89]\d\d|20\d\d)\b")
YEAR_RE = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b")
_QUANTITY_RE = re.compile(r"\d[\d,. ]*\s*(?:%|percent|million|billion|milliard|people|firms|smes)|[€$£]\s*\d|\d")
URL_RE = re.compile(r"\S*(?:www\.|https?:|\.html?|\.fr|\.com|\.org)\S*")
# References that look like numbers or dates: "article 1466 E", "articles L. 123-4 et 5",
# "n° 2004-1484", "decret no 2005-1581", "JORF n°0302". Matched on folded text.
_REFERENCE_RE = re.compile(
    rf"\b(?:articles?|art\.?)\s+(?:[lrd]\.?\s*)?\d+(?:(?:{DASH}|\.)\d+)*(?:\s+[a-z]\b)?"
    rf"(?:\s*(?:,|et|a)\s*\d+(?:(?:{DASH}|\.)\d+)*)*"
    rf"|\b(?:n|no)\s*[°o]?\s*\d+(?:(?:{DASH}|[./])\d+)*|n°\s*\d+(?:(?:{DASH}|[./])\d+)*"
    rf"|\b\d{{4}}{DASH}\d{{2,}}\b")
# Enumerators that number paragraphs and list items: "I. -", "II. - A. -", "1°", "a)", "2." at a start.
# ("71." closing a sentence is a number: a numbered "2." opens a line or follows a dash.)
_ENUMERATOR_RE = re.compile(
    rf"(?:^|(?<=[\s(]))(?:[ivx]+\.(?=\s*{DASH})|[a-z]\.(?=\s*{DASH})|\d+\s*(?:°|o(?![a-z\d]))|[a-z]\))"
    rf"|(?:^[ \t]*|(?<={DASH}\s)|(?<={DASH}))\d{{1,2}}\.(?=\s|$)(?!\d)", re.MULTILINE)
# Numbers written in words (folded): "neuf membres", "twelve SMEs".
NUMBER_WORDS = frozenset("""
two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty sixty
hundred thousand deux trois quatre cinq sept huit neuf dix onze douze quinze vingt trente quarante
cinquante soixante cent cents mille dozen douzaine
""".split())

def has_number(text: str) -> bool:
    """Whether a sentence states a quantity, in digits or in words.

    Digits that only number, refer or date (a web address, "I. - 1. a)", "2°", "article 1466 E",
    "n° 2004-1484", "1er janvier 2005") are not quantities.
    """
    plain = _DATE_RE.sub(" ", without_references(text))
    return bool(_QUANTITY_RE.search(plain) or set(WORD_RE.findall(plain)) & NUMBER_WORDS)


# Money, a share or a rate: a currency ("€1.7 billion", "45 M€", "500 euros"), a percentage, a fraction.
_AMOUNT_RE = re.compile(r"[€$£]|\d\s*%|\b(?:euros?|eur|dollars?|percent|per cent|pour cent|pourcent|half|third"
                        r"|thirds|moitie|tiers|quart|quarts)\b|\d\s*(?:k|m|md)€")


def has_amount(text: str) -> bool:
    """Whether a sentence states an amount of money, a share or a rate."""
    return bool(_AMOUNT_RE.search(without_references(text)))


# The doer of a passive or a noun of action: "est effectuée par le comité", "designated by the minister".
_PASSIVE_AGENT_RE = re.compile(r"\bpar (?:le|la|les|l|un|une|des|du|ce|cet|cette|son|sa|ses|leur|leurs)\b"
                       r"|\bby (?:the|a|an|its|their|his|her|this|these|each)\b")


def has_agent(text: str) -> bool:
    """Whether a sentence names who does something in the passive ("par le comité", "by the State")."""
    return bool(_PASSIVE_AGENT_RE.search(fold(text)))


# A roman numeral, I to XXXIX (a paragraph's number: "prévus au II"; an instance's: "phase IV").
ROMAN_NUMERAL_RE = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})|X{1,3}")
# An instance named by a numeral after a word: "phase IV", "phase 3.0", "version 2.1". (A capital
# "I" alone is the English pronoun; a decimal comma reads as a point: "4,5 fois", "4.5 times".)
_INSTANCE_RE = re.compile(r"(?<=[^\W\d_] )(?:X{0,3}(?:IX|IV|VI{0,3}|I{2,3})|X{1,3})(?!\w)"
                          r"|(?<![\w.,])\d+[.,]\d+(?![\w]|[.,]\d)")


def instances(text: str) -> tuple[str, ...]:
    """The numerals ``text`` names an instance or a figure by, besides years: roman numerals after a
    word ("la phase IV") and decimal numbers ("phase 3.0", "4,5 fois le SMIC"), decimals with a point."""
    return tuple(dict.fromkeys(m.replace(",", ".") for m in _INSTANCE_RE.findall(text)))


def holds_instance(text: str, numeral: str) -> bool:
    """Whether ``text`` names ``numeral`` (one of ``instances``), with either decimal mark."""
    pattern = re.escape(numeral).replace(r"\.", "[.,]")
    return bool(re.search(rf"(?<![\w.,]){pattern}(?![\w]|[.,]\d)", text))


def has_year(text: str) -> bool:
    """Whether a sentence names a year (a law's number "2004-1484" is not one)."""
    return bool(YEAR_RE.search(without_references(text)))


# Units of time and frequency words (folded, English and French): a duration or a frequency is a
# number of units ("four years", "pendant 60 mois"), one unit each time ("tous les ans", "every
# month"), or says how often ("annual", "semestriel").
TIME_UNITS = frozenset("""
year years month months week weeks day days an ans annee annees mois semaine semaines
jour jours trimestre trimestres semestre semestres quarter quarters
""".split())
FREQUENCY_WORDS = frozenset("""
annual annually yearly monthly weekly daily quarterly annuel annuelle annuels annuelles annuellement
mensuel mensuelle mensuels mensuelles trimestriel trimestrielle semestriel semestrielle
""".split())
_PER = frozenset("every each per chaque par tous toutes".split())


def has_duration(text: str) -> bool:
    """Whether a sentence states a duration or a frequency (references and enumerators aside)."""
    tokens = WORD_RE.findall(without_references(text))
    if set(tokens) & FREQUENCY_WORDS:
        return True
    return any(word in TIME_UNITS and any(w[0].isdigit() or w in NUMBER_WORDS or w in _PER
                                          for w in tokens[max(0, i - 2):i])
               for i, word in enumerate(tokens))


def counts(text: str, counted: tuple[str, ...]) -> bool:
    """Whether a sentence gives a number of what ``counted`` (stems, as ``QuestionShape.counted``)
    names: a number followed by one of them, at most one word between ("889 R&D projects", "12 new
    SMEs"), or closing the sentence after one ("le nombre de pôles est de 71"). A number followed by
    another noun counts that ("four examples"); dates, references and enumerators count nothing."""
    plain = _DATE_RE.sub(" ", without_references(text))
    tokens = [w for w in WORD_RE.findall(plain) if w not in STOPWORDS or w in NUMBER_WORDS]
    stems = [stem(w) for w in tokens]
    for i, word in enumerate(tokens):
        if not (word[0].isdigit() or word in NUMBER_WORDS):
            continue
        if set(stems[i + 1:i + 3]) & set(counted):
            return True
        if i == len(tokens) - 1 and set(stems[max(0, i - 2):i]) & set(counted):
            return True
    return False


def has_reference(text: str) -> bool:
    """Whether a sentence cites a legal text by its number ("article 1466 E", "décret n° 2005-1581")."""
    return bool(_REFERENCE_RE.search(fold(text)))


def has_date(text: str) -> bool:
    """Whether a sentence states a date or a year (a law's number "2004-1484" is not one)."""
    return bool(_DATE_RE.search(without_references(text)))


def without_references(text: str) -> str:
    """The folded text without web addresses, legal references and enumerators."""
    return _ENUMERATOR_RE.sub(" ", _REFERENCE_RE.sub(" ", URL_RE.sub(" ", fold(text))))


def expands(text: str, acronym: str) -> bool:
    """Whether ``text`` spells out ``acronym``: "… régionale de l'industrie (DRIRE)", "la DGE (direction
    générale des entreprises)", "FUI signifie…", "ALCL stands for…" (letters compared without case: PDF
    small capitals read "DGciS")."""
    name = re.escape(acronym)
    if re.search(rf"\(\s*{name}\s*\)|\b{name}\b\s*(?:signifie|veut dire|stands for|means|désigne|:|=|,? (?:soit|i\.e\.|c'est-à-dire))"
                 rf"|(?:sigle|acronyme|acronym|abréviation|abbreviation)\s+{name}\b", text, re.IGNORECASE):
        return True
    return any(initials(inside) == acronym.lower()
               for inside in re.findall(rf"\b{name}\s*\(([^()]{{3,160}})\)", text, re.IGNORECASE))


def initials(text: str) -> str:
    """The initials of a text's content words ("direction générale des entreprises" -> "dge")."""
    return "".join(w[0] for w in words(text) if w not in STOPWORDS and len(w) > 1)
