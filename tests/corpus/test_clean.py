from conftest import DATA

from corpus.clean import clean


def test_line_wrapped_by_the_layout_is_joined():
    assert clean("allocated by the Single \nInterministerial Fund and OSEO.") == \
        "allocated by the Single Interministerial Fund and OSEO."


def test_compound_broken_at_line_end_keeps_its_hyphen():
    assert clean("excellence centres for low-\ncarbon energy") == "excellence centres for low-carbon energy"


def test_word_broken_at_line_end_is_rejoined_when_the_document_spells_it_whole():
    text = "the Single \nInter-\nministerial Fund. The Interministerial Fund pays."
    assert clean(text).startswith("the Single Interministerial Fund.")


def test_bullets_are_block_boundaries():
    cleaned = clean("by :\n• accelerating innovation efforts\n•  providing support")
    assert cleaned.split("\n") == ["by :", "accelerating innovation efforts", "providing support"]


def test_heading_without_trailing_space_is_not_glued_to_the_next_sentence():
    cleaned = clean("73 % of SMES\nFrance's clusters count 7,200 firms.")
    assert cleaned.split("\n") == ["73 % of SMES", "France's clusters count 7,200 firms."]


def test_white_space_is_collapsed_and_furniture_dropped():
    cleaned = clean("Terra   Numerica\t aims\u00a0high.\n\nCopyright   Guerbet\n")
    assert cleaned == "Terra Numerica aims high."


def test_random_case_headings_are_lower_cased_but_acronyms_kept():
    assert clean("coMpEtitivEnESS cluStErS and OSEO and System@tic") == \
        "competitiveness clusters and OSEO and System@tic"


def test_the_brochure_text_reads_cleanly():
    cleaned = clean((DATA / "competitiveness-clusters-in-france.txt").read_text(encoding="utf-8"))
    assert "the Single Interministerial Fund and OSEO." in cleaned
    assert "low-carbon energy sources" in cleaned
    assert "top-ranking German and French transport firms" in cleaned
    assert "Copyright" not in cleaned
    assert "  " not in cleaned and "•" not in cleaned
