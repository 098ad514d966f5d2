"""The Gradio front end: a public chat with a helpdesk view, and the staff documents pages.

Presentation only: every answer comes from ``assistant``; per-user state lives in ``gr.State``.
"""

import logging
import tempfile
from pathlib import Path

import gradio as gr

from assistant.documents import add_document, list_documents, reindex, remove_document
from assistant.errors import ClusterAssistantError
from assistant.feedback import record_feedback
from assistant.settings import Settings
from ui.render import EXAMPLES, escape, render_answer, text_for

log = logging.getLogger(__name__)
PASSAGE_HEADERS = ["rank", "score", "title", "page", "passage"]


def build_app(assistant, settings: Settings) -> gr.Blocks:
    """The public app: the chat (streamed, cited answers, feedback) and the helpdesk view."""
    words = text_for("en")
    with gr.Blocks(title=words["title"], analytics_enabled=False) as app:
        turns = gr.State([])  # this user's answers, for feedback: [{question, answer, citations}]
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
            gr.Examples(EXAMPLES, inputs=question, label=words["examples"])
            with gr.Row():
                comment = gr.Textbox(label=words["comment"], scale=3)
                like = gr.Button(words["like"], scale=1)
                dislike = gr.Button(words["dislike"], scale=1)
            notice = gr.Markdown()
        with gr.Tab(words["helpdesk"]) as helpdesk_tab:
            desk_question = gr.Textbox(label="Question", elem_id="desk-question")
            desk_ask = gr.Button(words["send"], variant="primary")
            desk_answer = gr.Markdown()
            desk_passages = gr.Dataframe(headers=PASSAGE_HEADERS, wrap=True, interactive=False,
                                         column_widths=["7%", "8%", "20%", "6%", "59%"])
            desk_page = gr.Dropdown(label="Cited page", choices=[], interactive=True)
            desk_file = gr.File(label="Page download", interactive=False)

        def chat(message, history, turns):
            history = list(history or [])
            asked = [m["content"] for m in history if m["role"] == "user"]
            history.append({"role": "user", "content": message})
            try:
                for partial in assistant.stream_ask(message, _plain(asked)):
                    reply = partial.to_dict()
                    yield history + [{"role": "assistant", "content": render_answer(reply)}], turns, "", gr.update()
            except ClusterAssistantError as exc:
                yield history + [{"role": "assistant", "content": escape(str(exc))}], turns, "", gr.update()
                return
            turns = turns + [{"question": message, "answer": reply["answer"],
                              "citations": [{k: c[k] for k in ("source", "page", "sentence")}
                                            for c in reply["citations"]]}]
            # The interface follows the language of the latest question; the switch can override it.
            yield (history + [{"role": "assistant", "content": render_answer(reply)}], turns, "",
                   gr.update(value=reply["language"].upper()))

        def drop_last(history, turns):
            history = list(history or [])
            while history and history[-1]["role"] == "assistant":
                history.pop()
            last = history.pop()["content"] if history else ""
            return history, turns[:-1], _plain([last])[0] if last else "", gr.update()

        def rerun(history, turns):
            history, turns, last, _ = drop_last(history, turns)
            if last:
                yield from chat(last, history, turns)

        def vote(kind, comment, turns, language):
            words = text_for(language.lower())
            if not turns:
                return words["nothing_to_rate"], comment
            try:
                record_feedback(settings.feedback_file, vote=kind, comment=comment or "", **turns[-1])
            except ClusterAssistantError as exc:
                log.warning("feedback not saved: %s", exc)
                return escape(str(exc)), comment
            return words["thanks"], ""

        def on_like(data: gr.LikeData, turns):
            answer_index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
            position = answer_index // 2  # user, assistant, user, assistant…
            if 0 <= position < len(turns):
                try:
                    record_feedback(settings.feedback_file, vote="like" if data.liked else "dislike",
                                    **turns[position])
                except ClusterAssistantError as exc:
                    log.warning("feedback not saved: %s", exc)

        def helpdesk(message):
            try:
                reply = assistant.ask(message).to_dict()
            except ClusterAssistantError as exc:
                return escape(str(exc)), [], gr.update(choices=[], value=None)
            rows = [[rank, round(p["score"], 3), p["title"], p["page"], p["text"]]
                    for rank, p in enumerate(reply["retrieved"], start=1)]
            pages = sorted({f"{c['source']} — p. {c['page']}" for c in reply["citations"]})
            return render_answer(reply), rows, gr.update(choices=pages, value=pages[0] if pages else None)

        def download(choice):
            source, _, page = (choice or "").rpartition(" — p. ")
            if not source or not page.isdigit():
                return None
            return _page_file(settings, source, int(page))

        def switch(language):
            words = text_for(language.lower())
            return (gr.update(value=f"# {words['title']}\n{words['intro']}"),
                    gr.update(placeholder=words["placeholder"]), gr.update(value=words["send"]),
                    gr.update(value=words["retry"]), gr.update(value=words["undo"]),
                    gr.update(value=words["clear"]), gr.update(label=words["comment"]),
                    gr.update(value=words["like"]), gr.update(value=words["dislike"]),
                    gr.update(label=words["chat"]), gr.update(label=words["helpdesk"]))

        outputs = [chatbot, turns, question, language]
        question.submit(chat, [question, chatbot, turns], outputs, api_name="ask")
        send.click(chat, [question, chatbot, turns], outputs, api_name=False)
        retry.click(rerun, [chatbot, turns], outputs, api_name=False)
        undo.click(drop_last, [chatbot, turns], outputs, api_name=False)
        clear.click(lambda: ([], [], "", gr.update()), None, outputs, api_name=False)
        def like_last(comment, turns, language):
            return vote("like", comment, turns, language)

        def dislike_last(comment, turns, language):
            return vote("dislike", comment, turns, language)

        like.click(like_last, [comment, turns, language], [notice, comment], api_name="like")
        dislike.click(dislike_last, [comment, turns, language], [notice, comment], api_name="dislike")
        chatbot.like(on_like, [turns], None, api_name=False)
        desk_ask.click(helpdesk, [desk_question], [desk_answer, desk_passages, desk_page], api_name="helpdesk")
        desk_question.submit(helpdesk, [desk_question], [desk_answer, desk_passages, desk_page], api_name=False)
        desk_page.change(download, [desk_page], [desk_file], api_name="page")
        language.change(switch, [language], [title, question, send, retry, undo, clear, comment, like, dislike,
                                             chat_tab, helpdesk_tab], api_name=False)
    return app


