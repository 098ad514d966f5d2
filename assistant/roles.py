"""How a sentence sits in its text: a heading or page furniture, or a sentence leaning on the one before."""

from itertools import dropwhile

from assistant.statements import ROMAN_NUMERAL_RE, URL_RE
from assistant.types import Passage, Sentence
from assistant.words import words
from corpus.sections import is_article_line
from corpus.sentences import goes_on


# Words opening a sentence that leans on the one before, English and French (folded).
_LEANING = frozenset({"these", "this", "those", "it", "they", "such", "its", "their",
                      "ces", "cette", "cet", "ce", "ceux", "eux", "celles", "celui", "celle", "ils", "elles", "elle",
                      "leur", "leurs", "son", "sa", "ses"})
# The French "il" leans too ("Il comprend les pièces suivantes"), except before the verbs it is
# mostly impersonal with ("Il est institué un comité", "Il y a", "Il s'agit", "Il n'est pas").
_IMPERSONAL = frozenset({"est", "etait", "sera", "serait", "a", "y", "faut", "fallait", "faudra", "convient", "s",
                         "appartient", "importe", "suffit", "semble", "reste", "resulte", "ressort", "existe",
                         "incombe", "peut", "pourra", "doit", "devra", "en", "n", "ne"})


def opens_with_reference(text: str) -> bool:
    """Whether a sentence leans on the one before it ("These include…", "Of these, …", "Parmi eux, …",
    "Elle suppose…")."""
    first = words(text[:30])[:2]
    if first[:1] in (["of"], ["parmi"]):
        first = first[1:]
    if first[:1] == ["il"]:
        return len(first) > 1 and first[1] not in _IMPERSONAL
    return bool(first) and first[0] in _LEANING


def is_visa(text: str) -> bool:
    """Whether a sentence is a visa of a French regulatory text ("Vu la loi n° 2004-1484…"): the
    legal basis it cites, which answers which text it rests on and nothing else."""
    return text.lstrip().startswith("Vu ")


_PRESENT = frozenset({"present", "presente", "presents", "presentes"})
_OWN_TEXT = frozenset({"decree", "order", "law", "act", "article", "chapter", "document", "brochure", "regulation",
                       "call", "guide", "text", "charter"})


def speaks_of_itself(text: str) -> bool:
    """Whether a sentence speaks of its own text, its object or scope ("Le présent décret fixe…",
    "This brochure presents…"): it shares words with every question on the text and answers none."""
    first = list(dropwhile(_numbers, words(text[:80])))[:2]  # after its numbering ("Article 1er -")
    return len(first) == 2 and ((first[0] in {"le", "la", "les"} and first[1] in _PRESENT)
                                or (first[0] == "this" and first[1] in _OWN_TEXT))


def _numbers(word: str) -> bool:
    """Whether a folded word numbers an article or a paragraph ("art", "1er", "ii", "a")."""
    return word in {"art", "article", "1er"} or word.isdigit() or len(word) == 1 \
        or bool(ROMAN_NUMERAL_RE.fullmatch(word.upper()))


def looks_like_heading(text: str) -> bool:
    """Whether a sentence is a heading, a question or page furniture (a link) rather than a statement."""
    stripped = text.strip()
    if stripped.endswith("?") or URL_RE.search(stripped.lower()) or stripped.startswith((">", "»")) \
            or is_article_line(stripped):
        return True
    return not stripped.endswith((".", "!", ";", ":", ")")) and len(stripped) < 80


def statements(passage: Passage) -> list[list[Sentence]]:
    """A passage's sentences in text order, grouped into the statements they were cut from: the
    pieces of a long sentence cut at ingest (a legal sentence's clauses) make one group."""
    ordered = sorted(passage.sentences, key=lambda s: s.start)
    groups: list[list[Sentence]] = []
    for at, sentence in enumerate(ordered):
        previous = ordered[at - 1] if at else None
        if previous and goes_on(previous.text, passage.text[previous.end:sentence.start].lstrip(" ") + sentence.text):
            groups[-1].append(sentence)
        else:
            groups.append([sentence])
    return groups
