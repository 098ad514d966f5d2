from assistant.lexical import LexicalIndex, analyze


def test_words_are_folded_stemmed_in_their_language_and_stop_words_dropped():
    assert analyze("Les pôles régionaux et le comité", "fr") == analyze("le pole regional du comite", "fr")
    assert "le" not in analyze("le comité", "fr") and "the" not in analyze("the committee", "en")
    assert analyze("clusters counted", "en") == analyze("cluster counts", "en")


def test_bm25_ranks_the_chunk_holding_the_rare_words_first():
    index = LexicalIndex([
        ("a", "Le comité de pilotage se réunit deux fois par an.", "fr"),
        ("b", "La désignation des pôles est effectuée par le comité interministériel.", "fr"),
        ("c", "The harbour authority dredges the channel every spring.", "en"),
    ])
    assert [chunk for chunk, _ in index.search("Qui effectue la désignation des pôles ?", "fr", 2)][0] == "b"
    assert index.search("zzz quux", "en", 3) == [] and LexicalIndex([]).search("comité", "fr", 3) == []


def test_an_index_in_the_questions_language_knowing_none_of_its_words_is_not_about_it():
    index = LexicalIndex([("1", "La cotisation annuelle d'un pôle est de 500 euros.", "fr"),
                          ("2", "The clusters gather firms and laboratories.", "en")])
    assert index.knows_none("Quelle est la recette de la tarte Tatin ?", "fr")
    assert not index.knows_none("Quelle est la cotisation d'un pôle ?", "fr")
    # An index without the question's language cannot know its words: nothing is concluded.
    assert not LexicalIndex([("2", "The clusters gather firms.", "en")]).knows_none("La tarte Tatin ?", "fr")
    assert not index.knows_none("?", "fr")  # no words, nothing concluded


def test_an_acronym_the_index_holds_in_another_language_is_a_word_it_knows():
    index = LexicalIndex([("1", "Le dossier est instruit par la DRIRE.", "fr"),
                          ("2", "The clusters gather firms and laboratories.", "en")])
    assert not index.knows_none("What does DRIRE stand for?", "en")
    assert index.knows_none("What does XYZW stand for?", "en")
