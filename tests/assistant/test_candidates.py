"""Candidate passages from a real store: every language searched, language scales evened out,
lists joined across chunks."""

import numpy as np
import pytest

from assistant.candidates import candidates
from assistant.centroids import centroids
from assistant.retrieve import RetrievalConfig, retrieve
from index.ingest import ingest

ENGLISH = " ".join(f"Competitiveness cluster number {n} gathers firms, laboratories and schools in its region."
                   for n in range(1, 13))
FRENCH = "La cotisation annuelle d'adhésion à un pôle est comprise entre 500 et 5 000 euros selon la taille."
LIST = ("Le dossier de candidature comprend les pièces suivantes :\n"
        "1° la présentation des membres fondateurs du pôle et de leurs engagements respectifs ;\n"
        "2° la description de la gouvernance envisagée et des modes de décision du pôle ;\n"
        "3° le programme d'actions pluriannuel et son plan de financement détaillé ;\n"
        "4° la lettre de soutien des collectivités territoriales concernées.\n"
        "Le comité se réunit deux fois par an.")


def bilingual(store, corpus, chunk_size=500):
    (corpus / "clusters.txt").write_text(ENGLISH, encoding="utf-8")
    (corpus / "cotisation.txt").write_text(FRENCH, encoding="utf-8")
    (corpus / "dossier.txt").write_text(LIST, encoding="utf-8")
    report = ingest(store, corpus, chunk_size=chunk_size)
    assert report.ok
    return store


def test_each_language_is_searched_so_another_language_is_never_crowded_out(store, empty_corpus):
    bilingual(store, empty_corpus, chunk_size=100)
    vector = np.asarray(store.embeddings.embed_query("Which clusters gather firms and laboratories?"), np.float32)
    unfiltered = candidates(store.collection, vector, 4)
    assert {p.language for p in unfiltered} == {"en"}  # 4 nearest records, all English
    searched = candidates(store.collection, vector, 4, languages=["en", "fr"])
    assert {p.language for p in searched} == {"en", "fr"}


def test_language_offsets_raise_the_other_languages_to_the_closest_ones_scale(store, empty_corpus):
    bilingual(store, empty_corpus)
    found = centroids(store)
    assert sorted({language for _, language in found.means}) == ["en", "fr"]
    vector = np.asarray(store.embeddings.embed_query("How much is the annual membership fee of a cluster?"),
                        np.float32)
    offsets = found.offsets(vector)
    for kind in ("chunk", "sentence"):
        by_language = {lang: offsets[(kind, lang)] for lang in ("en", "fr")}
        assert min(by_language.values()) == 0.0 and max(by_language.values()) > 0.0
    # Each passage's and sentence's cosine is raised by its language's offset, and no other way.
    config = RetrievalConfig(lexical_candidates=0)
    question = "How much is the annual membership fee of a cluster?"
    plain = {p.key: p for p in retrieve(question, store, config)}
    evened = {p.key: p for p in retrieve(question, store, config, centroids=found)}
    assert plain.keys() == evened.keys()
    for key, passage in evened.items():
        assert passage.dense - plain[key].dense == pytest.approx(offsets[("chunk", passage.language)], abs=1e-6)
        assert passage.sentences[0].dense - max(s.dense for s in plain[key].sentences if s.text ==
                                                passage.sentences[0].text) == pytest.approx(
            offsets[("sentence", passage.language)], abs=1e-6)
    assert next(iter(evened.values())).source == "cotisation.txt"  # the only answer, in French


def test_one_language_is_left_as_it_was(store, empty_corpus):
    (empty_corpus / "clusters.txt").write_text(ENGLISH, encoding="utf-8")
    ingest(store, empty_corpus)
    vector = np.asarray(store.embeddings.embed_query("firms"), np.float32)
    assert set(centroids(store).offsets(vector).values()) == {0.0}


def test_a_list_cut_across_chunks_is_joined_into_one_passage(store, empty_corpus):
    bilingual(store, empty_corpus, chunk_size=150)
    chunks = store.collection.get(where={"$and": [{"kind": "chunk"}, {"source": "dossier.txt"}]})["ids"]
    assert len(chunks) >= 3  # the list spans several chunks
    passages = retrieve("Quelles pièces comprend le dossier de candidature ?", store,
                        RetrievalConfig(lexical_candidates=0))
    listed = next(p for p in passages if "pièces suivantes" in p.text)
    assert "1° la présentation" in listed.text and "4° la lettre de soutien" in listed.text
    assert "deux fois par an" not in listed.text  # the list ended before it
    for sentence in listed.sentences:
        assert listed.text[sentence.start:sentence.end] == sentence.text
    assert sum("pièces suivantes" in p.text or "4° la lettre" in p.text for p in passages) == 1