def build_staff_app(settings: Settings) -> gr.Blocks:
    """The staff pages: list, upload, remove and re-index documents (mounted behind a login)."""
    with gr.Blocks(title="Documents — staff", analytics_enabled=False) as app:
        gr.Markdown("# Documents\nThe corpus the assistant answers from. Changes are indexed at once.")
        table = gr.Dataframe(headers=["source", "title", "pages", "chunks", "ingested_at"], interactive=False)
        refresh = gr.Button("Refresh")
        upload = gr.File(label="Add a document (PDF, TXT, MD, HTML)", file_count="multiple",
                         file_types=[".pdf", ".txt", ".md", ".markdown", ".html", ".htm"])
        add = gr.Button("Add and index", variant="primary")
        with gr.Row():
            chosen = gr.Dropdown(label="Document", choices=[])
            remove = gr.Button("Remove", variant="stop")
        rebuild = gr.Button("Re-index the corpus folder")
        status = gr.Markdown()

        def listing():
            rows = [[d["source"], d["title"], d["pages"], d["chunks"], d["ingested_at"]]
                    for d in list_documents(settings)]
            return rows, gr.update(choices=[r[0] for r in rows], value=None)

        def report_text(report) -> str:
            counts = ", ".join(f"{s} {len(report.sources(s))}" for s in ("added", "updated", "removed", "failed"))
            failed = "".join(f"\n- {escape(f.source)}: {escape(f.reason)}" for f in report.files if f.status == "failed")
            return f"Done in {report.seconds:.1f} s: {counts}.{failed}"

        def adding(files, progress=gr.Progress()):
            messages = []
            for file in files or []:
                path = Path(file if isinstance(file, str) else file.name)
                try:
                    report = add_document(settings, path, path.name,
                                          progress=lambda d, t, n: progress((d, t), desc=n))
                    messages.append(report_text(report))
                except ClusterAssistantError as exc:
                    messages.append(f"{escape(path.name)}: {escape(str(exc))}")
            return ("\n\n".join(messages) or "Choose a file first."), *listing()

        def removing(source, progress=gr.Progress()):
            if not source:
                return "Choose a document first.", *listing()
            try:
                message = report_text(remove_document(settings, source,
                                                      progress=lambda d, t, n: progress((d, t), desc=n)))
            except ClusterAssistantError as exc:
                message = escape(str(exc))
            return message, *listing()

        def reindexing(progress=gr.Progress()):
            try:
                message = report_text(reindex(settings, progress=lambda d, t, n: progress((d, t), desc=n)))
            except ClusterAssistantError as exc:
                message = escape(str(exc))
            return message, *listing()

        app.load(listing, None, [table, chosen], api_name=False)
        refresh.click(listing, None, [table, chosen], api_name="documents")
        add.click(adding, [upload], [status, table, chosen], api_name="add")
        remove.click(removing, [chosen], [status, table, chosen], api_name="remove")
        rebuild.click(reindexing, None, [status, table, chosen], api_name="reindex")
    return app


