import pytest

from corpus.sentences import sentence_spans


def sentences(text):
    return [text[s:e] for s, e in sentence_spans(text)]


def test_splits_on_full_stops_before_a_capital_or_digit():
    text = "Clusters count 7,200 firms. Of these, 73% are SMEs! Is it so? 12 SMEs joined."
    assert sentences(text) == ["Clusters count 7,200 firms.", "Of these, 73% are SMEs!", "Is it so?",
                               "12 SMEs joined."]


def test_does_not_split_after_abbreviations_initials_or_decimals():
    text = "Sectors (e.g. Nanotech) grew by €1.7 billion. J. Smith and Dr. Who agreed."
    assert sentences(text) == ["Sectors (e.g. Nanotech) grew by €1.7 billion.", "J. Smith and Dr. Who agreed."]


def test_line_breaks_end_sentences_and_spans_index_the_text():
    text = "A heading\nBody text here. More text"
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["A heading", "Body text here.", "More text"]
    assert spans[1] == (10, 25)


def test_a_paragraph_number_opens_its_sentence_instead_of_being_one():
    text = ("I. - 1. Pour l'application du présent article, constitue un pôle le rassemblement d'entreprises. "
            "2. La désignation est effectuée par le comité. IV. Le présent article s'applique en 2005. "
            "Il a payé 2. Puis il est parti.")
    assert sentences(text) == [
        "I. - 1. Pour l'application du présent article, constitue un pôle le rassemblement d'entreprises.",
        "2. La désignation est effectuée par le comité.",
        "IV. Le présent article s'applique en 2005.",
        "Il a payé 2.",
        "Puis il est parti.",
    ]


def test_a_text_stops_inside_a_list_when_it_ends_with_a_colon_or_semicolon_or_bullets_go_on():
    from corpus.sentences import stops_in_list

    assert stops_in_list("Les critères suivants :") and stops_in_list("1° la stratégie ;")
    assert stops_in_list("Étapes\n- Phase 1 : lancement.", "- Phase 2 : contrats.")
    assert not stops_in_list("Étapes\n- Phase 1 : lancement.", "Le comité se réunit.")
    assert not stops_in_list("Le comité se réunit.", "- Phase 2 : contrats.")


def test_an_item_is_numbered_by_its_kind_whichever_dash_or_degree_sign_it_is_printed_with():
    from corpus.sentences import item_kind

    assert item_kind("I. – La demande est déposée.") == item_kind("II.-Le dossier.") == "roman"
    assert item_kind("1° le budget ;") == item_kind("2º la liste ;") == "degree"
    assert item_kind("– la liste ;") == item_kind("- le budget ;") == item_kind("• le plan") == "bullet"
    assert item_kind("a) Une note.") == "letter" and item_kind("2. Le comité.") == "number"
    assert item_kind("Le comité se réunit.") is None


@pytest.mark.parametrize("text, following, on_its_line, into_the_next_chunk", [
    ("Le dossier est instruit par la DRIRE, qui le transmet au préfet", "dans un délai de six semaines.", True, True),
    ("à hauteur de", "50 % de leur montant.", True, True),
    ("sont exonérées des cotisations patronales,", "dans la limite de 4,5 fois", True, True),
    ("pendant une durée de", "36 mois à compter de l'agrément.", True, True),
    # A sentence closed, a list's introduction, or an item after it: nothing was cut.
    ("Le dossier est complet.", "dans un délai de six semaines.", False, False),
    ("Le comité se réunit.", "deux fois par an", False, False),
    ("Le dossier comprend les pièces suivantes :", "a) une note ;", False, False),
    ("Les pièces suivantes :", "1° la présentation ;", False, False),
    ("les entreprises suivantes", "1° les PME ;", False, False),
    ("les éléments suivants", "a) le budget ;", False, False),
    ("sont exonérées des cotisations patronales,", "E. - La demande est faite.", False, False),
    # A line break ends a sentence on its line; the next chunk may open after one.
    ("Le dossier est instruit", "\ndans un délai", False, True),
    # A chunk ending with ";" is linked as a list's (stops_in_list), not as a cut sentence.
    ("4,5 fois le salaire minimum ;", "cette exonération ne peut être cumulée.", True, False),
])
def test_a_cut_sentence_goes_on_into_the_text_after_it(text, following, on_its_line, into_the_next_chunk):
    from corpus.sentences import goes_on, stops_inside_sentence

    assert goes_on(text, following) is on_its_line
    assert stops_inside_sentence(text, following) is into_the_next_chunk


def test_a_list_goes_on_into_the_next_text_only_with_items_of_its_kind():
    from corpus.sentences import stops_in_list

    assert stops_in_list("Les pièces :\nf) L'avis du pôle.", "g) Le plan.")
    for dash in ("-", "–"):
        assert not stops_in_list("Les pièces :\nf) L'avis du pôle.", f"II. {dash} Si le dossier est incomplet, il est rejeté.")
