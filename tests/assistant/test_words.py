from assistant.words import content_words, stem, words


def test_words_are_folded_and_elisions_split():
    assert words("L'Académie d'Été") == ["l", "academie", "d", "ete"]


def test_content_words_drop_stop_words_and_fold_plurals():
    assert content_words("What are the researchers' projects?") == ["researcher", "project"]
    assert content_words("Quels sont les pôles régionaux ?", stemmed=False) == ["poles", "regionaux"]
    assert stem("companies") == "company" and stem("business") == "business"
