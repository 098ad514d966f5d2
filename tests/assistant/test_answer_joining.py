"""Which sentences join the best one, and what they may not do to its quote (hand-made passages)."""

from assistant.answer import AnswerConfig
from assistant.confidence import coverage
from tests.assistant.test_answer import ask, passage

ITEMS = [f"{n}° {head}, appréciée au regard des éléments économiques, techniques et territoriaux décrits "
         f"dans le dossier de candidature du pôle ;" for n, head in
         enumerate(["La stratégie de développement", "La visibilité internationale", "Le partenariat",
                    "La création de richesses nouvelles"], start=1)]


INTRO = "La désignation est effectuée sur la base des critères suivants :"


def criteria(source: str = "a.txt"):
    """A French list (its introduction and four items of about 150 characters) whose first item scores best."""
    items = [*ITEMS[:-1], ITEMS[-1].rstrip(" ;") + "."]
    return passage([(INTRO, 1.45), (items[0], 1.6),
                    *[(item, 1.3) for item in items[1:]]], language="fr", source=source, sep="\n")


def elsewhere(text: str, score: float, source: str = "a.txt", key: str = "a.txt#2#0"):
    """A passage of one sentence, on another page of ``source``."""
    found = passage([(text, score)], language="fr", source=source)
    found.key, found.page = key, 2
    return found


CLOSE = ("Le comité interministériel se prononce après l'avis d'un groupe de travail composé de représentants "
         "des ministères, des régions et de personnalités qualifiées issues des milieux économiques et "
         "scientifiques, qui examine les dossiers.")


def test_a_sentence_joining_the_best_never_trims_the_list_the_best_one_belongs_to():
    config = AnswerConfig(abstain_below=0.0)
    question = "Sur la base de quels critères les pôles sont-ils désignés ?"
    passages = [criteria(), elsewhere(CLOSE, 1.595)]
    assert len(INTRO) + sum(len(i) for i in ITEMS) + len(CLOSE) > config.list_chars  # both do not fit whole
    reply = ask(question, passages, "fr", config)
    for item in ITEMS:
        assert item.rstrip(" ;.") in reply.text
    assert "…" not in reply.text and "groupe de travail" not in reply.text
    # Picked first and made into lists after, the close sentence took the room of the list's items.
    before = ask(question, passages, "fr", AnswerConfig(abstain_below=0.0, best_first=False))
    assert "groupe de travail" in before.text and "…" in before.text


def test_a_sentence_that_fits_beside_the_best_ones_list_still_joins():
    config = AnswerConfig(abstain_below=0.0)
    short = "Le comité interministériel se prononce chaque année."
    reply = ask("Sur la base de quels critères les pôles sont-ils désignés ?",
                [criteria(), elsewhere(short, 1.595)], "fr", config)
    assert short in reply.text and "…" not in reply.text
    assert reply.text.index("richesses nouvelles") < reply.text.index(short)  # in document order


def test_another_documents_close_sentence_joins_only_when_joining_across_documents():
    question = "Qui désigne les pôles de compétitivité ?"
    best = passage([("Les pôles sont désignés par le comité interministériel.", 1.6)], language="fr", source="a.txt")
    close = elsewhere("Le comité interministériel désigne les pôles après un appel à candidatures.", 1.58,
                      source="b.txt", key="b.txt#1#0")
    far = elsewhere("Le préfet de région transmet les candidatures au comité.", 1.5, source="b.txt", key="b.txt#2#0")
    assert "appel à candidatures" not in ask(question, [best, close, far], "fr", AnswerConfig(abstain_below=0.0)).text
    across = AnswerConfig(abstain_below=0.0, close_across_documents=True, other_margin=0.03)
    reply = ask(question, [best, close, far], "fr", across)
    assert "appel à candidatures" in reply.text and "préfet" not in reply.text
    assert [c.source for c in reply.citations] == ["a.txt", "b.txt"]


def test_the_confidence_signals_may_read_the_best_ones_quote_alone():
    question = "Qui désigne les pôles de compétitivité et selon quel calendrier ?"
    best = passage([("Les pôles sont désignés par le comité interministériel.", 1.6)], language="fr", source="a.txt")
    close = elsewhere("Le calendrier de désignation des pôles de compétitivité est fixé chaque année.", 1.58,
                      source="b.txt", key="b.txt#1#0")
    base = dict(abstain_below=0.0, close_across_documents=True, other_margin=0.03)
    joined = ask(question, [best, close], "fr", AnswerConfig(**base))
    alone = ask(question, [best, close], "fr", AnswerConfig(**base, signals_from_best=True))
    assert "calendrier" in joined.text and "calendrier" in alone.text  # both quote the two documents
    assert alone.signals["coverage"] == coverage(question, best.text, [best, close])
    assert alone.signals["coverage"] < joined.signals["coverage"]
