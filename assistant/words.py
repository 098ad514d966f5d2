"""Words of a text: folded tokens, stop words, a light plural-folding stem."""

import re

from assistant.matching import normalize

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
WORD_RE = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The words of a text, folded; hyphens and elisions (``l'``, ``d'``) separate words."""
    return WORD_RE.findall(normalize(text))


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


PREFIX = 4  # letters of a word's beginning that stand for it (assistant.retrieve: Weights.prefixes)


def prefixes(text_or_words) -> set[str]:
    """The beginnings of a text's content words (or of given words) of ``PREFIX`` letters or more:
    inflections and French-English cognates share them ("financement", "financing")."""
    plain = content_words(text_or_words, stemmed=False) if isinstance(text_or_words, str) else text_or_words
    return {w[:PREFIX] for w in plain if len(w) >= PREFIX and not w.isdigit()}
