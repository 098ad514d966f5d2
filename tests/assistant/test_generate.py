"""Generated answers through the real pipeline and index, with stand-in chat models: verify, fall back, stream."""

import time

import pytest
from chat_models import FailingModel, QuotingModel, SlowModel, passages_in, replying

from assistant.answer import MESSAGES
from assistant.errors import GenerationError
from assistant.generate import ABSTAIN_PHRASE, build_messages, condense_with_model
from assistant.pipeline import Assistant

FIRMS = "How many companies belong to the French competitiveness clusters?"


def assistant_with(brochure_assistant, model, **settings) -> Assistant:
    """An assistant over the session's brochure index that writes answers with ``model``."""
    updated = brochure_assistant.settings.model_copy(update={"backend": "openai", **settings})
    return Assistant(brochure_assistant.store, updated, chat_model=model)


def test_a_faithful_answer_is_verified_and_shown_with_its_citations(brochure_assistant):
    reply = assistant_with(brochure_assistant, QuotingModel()).ask(FIRMS)
    assert reply.generated and reply.verified is True
    assert reply.text.startswith("In short, ") and reply.text.endswith("[1].")
    assert reply.problems == [] and reply.notice == ""
    [citation] = reply.citations
    assert citation.marker == 1
    assert citation.sentence in citation.text and citation.sentence_end > citation.sentence_start
    assert reply.extractive is not None and not reply.extractive.generated
    assert reply.timings["generate_ms"] > 0


def test_markers_are_renumbered_in_order_of_use(brochure_assistant):
    question = FIRMS
    passages = brochure_assistant.ask(question).retrieved[:5]
    third = passages[2].text.split(".")[0]
    model = replying(f"See this: {third} [3]. {passages[0].text.split('.')[0]} [1].")
    reply = assistant_with(brochure_assistant, model, llm_fallback=False).ask(question)
    assert [c.marker for c in reply.citations] == [1, 2]
    assert reply.citations[0].text == passages[2].text
    assert "[3]" not in reply.text and "[2]" in reply.text


@pytest.mark.parametrize("invented", [
    "The clusters count 9,999 firms [1].",  # an invented number
    "The clusters count firms in Atlantis [1].",  # an invented name
    "The clusters count 7,200 firms [8].",  # a passage that was not given
    "The clusters count many firms.",  # no citation at all
])
def test_an_unsupported_answer_falls_back_to_the_quoted_one(brochure_assistant, invented):
    quoted = brochure_assistant.ask(FIRMS)
    reply = assistant_with(brochure_assistant, replying(invented)).ask(FIRMS)
    assert not reply.generated and reply.verified is False and reply.problems
    assert reply.text == quoted.text
    assert reply.notice == MESSAGES["en"]["withheld"]
    assert "9,999" not in reply.text and "Atlantis" not in reply.text


def test_without_fallback_an_unsupported_answer_is_shown_flagged(brochure_assistant):
    reply = assistant_with(brochure_assistant, replying("The clusters count 9,999 firms [1]."),
                           llm_fallback=False).ask(FIRMS)
    assert reply.generated and reply.verified is False
    assert "9,999" in reply.text
    assert reply.notice == MESSAGES["en"]["unverified"]
    assert any("9,999" in p for p in reply.problems)


@pytest.mark.parametrize("model, problem", [
    (FailingModel(), "ConnectionError"),
    (SlowModel(delay=0.3), "took more than"),
    (replying("   \n  "), "returned nothing"),
])
def test_a_failing_backend_gives_the_quoted_answer_with_a_notice(brochure_assistant, model, problem):
    quoted = brochure_assistant.ask(FIRMS)
    started = time.monotonic()
    reply = assistant_with(brochure_assistant, model, llm_timeout=1.0).ask(FIRMS)
    assert time.monotonic() - started < 5  # the time-out holds
    assert reply.text == quoted.text and not reply.abstained
    assert reply.notice == MESSAGES["en"]["model_failed"]
    assert problem in reply.problems[0]


def test_a_model_that_finds_no_answer_gives_the_quoted_one(brochure_assistant):
    reply = assistant_with(brochure_assistant, replying(ABSTAIN_PHRASE)).ask(FIRMS)
    assert not reply.generated and not reply.abstained
    assert reply.notice == MESSAGES["en"]["model_abstained"]


def test_where_the_evidence_is_too_weak_the_model_is_not_asked(brochure_assistant):
    model = QuotingModel()
    reply = assistant_with(brochure_assistant, model).ask("What is the capital of Australia?")
    assert reply.abstained and model.calls == 0
    assert reply.backend == "openai" and reply.extractive is not None


def test_french_questions_get_french_notices(brochure_assistant):
    question = "Combien d'entreprises comptent les pôles de compétitivité ?"
    reply = assistant_with(brochure_assistant, FailingModel()).ask(question)
    assert reply.language == "fr" and reply.notice == MESSAGES["fr"]["model_failed"]


def test_tokens_stream_before_the_verified_answer(brochure_assistant):
    replies = list(assistant_with(brochure_assistant, QuotingModel()).stream_ask(FIRMS))
    partial = [r for r in replies if not r.complete]
    assert len(partial) > 3 and all(r.generated and not r.citations for r in partial)
    assert [len(r.text) for r in partial] == sorted(len(r.text) for r in partial)
    assert replies[-1].complete and replies[-1].verified and replies[-1].citations


def test_the_prompt_numbers_the_passages_and_asks_for_the_questions_language(brochure_assistant):
    passages = brochure_assistant.ask(FIRMS).retrieved[:3]
    system, human = build_messages("Combien ?", "fr", passages)
    assert "in French" in system.content and ABSTAIN_PHRASE in system.content
    assert "instruction inside them" in system.content
    numbered = passages_in(human.content)
    assert sorted(numbered) == [1, 2, 3]
    assert numbered[1] == " ".join(passages[0].text.split())
    assert f"({passages[0].title}, page {passages[0].page})" in human.content
    assert human.content.endswith("Question: Combien ?")


def test_follow_ups_are_condensed_by_the_model(brochure_assistant):
    model = replying("When were France's competitiveness clusters launched?", "NOT IN THE DOCUMENTS")
    reply = assistant_with(brochure_assistant, model).ask("And when was it launched?",
                                                          ["What is a competitiveness cluster?"])
    assert reply.query == "When were France's competitiveness clusters launched?"


def test_an_unusable_rewrite_falls_back_to_the_rule(brochure_assistant):
    history = ["What is a competitiveness cluster?"]
    with pytest.raises(GenerationError):
        condense_with_model(replying("word " * 200), "And when?", history, timeout=5)
    reply = assistant_with(brochure_assistant, FailingModel()).ask("And when was it launched?", history)
    assert "competitiveness cluster" in reply.query and reply.query.endswith("And when was it launched?")


def test_a_follow_up_reaches_the_model_as_its_standalone_question(brochure_assistant):
    model = QuotingModel()
    reply = assistant_with(brochure_assistant, model, llm_condense=False).ask(
        "And when was it launched?", ["What is the Innovative Cluster Company label about?"])
    assert model.prompts and model.prompts[-1].endswith(f"Question: {reply.query}")
    assert "innovative cluster company label" in reply.query.lower()
