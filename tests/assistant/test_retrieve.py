from assistant.retrieve import ClusterRetriever, RetrievalConfig, retrieve


def test_passages_are_ranked_with_their_sentences(brochure_assistant):
    passages = retrieve("On which date did the International Nuclear Academy open its doors?", brochure_assistant.store)
    assert len(passages) <= RetrievalConfig().passages
    assert [p.score for p in passages] == sorted((p.score for p in passages), reverse=True)
    top = passages[0]
    assert "3 April 2009" in top.text and top.page == 3
    best = top.sentences[0]
    assert top.text[best.start:best.end] == best.text and "opened its doors" in best.text


def test_a_french_question_retrieves_the_english_passage(brochure_assistant):
    passages = retrieve("Sur quoi porte le projet Microvax ?", brochure_assistant.store)
    assert any("intradermal" in p.text for p in passages[:3])


def test_the_langchain_retriever_returns_documents_with_scores(brochure_assistant):
    retriever = ClusterRetriever(store=brochure_assistant.store)
    docs = retriever.invoke("Which cluster is behind the anti-fouling paint project?")
    assert docs and {"source", "title", "page", "score", "best_sentence"} <= set(docs[0].metadata)
    assert any("anti-fouling" in d.page_content for d in docs[:3])


def test_a_repeated_question_embeds_nothing(brochure_assistant):
    from assistant.retrieve import QueryEncoder

    calls = []

    class Counting:
        has_sparse = True

        def embed_query(self, text):
            calls.append(("dense", text))
            return brochure_assistant.store.embeddings.embed_query(text)

        def sparse(self, texts):
            calls.append(("sparse", texts[0]))
            return brochure_assistant.store.embeddings.sparse(texts)

    encoder = QueryEncoder(cache_size=2)
    first = encoder.encode("How many firms?", Counting(), sparse=True)
    again = encoder.encode("How many firms?", Counting(), sparse=True)
    assert len(calls) == 2 and (first[0] == again[0]).all() and first[1] == again[1]
    encoder.encode("Question two", Counting(), sparse=True)
    encoder.encode("Question three", Counting(), sparse=True)  # the first one drops out
    encoder.encode("How many firms?", Counting(), sparse=True)
    assert len(calls) == 8
    QueryEncoder(cache_size=0).encode("x", Counting(), sparse=False)
    assert calls[-1] == ("dense", "x")


def test_retrieval_never_filters_a_nearest_neighbour_query(brochure_assistant):
    # A query filtered by metadata makes Chroma scan every record that matches the filter:
    # per question, that grows with the index (bench/scale.py). Records are fetched by id.
    collection = brochure_assistant.store.collection
    seen = []
    original_query, original_get = collection.query, collection.get

    def query(*args, **kwargs):
        seen.append(("query", kwargs.get("where")))
        return original_query(*args, **kwargs)

    def get(*args, **kwargs):
        seen.append(("get", kwargs.get("where")))
        return original_get(*args, **kwargs)

    collection.query, collection.get = query, get
    try:
        retrieve("How many firms do the clusters count?", brochure_assistant.store)
    finally:
        del collection.query, collection.get
    assert seen == [("query", None), ("get", None), ("get", None)]  # the gets are by id


def test_a_translation_vector_is_computed_only_when_a_passage_is_in_a_paired_language(brochure_assistant):
    from types import SimpleNamespace

    from assistant.retrieve import RetrievalConfig, retrieve

    real, calls = brochure_assistant.store.embeddings, []

    class Counting:
        """The real model, counting the translation vectors asked of it."""

        has_sparse = real.has_sparse

        def embed_query(self, text):
            return real.embed_query(text)

        def sparse(self, texts, **options):
            return real.sparse(texts, **options)

        def translation_vectors(self, texts):
            calls.append(list(texts))
            return real.translation_vectors(texts)

    store = SimpleNamespace(collection=brochure_assistant.store.collection, embeddings=Counting())
    retrieve("How many firms do the clusters count?", store, language="en")  # an English index
    assert calls == []
    paired = RetrievalConfig(translation_pairs=frozenset({("en", "en")}))
    passages = retrieve("How many firms do the clusters count?", store, paired, language="en")
    assert calls == [["How many firms do the clusters count?"]]
    assert any(s.translation != 0.0 for p in passages for s in p.sentences)
