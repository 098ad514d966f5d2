"""Acronyms the documents spell out, read from their text."""

from assistant.acronyms import find_acronyms


def test_an_acronym_in_brackets_after_the_words_it_abbreviates_is_found():
    found = find_acronyms([
        "Le dossier est instruit par la direction régionale de l'industrie, de la recherche et de "
        "l'environnement (DRIRE), qui recueille les avis.",
        "the Directorate General for competitiveness, industry and Services (DGciS) leads it",
        "Le Fonds unique interministériel (FUI) finance les projets.",
    ])
    assert found.spelled["drire"] == {"direction", "regionale", "industrie", "recherche", "environnement"}
    assert found.spelled["dgcis"] == {"directorate", "general", "competitiveness", "industry", "service"}
    assert "fui" in found.spelled


def test_brackets_whose_letters_are_not_the_initials_before_them_spell_out_nothing():
    found = find_acronyms(["The Single Interministerial Fund (FUI) finances projects (see annex B).",
                           "Le budget (TTC) est fixé par le comité."])
    assert found.spelled == {}


def test_either_form_asked_is_held_by_a_sentence_holding_the_other():
    found = find_acronyms(["une petite ou moyenne entreprise (PME) peut adhérer"])
    assert "pme" in found.link({"pme", "aide"}, {"petite", "moyenne", "entreprise", "aide"})
    assert {"petite", "moyenne", "entreprise"} <= found.link({"petite", "moyenne", "entreprise"}, {"pme"})
    assert found.link({"pme"}, {"moyenne", "aide"}) == {"moyenne", "aide"}  # half the form is not the form


def test_only_the_acronyms_a_question_holds_in_either_form_are_read_for_it():
    found = find_acronyms(["une petite ou moyenne entreprise (PME)", "la direction générale des entreprises (DGE)"])
    assert set(found.asked_in({"pme", "aide"}).spelled) == {"pme"}
    assert set(found.asked_in({"direction", "generale", "entreprise"}).spelled) == {"dge"}
    assert found.asked_in({"comite"}).spelled == {}


def test_an_acronym_followed_by_its_words_in_brackets_is_found():
    found = find_acronyms(["La politique est pilotée par la DGE (direction générale des entreprises).",
                           "Le FUI (voir l'annexe 2) finance les projets."])
    assert found.spelled == {"dge": {"direction", "generale", "entreprise"}}
