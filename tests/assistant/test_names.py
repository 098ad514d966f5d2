from assistant.names import has_name, name_held, names


def test_names_are_capitalised_words_past_the_first_and_acronyms():
    assert names("How many clusters are there in Germany and the FUI?") == ["Germany", "FUI"]
    assert names("Quel pôle porte le projet d'Aerospace Valley en mars ?") == ["Aerospace", "Valley"]
    assert has_name("The ANR funds it.") and not has_name("it funds projects.")


def test_a_capital_alone_is_no_name():
    assert names("Which decree governs the clusters' R&D zones and the FUI?") == ["FUI"]
    assert names("Que prévoit le A pour les projets de R&D ?") == []


def test_a_roman_numeral_naming_a_paragraph_is_no_name():
    assert not has_name("ces partenaires ouvrent droit aux avantages prévus au II.")
    assert not has_name("les dispositions du III de l'article 24 s'appliquent")
    assert has_name("les pôles désignés par le CIADT") and has_name("le IV de la loi, selon la DGE")


def test_a_name_is_held_by_its_words_or_another_spelling_when_asked():
    held = {"normandy", "region", "aqua-valley"}
    assert not name_held("Normandie", held) and name_held("Normandie", held, other_spellings=True)
    assert name_held("Region", held) and not name_held("Bretagne", held, other_spellings=True)


def test_the_numbering_before_a_sentences_first_word_is_not_a_name_before_it():
    assert not has_name("1° Le ministre chargé de l'industrie ou son représentant, qui le préside ;")
    assert not has_name("Art. 2. - Le comité comprend neuf membres de droit :")
    assert not has_name("II. - A. - Les entreprises participant à un projet sont exonérées.")
    assert has_name("Art. 3. - Le secrétariat du comité est assuré par la DGE.")
    assert has_name("2° Le directeur général de Bpifrance ;")
    assert has_name("M. Dupont préside le comité.") and has_name("J. Smith chairs the committee.")  # initials


def test_numbering_set_off_by_any_dash_is_not_a_name():
    assert not has_name("II. – La décision d'agrément précise la date de début du projet.")
    assert not has_name("I. − La demande est déposée auprès du préfet.") and not has_name("I.-Les entreprises sont exonérées.")
    assert not has_name("— la liste des partenaires ;") and not has_name("1º le budget prévisionnel ;")
    assert has_name("II. – La décision est notifiée par la DGE.")
