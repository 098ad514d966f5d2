import pytest

from assistant.statements import (counts, has_agent, has_amount, has_date, has_duration, has_number, has_reference,
                                  has_year, holds_instance, instances)


def test_quantities_in_digits_and_words():
    assert has_number("It received €1.7 billion.") and has_number("73% are SMEs")
    assert has_number("Le comité compte neuf membres.")
    assert not has_number("See www.competitivite.gouv.fr/projets-des-poles-348.html for more")


def test_enumerators_and_legal_references_are_neither_quantities_nor_dates():
    assert not has_number("I. - 1. a) les pôles sont labellisés ; 2° les projets")
    assert not has_number("en application de l'article 1466 E du code")
    assert not has_date("la loi n° 2004-1484 du code")


def test_dates():
    assert has_date("launched on 3 June 2010") and has_date("In 2009, 12 SMEs joined")
    assert has_date("clôture le 31 mars 2026")
    assert not has_date("no date here")


def test_a_number_closing_a_sentence_is_a_quantity_and_a_numbered_line_is_not():
    assert has_number("Les pôles sont au nombre de 71.")
    assert not has_number("Le comité :\n2. examine les dossiers") and not has_number("I. - 1. Le comité")


def test_a_count_is_a_number_of_the_counted_thing():
    assert counts("Since 2005, 889 R&D projects have been funded.", ("project",))
    assert counts("Pour la phase V, 55 pôles ont été labellisés.", ("pole",))
    assert counts("Les pôles sont au nombre de 71.", ("pole",))
    assert counts("In 2009, twelve new SMEs joined.", ("sme",))
    assert not counts("It shows four examples of actions carried out by clusters.", ("cluster",))
    assert not counts("Dans la limite de trois projets par entreprise.", ("brevet",))
    assert not counts("Les dossiers déposés au plus tard le 28 février 2005.", ("dossier",))
    assert not counts("Les pôles sont régis par l'article 24 de la loi n° 2004-1484.", ("pole",))


def test_durations_and_frequencies_are_numbers_of_units_of_time():
    assert has_duration("Le label est accordé pour quatre ans.") and has_duration("pendant une durée de 60 mois")
    assert has_duration("un rapport tous les 12 mois") and has_duration("The committee meets every quarter.")
    assert has_duration("an annual report") and has_duration("covering at least three years")
    assert not has_duration("Ils couvrent deux territoires ultramarins.")
    assert not has_duration("Clôture le 31 mars 2026 à 12 h.") and not has_duration("In 2009, 12 SMEs joined")


def test_a_date_is_no_quantity():
    assert not has_number("Depuis le 1er janvier 2005, le label existe.") and not has_number("launched on 3 June 2010")
    assert has_number("In 2009, 12 SMEs joined")


def test_amounts_are_money_shares_and_rates():
    for text in ("It received €1.7 billion.", "une enveloppe de 45 M€", "73% are SMEs", "la moitié des projets",
                 "500 euros par an", "25 per cent of the costs"):
        assert has_amount(text), text
    assert not has_amount("In 2009, 12 SMEs joined") and not has_amount("Ils couvrent deux territoires.")


def test_a_year_is_not_any_date():
    assert has_year("Le label a été créé en 2005.") and not has_year("avant le 30 juin")
    assert not has_year("la loi n° 2004-1484")


def test_the_doer_of_a_passive_is_an_agent_in_either_language():
    assert has_agent("La désignation est effectuée par le comité interministériel.")
    assert has_agent("Projects are selected by the funders' committee.")
    assert not has_agent("un rapport par an") and not has_agent("The committee meets twice a year.")


def test_a_legal_text_cited_by_its_number_is_a_reference():
    assert has_reference("dans les conditions fixées par le décret n° 2005-1581 du 19 décembre 2005")
    assert has_reference("conformément à l'article 1466 E du code général des impôts")
    assert not has_reference("sont fixées par décret en Conseil d'État")
    assert not has_reference("Since 2005, 889 R&D projects have been funded.")


def test_a_sentence_spelling_out_an_acronym_expands_it():
    from assistant.statements import expands

    assert expands("Le dossier est instruit par la direction régionale de l'industrie (DRIRE), qui…", "DRIRE")
    assert expands("the Directorate General for competitiveness, industry and Services (DGciS)", "DGCIS")
    assert expands("FUI signifie Fonds unique interministériel.", "FUI")
    assert not expands("Le FUI finance des projets de la DRIRE.", "FUI")
    # The acronym first, its words in brackets after it, as official texts often have it.
    assert expands("La politique est pilotée par la DGE (direction générale des entreprises).", "DGE")
    assert not expands("La politique est pilotée par la DGE (voir l'annexe).", "DGE")


def test_enumerators_set_off_by_any_dash_are_not_quantities():
    # Official texts print "I. – 1." with an en dash, "II. − A." with a minus, "I.-1." with no spaces.
    for text in ("I. – 1. Pour l'application du présent article, constitue un pôle.",
                 "II. − A. – 1. Les entreprises sont exonérées.", "I.-1. Les entreprises sont exonérées.",
                 "1º Le comité délibère."):
        assert not has_number(text), text
    assert has_number("I. – 1. Le comité compte 12 membres.")
    assert not has_number("Vu la loi n° 2004\u20111484 du code") and has_reference("décret n° 2005\u20111581")


@pytest.mark.parametrize("text, named", [
    ("How many clusters were labelled during phase 3.0?", ("3.0",)),
    ("Pendant la phase IV, quelle part était exigée ?", ("IV",)),
    ("Depuis quand la phase V est-elle ouverte ?", ("V",)),
    ("Quel montant correspond à 4,5 fois le SMIC ?", ("4.5",)),
    ("Which exemptions does section II grant?", ("II",)),
    ("What did I say about phase 2?", ()),  # "I" is the pronoun; an integer is no instance's numeral
    ("Que prévoit le 1° du I de l'article 2 ?", ()),
    ("Combien de pôles en 2010 ?", ()),  # a year is held by its own check
    ("IV. - Les entreprises", ()),  # an enumerator opening the text follows no word
    ("L'OCDE et la DGE", ()),  # capitals that are no roman numeral
])
def test_the_numerals_a_question_names_an_instance_or_a_figure_by(text, named):
    assert instances(text) == named


def test_an_instance_is_held_as_a_whole_numeral_with_either_decimal_mark():
    assert holds_instance("dans la limite de 4,5 fois le salaire minimum", "4.5")
    assert holds_instance("IV. – La décision relative à l'agrément", "IV")
    assert not holds_instance("Pour la phase V, 55 pôles ont été labellisés.", "IV")
    assert not holds_instance("Louis XIV", "IV") and not holds_instance("phase 3.05", "3.0")
