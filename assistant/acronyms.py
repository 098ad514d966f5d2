"""Acronyms the documents spell out ("petite ou moyenne entreprise (PME)"), so that a question using
one form matches a sentence using the other ("une PME" / "les petites et moyennes entreprises")."""

import re
from dataclasses import dataclass, field

from assistant.statements import initials
from assistant.words import STOPWORDS, content_words, words

# An acronym in brackets after the words it abbreviates: "(DRIRE)", "(DGciS)" (PDF small capitals).
_BRACKETED_RE = re.compile(r"\(\s*([A-Za-z][A-Za-z&]*[A-Z][A-Za-z&]*)\s*\)")
# An acronym followed by the words it abbreviates in brackets: "la DGE (direction générale des entreprises)".
_BEFORE_RE = re.compile(r"\b([A-Z][A-Za-z&]*[A-Z][A-Za-z&]*)\s*\(([^()]{5,160})\)")
_REACH = 12  # words before the bracket in which the spelled-out form is looked for


@dataclass(frozen=True)
class Acronyms:
    """Each acronym the documents spell out (folded) and the stems of its spelled-out form."""

    spelled: dict[str, frozenset[str]] = field(default_factory=dict)

    def asked_in(self, asked: set[str]) -> "Acronyms":
        """The acronyms a question (its stems, ``asked``) holds in either form: the only ones its
        sentences need be read for."""
        return Acronyms({acronym: form for acronym, form in self.spelled.items()
                         if acronym in asked or _spells(form, asked)})

    def link(self, asked: set[str], held: set[str]) -> set[str]:
        """The question's words (stems, ``asked``) a sentence holding ``held`` holds once each acronym
        is read as its spelled-out form and the reverse: an acronym asked is held by a sentence that
        spells it out, and a spelled-out form asked by a sentence that holds its acronym."""
        found = set(held)
        for acronym, form in self.spelled.items():
            if acronym in asked and _spells(form, held):
                found.add(acronym)
            if acronym in held and _spells(form, asked):
                found |= form & asked
        return found


def _spells(form: frozenset[str], held: set[str]) -> bool:
    """Whether ``held`` holds a spelled-out form: all its words, or all but one of four or more."""
    return len(form & held) >= (len(form) - 1 if len(form) >= 4 else len(form))


def find_acronyms(texts) -> Acronyms:
    """The acronyms ``texts`` spell out: a form followed by its acronym in brackets ("direction régionale
    de l'industrie, de la recherche et de l'environnement (DRIRE)"), or an acronym followed by its form
    in brackets ("la DGE (direction générale des entreprises)"), the acronym's letters being the
    initials of the form's content words."""
    spelled: dict[str, frozenset[str]] = {}
    for text in texts:
        for match in _BRACKETED_RE.finditer(text):
            letters = match.group(1).lower()
            before = words(text[max(0, match.start() - 200):match.start()])[-_REACH:]
            form = _spelled_form(before, letters)
            if form:
                spelled.setdefault(letters, frozenset(content_words(" ".join(form))))
        for match in _BEFORE_RE.finditer(text):
            letters = match.group(1).lower()
            if initials(match.group(2)) == letters:
                spelled.setdefault(letters, frozenset(content_words(match.group(2))))
    return Acronyms(spelled)


def _spelled_form(before: list[str], letters: str) -> list[str]:
    """The shortest run of words ending ``before`` whose content words' initials spell ``letters``."""
    for start in range(len(before) - 1, -1, -1):
        run = before[start:]
        spelled = initials(" ".join(run))
        if spelled == letters and run[0] not in STOPWORDS:
            return run
        if len(spelled) > len(letters):
            return []
    return []
