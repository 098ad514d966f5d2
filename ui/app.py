"""The public Gradio app: the chat for entrepreneurs and the helpdesk view for staff checking answers.

Presentation only: every answer comes from ``assistant``; per-user state lives in ``gr.State``.
Each turn of the chat has an id, carried in its messages' metadata, so feedback and undo act
on the turn a message belongs to, whatever failed before it.
"""

import logging
import uuid
from pathlib import Path

import gradio as gr
from gradio.processing_utils import save_bytes_to_cache

from assistant.errors import ClusterAssistantError
from assistant.feedback import record_feedback
from assistant.references import reference, with_sources
from assistant.settings import Settings
from ui.render import (
    EXAMPLES,
    PASSAGE_HEADERS,
    escape,
    highlighted_passage,
    render_answer,
    text_for,
)
from ui.throttle import Throttle, client_address

log = logging.getLogger(__name__)
PAGE_SEPARATOR = " — p. "


def build_app(assistant, settings: Settings, throttle: Throttle | None = None) -> gr.Blocks:
    """The public app: the chat (streamed, cited answers, feedback) and the helpdesk view."""
    throttle = throttle or Throttle(settings.rate_limit)
    words = text_for("en")
    with gr.Blocks(title=words["title"], analytics_enabled=False,
                   delete_cache=(settings.download_cache_seconds, settings.download_cache_seconds)) as app:
        turns = gr.State([])  # this user's answered turns: [{id, question, answer, citations}]
        chosen = gr.State(False)  # the user picked a language: the switch wins over the questions' language
        title = gr.Markdown(f"# {words['title']}\n{words['intro']}")
        language = gr.Radio(["EN", "FR"], value="EN", label=words["language"], elem_id="language")
        with gr.Tab(words["chat"]) as chat_tab:
            chatbot = gr.Chatbot(height=480, show_label=False, elem_id="chat")
            question = gr.Textbox(placeholder=words["placeholder"], show_label=False, elem_id="question",
                                  max_lines=4)
            with gr.Row():
                send = gr.Button(words["send"], variant="primary", elem_id="send")
                retry = gr.Button(words["retry"], elem_id="retry")
                undo = gr.Button(words["undo"], elem_id="undo")
                clear = gr.Button(words["clear"], elem_id="clear")
            examples = gr.Dataset(components=[question], samples=[[q] for q in EXAMPLES["en"]], type="index",
                                  label=words["examples"], elem_id="examples")
            with gr.Accordion(words["copy_title"], open=False, elem_id="copy") as copy_box:
                copy_text = gr.Textbox(label=words["copy"], lines=6, interactive=False, buttons=["copy"],
                                       elem_id="copy-text")
            with gr.Row():
                comment = gr.Textbox(label=words["comment"], scale=3, elem_id="comment")
                like = gr.Button(words["like"], scale=1, elem_id="like")
                dislike = gr.Button(words["dislike"], scale=1, elem_id="dislike")
            notice = gr.Markdown(elem_id="notice")
        with gr.Tab(words["helpdesk"]) as helpdesk_tab:
            desk_question = gr.Textbox(label=words["question"], elem_id="desk-question")
            desk_ask = gr.Button(words["send"], variant="primary", elem_id="desk-ask")
            desk_answer = gr.Markdown(elem_id="desk-answer")
            with gr.Accordion(words["copy_title"], open=False) as desk_copy_box:
                desk_copy = gr.Textbox(label=words["copy"], lines=6, interactive=False, buttons=["copy"],
                                       elem_id="desk-copy")
            desk_passages = gr.Dataframe(headers=PASSAGE_HEADERS["en"], wrap=True, interactive=False,
                                         datatype=["number", "number", "str", "number", "html"],
                                         column_widths=["7%", "8%", "20%", "6%", "59%"], elem_id="evidence")
            with gr.Row():
                desk_page = gr.Dropdown(label=words["cited_page"], choices=[], interactive=True, scale=3)
                desk_download = gr.Button(words["download"], scale=1, elem_id="desk-download")
            desk_file = gr.File(label=words["page_download"], interactive=False)

        def chat(message, history, turns, chosen):
            history = list(history or [])
            asked = [_plain(m["content"]) for m in history if m["role"] == "user"]
            turn_id = uuid.uuid4().hex[:12]
            history.append({"role": "user", "content": message, "metadata": {"id": turn_id}})
            try:
                for partial in assistant.stream_ask(message, asked):
                    reply = partial.to_dict()
                    yield _reply(history, reply, turn_id), turns, "", gr.update(), gr.update()
            except ClusterAssistantError as exc:
                failed = {"role": "assistant", "content": escape(str(exc)), "metadata": {"id": turn_id}}
                yield history + [failed], turns, "", gr.update(), ""
                return
            turns = turns + [{"id": turn_id, "question": message, "answer": reply["answer"],
                              "citations": [{k: c[k] for k in ("source", "title", "year", "page", "sentence")}
                                            for c in reply["citations"]]}]
            # Until the user picks a language, the page follows the language of the latest question.
            follow = gr.update() if chosen else gr.update(value=reply["language"].upper())
            yield _reply(history, reply, turn_id), turns, "", follow, with_sources(reply)

        def drop_last(history, turns):
            history = list(history or [])
            removed = set()
            while history and history[-1]["role"] == "assistant":
                removed.add(_turn_id(history.pop()))
            last = history.pop() if history else None
            if last is not None:
                removed.add(_turn_id(last))
            kept = [t for t in turns if t["id"] not in removed]
            return history, kept, _plain(last["content"]) if last else "", gr.update(), ""

        def rerun(history, turns, chosen):
            history, turns, last, _, _ = drop_last(history, turns)
            if last:
                yield from chat(last, history, turns, chosen)

        def vote(kind, comment, history, turns, language, request: gr.Request):
            words = text_for(language.lower())
            limited = _limited(throttle, request, words)
            if limited:
                return limited, comment
            answered = [m for m in history or [] if m["role"] == "assistant"]
            if not answered:
                return words["nothing_to_rate"], comment
            turn = _find_turn(turns, _turn_id(answered[-1]))
            if turn is None:
                return words["failed_turn"], comment
            try:
                record_feedback(settings.feedback_db, vote=kind, comment=comment or "", **_rated(turn))
            except ClusterAssistantError as exc:
                log.warning("feedback not saved: %s", exc)
                return escape(str(exc)), comment
            return words["thanks"], ""

        def on_like(data: gr.LikeData, history, turns, request: gr.Request):
            index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
            if data.liked not in (True, False):  # a second click takes the vote back: nothing to store
                return
            if _limited(throttle, request, text_for("en")) or not 0 <= index < len(history or []):
                return
            turn = _find_turn(turns, _turn_id(history[index]))
            if turn is not None:
                try:
                    record_feedback(settings.feedback_db, vote="like" if data.liked else "dislike", **_rated(turn))
                except ClusterAssistantError as exc:
                    log.warning("feedback not saved: %s", exc)

        def helpdesk(message):
            try:
                reply = assistant.ask(message).to_dict()
            except ClusterAssistantError as exc:
                return escape(str(exc)), [], gr.update(choices=[], value=None), "", None
            rows = [[rank, round(p["score"], 3), reference(p["title"], p["year"], section=p["section"]), p["page"],
                     highlighted_passage(p, reply["citations"])]
                    for rank, p in enumerate(reply["retrieved"], start=1)]
            pages = sorted({f"{c['source']}{PAGE_SEPARATOR}{c['page']}" for c in reply["citations"]})
            return (render_answer(reply), rows, gr.update(choices=pages, value=pages[0] if pages else None),
                    with_sources(reply), None)

        def download(choice, language, request: gr.Request):
            limited = _limited(throttle, request, text_for(language.lower()))
            if limited:
                raise gr.Error(limited)
            source, _, page = (choice or "").rpartition(PAGE_SEPARATOR)
            if not source or not page.isdigit():
                return None
            return _page_file(settings, source, int(page), desk_file.GRADIO_CACHE)

        def switch(language, evidence):
            code = language.lower()
            words = text_for(code)
            return (gr.update(value=f"# {words['title']}\n{words['intro']}"),
                    gr.update(placeholder=words["placeholder"]), gr.update(value=words["send"]),
                    gr.update(value=words["retry"]), gr.update(value=words["undo"]),
                    gr.update(value=words["clear"]), gr.update(label=words["comment"]),
                    gr.update(value=words["like"]), gr.update(value=words["dislike"]),
                    gr.update(label=words["chat"]), gr.update(label=words["helpdesk"]),
                    gr.Dataset(samples=[[q] for q in EXAMPLES[code]], label=words["examples"]),
                    gr.update(label=words["copy_title"]), gr.update(label=words["copy"]),
                    gr.update(label=words["question"]), gr.update(value=words["send"]),
                    gr.update(label=words["copy_title"]), gr.update(label=words["copy"]),
                    _relabelled(evidence, PASSAGE_HEADERS[code]), gr.update(label=words["cited_page"]),
                    gr.update(value=words["download"]), gr.update(label=words["page_download"]))

        chat_in = [question, chatbot, turns, chosen]
        outputs = [chatbot, turns, question, language, copy_text]
        question.submit(chat, chat_in, outputs, api_name="ask")
        send.click(chat, chat_in, outputs, api_name=False)
        retry.click(rerun, [chatbot, turns, chosen], outputs, api_name=False)
        undo.click(drop_last, [chatbot, turns], outputs, api_name="undo")
        clear.click(lambda: ([], [], "", gr.update(), ""), None, outputs, api_name=False)
        examples.click(lambda index, language: EXAMPLES[language.lower()][index], [examples, language], question,
                       api_name=False)

        def like_last(comment, history, turns, language, request: gr.Request):
            return vote("like", comment, history, turns, language, request)

        def dislike_last(comment, history, turns, language, request: gr.Request):
            return vote("dislike", comment, history, turns, language, request)

        rated_in = [comment, chatbot, turns, language]
        like.click(like_last, rated_in, [notice, comment], api_name="like")
        dislike.click(dislike_last, rated_in, [notice, comment], api_name="dislike")
        chatbot.like(on_like, [chatbot, turns], None, api_name=False)
        desk_out = [desk_answer, desk_passages, desk_page, desk_copy, desk_file]
        desk_ask.click(helpdesk, [desk_question], desk_out, api_name="helpdesk")
        desk_question.submit(helpdesk, [desk_question], desk_out, api_name=False)
        desk_download.click(download, [desk_page, language], [desk_file], api_name="page")
        language.input(lambda: True, None, chosen, api_name=False)
        language.change(switch, [language, desk_passages], [
            title, question, send, retry, undo, clear, comment, like, dislike, chat_tab, helpdesk_tab, examples,
            copy_box, copy_text, desk_question, desk_ask, desk_copy_box, desk_copy, desk_passages, desk_page,
            desk_download, desk_file], api_name=False)
    return app


