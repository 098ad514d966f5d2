from assistant.statements import has_date, has_number


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
