"""The web chat with a language-model backend: tokens stream to the page, then the verified answer."""

from app_server import last_answer, running_app
from chat_models import faithful_reply
from chat_server import Behaviour, ChatServer
from gradio_client import Client


def test_generated_tokens_stream_then_the_verified_answer_shows_its_sources(tmp_path, built_brochure):
    behaviour = Behaviour(reply_for=lambda messages: faithful_reply(messages[-1]["content"]), delay=0.02)
    with ChatServer(behaviour) as chat, \
            running_app(tmp_path, built_brochure, backend="openai", llm_model="test-model", llm_base_url=f"{chat.url}/v1") \
            as (_, url):
        job = Client(url, verbose=False).submit("How many companies belong to the French competitiveness clusters?",
                                                [], api_name="/ask")
        final, *_ = job.result(timeout=60)
        updates = [last_answer(history) for history, *_ in job.outputs() if len(history) == 2]
    assert len(updates) > 3  # the answer grew on the page token by token
    assert any("<details>" not in text for text in updates[:-1])
    text = last_answer(final)
    assert text.startswith("In short, ") and "**[1]**" in text and "<mark>" in text
    assert "withheld" not in text