def _plain(messages: list) -> list[str]:
    """Chat message contents as plain strings (Gradio may hand back structured content)."""
    plain = []
    for content in messages:
        if isinstance(content, list):
            content = " ".join(part.get("text", "") for part in content if isinstance(part, dict))
        plain.append(str(content))
    return plain


def _page_file(settings: Settings, source: str, page: int) -> str | None:
    """A one-page file of a cited page: the PDF page itself, or the text of a text document."""
    corpus = Path(settings.corpus_dir).resolve()
    path = (corpus / source).resolve()
    if not path.is_relative_to(corpus) or not path.is_file():
        return None
    if path.suffix.lower() == ".pdf":
        from pypdf import PdfReader, PdfWriter
        from pypdf.errors import PyPdfError

        try:
            pages = PdfReader(path).pages
            if not 1 <= page <= len(pages):
                return None
            writer = PdfWriter()
            writer.add_page(pages[page - 1])
        except (PyPdfError, OSError, ValueError) as exc:
            log.warning("cannot cut page %s of %s: %s", page, source, exc)
            return None
        folder = Path(tempfile.mkdtemp(prefix="cited-"))
        target = folder / f"{path.stem}-p{page}.pdf"
        with open(target, "wb") as handle:
            writer.write(handle)
        return str(target)
    if page != 1:
        return None  # a text document is one page
    target = Path(tempfile.mkdtemp(prefix="cited-")) / path.name
    target.write_bytes(path.read_bytes())
    return str(target)


def create_server(assistant, settings: Settings):
    """The FastAPI app: the public app at /, the staff pages at /staff behind a login (if a password is set)."""
    from fastapi import FastAPI

    server = FastAPI()
    public = build_app(assistant, settings).queue(default_concurrency_limit=settings.queue_concurrency)
    if settings.staff_password is not None:
        staff = build_staff_app(settings).queue(default_concurrency_limit=1)
        server = gr.mount_gradio_app(server, staff, path="/staff",
                                     auth=(settings.staff_user, settings.staff_password.get_secret_value()),
                                     auth_message="Staff only: the documents the assistant answers from.")
    return gr.mount_gradio_app(server, public, path="")


def serve(assistant, settings: Settings) -> None:
    """Run the web app until interrupted."""
    import uvicorn

    server = create_server(assistant, settings)
    print(f"Serving on http://{settings.host}:{settings.port}"
          + ("" if settings.staff_password is None else " (staff pages: /staff)"), flush=True)
    uvicorn.run(server, host=settings.host, port=settings.port, log_level="warning")