LONG_SENTENCE = ("D. - Les rémunérations versées aux salariés des entreprises qui participent directement à la "
                 "réalisation d'un projet agréé sont exonérées des cotisations patronales de sécurité sociale, "
                 "à raison de 50 % de leur montant pour les petites et moyennes entreprises et de 25 % pour les "
                 "autres, dans la limite d'une rémunération mensuelle égale à 4,5 fois le salaire minimum de "
                 "croissance ; cette exonération ne peut être cumulée avec aucune autre mesure d'exonération.\n"
                 "E. - La demande d'exonération est adressée à l'administration fiscale dans un délai de trois mois.")


def test_a_sentence_cut_across_chunks_is_joined_on_its_line_and_quoted_whole(store, empty_corpus, tmp_path):
    from assistant.pipeline import Assistant
    from assistant.settings import Settings

    (empty_corpus / "loi.txt").write_text(LONG_SENTENCE, encoding="utf-8")
    assert ingest(store, empty_corpus, chunk_size=200).ok
    chunks = store.collection.get(where={"kind": "chunk"}, include=["documents", "metadatas"])
    cut = [m for m, text in zip(chunks["metadatas"], chunks["documents"]) if not text.rstrip().endswith((".", ";"))]
    assert cut and all(m["next_chunk_id"] for m in cut)  # each chunk stopping mid-sentence names the next
    passages = retrieve("Jusqu'à quel salaire les cotisations patronales sont-elles exonérées ?", store,
                        RetrievalConfig(lexical_candidates=0), language="fr")
    joined = next(p for p in passages if "D. - Les rémunérations" in p.text)
    assert "sécurité sociale, à raison de 50 %" in joined.text or "4,5 fois" in joined.text
    assert "\n" not in joined.text.split("E. -")[0]  # the sentence goes on on its line
    reply = Assistant(store, Settings(corpus_dir=empty_corpus, data_dir=tmp_path / "data")).ask(
        "Jusqu'à quel salaire les cotisations patronales sont-elles exonérées ?")
    assert "Les rémunérations versées" in reply.text and "4,5 fois le salaire minimum" in reply.text
    assert "…" not in reply.text and "trois mois" not in reply.text


def test_an_off_topic_question_in_a_language_of_the_index_is_declined(store, empty_corpus, tmp_path):
    from assistant.pipeline import Assistant
    from assistant.settings import Settings

    bilingual(store, empty_corpus)
    assistant = Assistant(store, Settings(corpus_dir=empty_corpus, data_dir=tmp_path / "data"))
    assert assistant.ask("Quelle est la recette de la tarte Tatin ?").abstained
    reply = assistant.ask("Quel est le montant de la cotisation annuelle d'un pôle ?")
    assert not reply.abstained and "500" in reply.text


class CountingCollection:
    """The real collection, counting the records fetched by id."""

    def __init__(self, collection):
        self.collection, self.fetched = collection, 0

    def get(self, ids, include):
        self.fetched += len(ids)
        return self.collection.get(ids=ids, include=include)

    def query(self, **kwargs):
        return self.collection.query(**kwargs)


def test_kept_records_give_the_same_passages_and_are_fetched_once(store, empty_corpus):
    from assistant.candidates import RecordCache

    bilingual(store, empty_corpus, chunk_size=150)
    counting = CountingCollection(store.collection)
    records = RecordCache(counting)
    config = RetrievalConfig(lexical_candidates=0)
    question = "Quelles pièces comprend le dossier de candidature ?"
    plain = retrieve(question, store, config)
    kept = retrieve(question, store, config, records=records)
    assert [(p.key, p.text, p.score, [s.text for s in p.sentences]) for p in kept] == \
        [(p.key, p.text, p.score, [s.text for s in p.sentences]) for p in plain]
    fetched = counting.fetched
    assert fetched > 0
    again = retrieve(question, store, config, records=records)
    assert counting.fetched == fetched  # every record came from the cache
    assert [p.score for p in again] == [p.score for p in kept]


def test_the_record_cache_drops_the_least_recently_used_past_its_capacity(store, empty_corpus):
    from assistant.candidates import RecordCache

    bilingual(store, empty_corpus)
    ids = store.collection.get(include=[])["ids"]
    counting = CountingCollection(store.collection)
    records = RecordCache(counting, capacity=2)
    got = records.get(ids[:2], include=["documents", "metadatas"])
    assert got["ids"] == ids[:2] and len(got["documents"]) == 2 and "embeddings" not in got
    records.get([ids[0]], include=["documents"])  # the first is now the most recently used
    records.get([ids[2]], include=["documents"])  # so the second is dropped for the third
    fetched = counting.fetched
    records.get([ids[0], ids[2]], include=["documents"])
    assert counting.fetched == fetched and len(records) == 2  # both kept
    records.get([ids[1]], include=["documents"])
    assert counting.fetched == fetched + 1  # the second was dropped
    assert records.get(["no-such-id", ids[0]], include=["documents"])["ids"] == [ids[0]]
