from assistant.words import content_words, stem, words


def test_words_are_folded_and_elisions_split():
    assert words("L'Académie d'Été") == ["l", "academie", "d", "ete"]


def test_content_words_drop_stop_words_and_fold_plurals():
    assert content_words("What are the researchers' projects?") == ["researcher", "project"]
    assert content_words("Quels sont les pôles régionaux ?", stemmed=False) == ["poles", "regionaux"]
    assert stem("companies") == "company" and stem("business") == "business"


def test_word_beginnings_match_inflections_and_cognates_across_french_and_english():
    from assistant.words import prefixes

    assert prefixes("la désignation des pôles") & prefixes("the clusters are designated")
    assert prefixes("financement") == prefixes("financing") == {"fina"}
    assert not prefixes("les pôles de compétitivité") & prefixes("harbour dredging")
    assert prefixes(["2026", "the", "of"]) == set()  # numbers and short words have none
