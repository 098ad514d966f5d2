"""Follow-up questions: rewriting the retrieval query from the conversation, without a model."""

from assistant.names import names
from assistant.question import shape
from assistant.words import content_words, words

# A question with this many content words or fewer leans on the conversation for its subject.
SHORT_QUESTION = 2


def condense(question: str, history: list[str] | tuple[str, ...] = ()) -> str:
    """The query to retrieve with: ``question`` alone, or led by the subject it refers to.

    A question that depends on earlier turns (it has a pronoun, or too few words of its
    own to name a subject) is prefixed with the subject of the conversation so far: the
    content words of the last self-standing user turn, plus those of the follow-ups since.
    """
    subject = ""
    for turn in history:
        subject = _carry(turn, subject)
    if subject and _depends_on_context(question):
        return f"{subject} {question}"
    return question


def _carry(turn: str, subject: str) -> str:
    """The conversation's subject after ``turn``."""
    own = " ".join(content_words(turn, stemmed=False))
    if subject and _depends_on_context(turn):
        return f"{subject} {own}".strip()
    return own or subject


# Words that point back at what was just said: "ce financement", "this initiative", "those projects".
_POINTING_BACK = {"ce", "cet", "cette", "ces", "this", "these", "those"}


def _depends_on_context(question: str) -> bool:
    """Whether a question refers to something it does not name.

    A question pointing back ("ce financement", "this initiative") or opening with a conjunction
    ("Et quelle part…", "And what…") goes on from the last turn. Otherwise a question naming
    something of its own (a name, an acronym, a year) is self-contained, whatever pronoun it
    holds: the conversation's subject must not be carried into it. (A year carried with the
    subject helps find it, but the evidence need not hold it: ``Assistant`` requires only the
    years the question names itself.)
    """
    asked = shape(question)
    plain = words(question)
    if plain[:1] in (["et"], ["and"]) or (set(plain) & _POINTING_BACK and asked.has_pronoun):
        return True
    if asked.years or names(question):
        return False
    # "How many X…?" names what it counts: X is its subject, however short the question.
    short = len(content_words(question)) <= (SHORT_QUESTION - 1 if asked.wants_number else SHORT_QUESTION)
    return asked.has_pronoun or short