def _relabelled(table, headers: list[str]) -> dict:
    """The evidence table's rows under headers in another language (an empty table too shows them)."""
    import pandas as pd

    rows = table.values.tolist() if isinstance(table, pd.DataFrame) else []
    return gr.update(value=pd.DataFrame(rows, columns=headers), headers=headers)


def _reply(history: list, reply: dict, turn_id: str) -> list:
    """The history with the assistant's (growing) reply to the turn ``turn_id``."""
    return history + [{"role": "assistant", "content": render_answer(reply), "metadata": {"id": turn_id}}]


def _turn_id(message: dict) -> str | None:
    """The turn a chat message belongs to (None for a message without one)."""
    metadata = message.get("metadata") or {}
    return metadata.get("id") if isinstance(metadata, dict) else None


def _find_turn(turns: list[dict], turn_id: str | None) -> dict | None:
    """The answered turn with this id, if any (a failed question has none)."""
    return next((t for t in turns if turn_id is not None and t["id"] == turn_id), None)


def _rated(turn: dict) -> dict:
    """What feedback stores of a turn: the question, the answer and where its citations point."""
    return {"question": turn["question"], "answer": turn["answer"], "citations": turn["citations"]}


def _limited(throttle: Throttle, request: gr.Request | None, words: dict) -> str:
    """The message for a client over its rate limit, or "" (the request is counted)."""
    client = client_address(request) if request is not None else "unknown"
    if throttle.hit("ui", client):
        return ""
    log.warning("rate limit reached by %s", client)
    return words["rate_limited"].format(seconds=throttle.retry_after("ui", client))


def _plain(content) -> str:
    """A chat message's content as a plain string (Gradio may hand back structured content)."""
    if isinstance(content, list):
        return " ".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content)


def _page_file(settings: Settings, source: str, page: int, cache_dir: str) -> str | None:
    """A one-page file of a cited page, written into Gradio's cache (which ``delete_cache`` empties).

    A PDF gives its page; a text document (one page) is given whole. None for anything else.
    """
    corpus = Path(settings.corpus_dir).resolve()
    path = (corpus / source).resolve()
    if not path.is_relative_to(corpus) or not path.is_file():
        return None
    if path.suffix.lower() != ".pdf":
        return save_bytes_to_cache(path.read_bytes(), path.name, cache_dir) if page == 1 else None
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError

    try:
        pages = PdfReader(path).pages
        if not 1 <= page <= len(pages):
            return None
        writer = PdfWriter()
        writer.add_page(pages[page - 1])
        extract = BytesIO()
        writer.write(extract)
    except (PyPdfError, OSError, ValueError) as exc:
        log.warning("cannot cut page %s of %s: %s", page, source, exc)
        return None
    return save_bytes_to_cache(extract.getvalue(), f"{path.stem}-p{page}.pdf", cache_dir)
