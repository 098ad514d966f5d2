"""Stand-in chat models for the chain logic (no model can run in CI): LangChain's fakes and three of ours."""

import re
import time

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, AIMessageChunk
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult


def replying(*texts: str) -> GenericFakeChatModel:
    """LangChain's fake chat model, giving ``texts`` in turn (streamed word by word)."""
    return GenericFakeChatModel(messages=iter([AIMessage(content=t) for t in texts]))


def passages_in(prompt: str) -> dict[int, str]:
    """The numbered passages of an answer prompt."""
    found = re.findall(r"^\[(\d+)\] \([^)]*\)\n(.*)$", prompt, flags=re.MULTILINE)
    return {int(n): text for n, text in found}


class QuotingModel(BaseChatModel):
    """Answers by restating the first passage's first sentence with a number, citing it: a faithful model."""

    calls: int = 0
    prompts: list[str] = []

    @property
    def _llm_type(self) -> str:
        return "quoting-test-model"

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=self.reply(messages)))])

    def _stream(self, messages, stop=None, run_manager=None, **kwargs):
        for token in re.findall(r"\S+\s*", self.reply(messages)):
            yield ChatGenerationChunk(message=AIMessageChunk(content=token))

    def reply(self, messages) -> str:
        self.calls += 1
        self.prompts.append(messages[-1].content)
        return faithful_reply(messages[-1].content)


def faithful_reply(prompt: str) -> str:
    """What a faithful model says to a prompt: a sentence of a passage restated and cited, or the question."""
    if not prompt.startswith("Passages:"):
        return prompt.rsplit("Last question: ", 1)[-1]  # a condensing request: the question as it is
    for number, text in passages_in(prompt).items():
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if re.search(r"\d", sentence) and sentence.endswith(".") and len(sentence) < 200:
                return f"In short, {sentence[0].lower()}{sentence[1:-1]} [{number}]."
    return "NOT IN THE DOCUMENTS"


class FailingModel(BaseChatModel):
    """A backend that is down: every call raises what a client raises."""

    @property
    def _llm_type(self) -> str:
        return "failing-test-model"

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        raise ConnectionError("connection refused")


class SlowModel(BaseChatModel):
    """A backend that streams one token every ``delay`` seconds."""

    delay: float = 0.3
    text: str = "The clusters count 7,200 firms [1] and this goes on and on and on."

    @property
    def _llm_type(self) -> str:
        return "slow-test-model"

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        time.sleep(self.delay * 10)
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=self.text))])

    def _stream(self, messages, stop=None, run_manager=None, **kwargs):
        for token in self.text.split():
            time.sleep(self.delay)
            yield ChatGenerationChunk(message=AIMessageChunk(content=token + " "))
