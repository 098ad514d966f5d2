from assistant.retrieve import ClusterRetriever, RetrievalConfig, retrieve


def test_passages_are_ranked_with_their_sentences(brochure_assistant):
    passages = retrieve("When did the International Nuclear Academy open?", brochure_assistant.store)
    assert len(passages) <= RetrievalConfig().passages
    assert [p.score for p in passages] == sorted((p.score for p in passages), reverse=True)
    top = passages[0]
    assert "3 April 2009" in top.text and top.page == 3
    best = top.sentences[0]
    assert top.text[best.start:best.end] == best.text and "opened its doors" in best.text


def test_a_french_question_retrieves_the_english_passage(brochure_assistant):
    passages = retrieve("Que développe le projet Microvax ?", brochure_assistant.store)
    assert any("intradermal" in p.text for p in passages[:3])


def test_the_langchain_retriever_returns_documents_with_scores(brochure_assistant):
    retriever = ClusterRetriever(store=brochure_assistant.store)
    docs = retriever.invoke("Which cluster is behind the anti-fouling paint project?")
    assert docs and {"source", "title", "page", "score", "best_sentence"} <= set(docs[0].metadata)
    assert any("anti-fouling" in d.page_content for d in docs[:3])
