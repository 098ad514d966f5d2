from assistant.references import reference, with_sources
from assistant.types import Answer, Citation

PASSAGE = "The clusters count 7,200 firms. They were set up in 2005."


def answer(language="en", year=2010, url="https://competitivite.gouv.fr"):
    citation = Citation(1, "brochure.pdf", "Competitiveness clusters in France", 1, PASSAGE, PASSAGE[:31], 0, 31,
                        year=year, url=url)
    lead = "According to the documents:" if language == "en" else "D'après les documents :"
    return Answer(question="q", text=f"{lead} The clusters count 7,200 firms. [1]", language=language,
                  abstained=False, citations=[citation]).to_dict()


def test_a_reference_names_the_year_when_it_is_known():
    assert reference("Brochure", 2010, 3) == "Brochure (2010), p. 3"
    assert reference("Brochure", 0, 3) == "Brochure, p. 3" and reference("Brochure", 2010) == "Brochure (2010)"


def test_an_answer_with_its_sources_is_plain_text_with_numbered_references():
    text = with_sources(answer())
    assert text == ("According to the documents: The clusters count 7,200 firms. [1]\n\nSources:\n"
                    "[1] Competitiveness clusters in France (2010), p. 1 (https://competitivite.gouv.fr)\n"
                    '    "The clusters count 7,200 firms."')
    assert "<" not in text and "**" not in text


def test_without_a_url_the_file_is_named_and_french_quotes_are_french():
    text = with_sources(answer("fr", year=0, url=""))
    assert "[1] Competitiveness clusters in France, p. 1 (brochure.pdf)" in text
    assert "« The clusters count 7,200 firms. »" in text


def test_an_abstention_is_its_text_alone():
    reply = Answer(question="q", text="The documents do not say.", language="en", abstained=True).to_dict()
    assert with_sources(reply) == "The documents do not say."


def test_a_reference_names_its_section_when_the_passage_has_one():
    assert reference("Appel à projets FUI", 2026, 3, "7. CALENDRIER") == "Appel à projets FUI (2026), p. 3, § 7. CALENDRIER"
    reply = answer()
    reply["citations"][0]["section"] = "Key figures"
    assert "[1] Competitiveness clusters in France (2010), p. 1, § Key figures (https://" in with_sources(reply)
