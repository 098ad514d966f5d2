import pytest
from langchain_core.documents import Document

from corpus.sections import section_at
from corpus.sentences import sentence_spans
from corpus.split import split


def page(text, number=1):
    return Document(page_content=text, metadata={"source": "a.txt", "title": "A", "page": number})


def test_chunks_hold_whole_sentences_within_the_size():
    text = " ".join(f"Sentence number {i} says something about clusters." for i in range(40))
    chunks = split([page(text)], chunk_size=200)
    ends = {e for _, e in sentence_spans(text)}
    assert len(chunks) > 5
    for chunk in chunks:
        assert len(chunk.page_content) <= 200
        assert chunk.metadata["end"] in ends
        assert text[chunk.metadata["start"]:chunk.metadata["end"]] == chunk.page_content
    assert " ".join(c.page_content for c in chunks) == text


def test_chunks_never_cross_pages_and_keep_page_and_position():
    chunks = split([page("First page. " * 30, 1), page("Second page. " * 30, 2)], chunk_size=120)
    assert {c.metadata["page"] for c in chunks} == {1, 2}
    for number in (1, 2):
        positions = [c.metadata["position"] for c in chunks if c.metadata["page"] == number]
        assert positions == list(range(len(positions)))
    assert all("First" not in c.page_content for c in chunks if c.metadata["page"] == 2)


def test_an_overlong_sentence_is_cut_at_word_boundaries():
    text = "word " * 200
    chunks = split([page(text.strip())], chunk_size=100)
    assert all(len(c.page_content) <= 100 for c in chunks)
    assert all(not c.page_content.startswith(" ") and "wor d" not in c.page_content for c in chunks)
    assert sum(c.page_content.count("word") for c in chunks) == 200


def test_splitting_is_deterministic():
    docs = [page("One sentence. Another one here. " * 20)]
    assert [c.model_dump() for c in split(docs)] == [c.model_dump() for c in split(docs)]


def test_rejects_a_silly_chunk_size():
    with pytest.raises(ValueError):
        split([page("x")], chunk_size=10)


def test_a_chunk_keeps_the_heading_it_stands_under_across_pages():
    from langchain_core.documents import Document

    pages = [
        Document(page_content="Calendrier\nL'appel ouvre le 15 janvier 2026.\nIl ferme le 31 mars 2026.",
                 metadata={"source": "a.pdf", "page": 1, "title": "A"}),
        Document(page_content="Les dossiers arrivés après la clôture ne sont pas lus.\n"
                              "Qu'est-ce qu'un pôle ?\nUn pôle réunit des entreprises et des laboratoires.",
                 metadata={"source": "a.pdf", "page": 2, "title": "A"}),
    ]
    chunks = split(pages, chunk_size=60)
    sections = {}
    for c in chunks:  # each chunk's last line, and the heading it stands under
        last = c.page_content.rsplit("\n", 1)[-1]
        offset = len(c.page_content) - len(last)
        sections[last[:20]] = section_at(offset, c.metadata["section"], c.metadata["headings"])
    assert sections["Il ferme le 31 mars "] == "Calendrier"
    assert sections["Les dossiers arrivés"] == "Calendrier"  # the next page, still under it
    assert sections["Un pôle réunit des e"] == "Qu'est-ce qu'un pôle ?"  # a FAQ question titles its answer
    assert all(not c.metadata["section"].startswith(("-", "•")) for c in chunks)


def test_an_overlong_sentence_is_cut_into_pieces_of_about_equal_length():
    # Cut greedily, the last piece of a 530-character list introduction was a few words long
    # ("base des critères suivants :"), quoted as if it were the sentence.
    words = ["mot"] * 130 + ["sur", "la", "base", "des", "critères", "suivants", ":"]
    chunks = split([page(" ".join(words))], chunk_size=300)
    lengths = [len(c.page_content) for c in chunks]
    assert len(lengths) == 2 and max(lengths) <= 300 and min(lengths) >= 240
    assert chunks[-1].page_content.endswith("sur la base des critères suivants :")


def test_an_overlong_sentence_is_cut_at_a_clause_near_the_middle_rather_than_inside_a_phrase():
    sentence = ("Les entreprises sont exonérées d'impôt sur les bénéfices à hauteur de la totalité de leur "
                "montant au titre des trente-six "
                "premiers mois d'activité suivant l'agrément du projet, puis à hauteur de la moitié de leur "
                "montant au titre des vingt-quatre mois suivants, dans les conditions prévues par la loi.")
    chunks = split([page(sentence)], chunk_size=240)
    assert len(chunks) == 2 and all(len(c.page_content) <= 240 for c in chunks)
    assert chunks[0].page_content.endswith("l'agrément du projet,")
    assert chunks[1].page_content.startswith("puis à hauteur")
