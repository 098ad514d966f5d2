"""The staff pages (behind a login at /staff): the documents the assistant answers from, and users' feedback."""

import datetime as dt
import logging
from pathlib import Path

import gradio as gr
from gradio.processing_utils import save_bytes_to_cache

from assistant.documents import add_document, list_documents, reindex, remove_document
from assistant.errors import ClusterAssistantError
from assistant.feedback import cited_pages, feedback_csv, list_feedback, mark_reviewed
from assistant.settings import Settings
from ui.render import escape

log = logging.getLogger(__name__)
FEEDBACK_HEADERS = ["id", "time (UTC)", "vote", "question", "answer", "cited", "comment", "reviewed", "note"]
VOTES = {"all": None, "dislike": "dislike", "like": "like"}


def build_staff_app(settings: Settings) -> gr.Blocks:
    """The staff app: a Feedback tab (review what users liked and disliked) and a Documents tab."""
    keep = settings.download_cache_seconds
    with gr.Blocks(title="Staff — competitiveness clusters assistant", analytics_enabled=False,
                   delete_cache=(keep, keep)) as app:
        with gr.Tab("Feedback"):
            _feedback_tab(app, settings)
        with gr.Tab("Documents"):
            _documents_tab(app, settings)
    return app


def _feedback_tab(app: gr.Blocks, settings: Settings) -> None:
    """Every like and dislike, newest first, with filters, review marks and a CSV export."""
    gr.Markdown("# Feedback\nWhat users rated, newest first. Mark an item reviewed once it has been dealt with.")
    with gr.Row():
        vote = gr.Radio(list(VOTES), value="all", label="Vote", elem_id="fb-vote")
        text = gr.Textbox(label="Text in the question, answer or comment", elem_id="fb-text")
        since = gr.Textbox(label="From (YYYY-MM-DD)", elem_id="fb-since")
        until = gr.Textbox(label="To (YYYY-MM-DD)", elem_id="fb-until")
    show = gr.Button("Show", variant="primary", elem_id="fb-show")
    table = gr.Dataframe(headers=FEEDBACK_HEADERS, wrap=True, interactive=False, elem_id="fb-table",
                         column_widths=["5%", "11%", "6%", "18%", "24%", "12%", "12%", "5%", "7%"])
    with gr.Row():
        item = gr.Number(label="Item id", precision=0, elem_id="fb-item")
        note = gr.Textbox(label="Review note", scale=3, elem_id="fb-note")
        review = gr.Button("Mark reviewed", elem_id="fb-review")
    with gr.Row():
        export = gr.Button("Export to CSV", elem_id="fb-export")
        exported = gr.File(label="CSV export", interactive=False, elem_id="fb-csv")
    status = gr.Markdown(elem_id="fb-status")

    def found(vote, text, since, until):
        filters = _filters(vote, text, since, until)
        return list_feedback(settings.feedback_db, **filters)

    def showing(vote, text, since, until):
        try:
            items = found(vote, text, since, until)
        except (ValueError, ClusterAssistantError) as exc:
            return gr.update(), escape(str(exc))
        return [_row(i) for i in items], f"{len(items)} item(s)."

    def reviewing(item_id, note, vote, text, since, until):
        if item_id is None:
            return gr.update(), "Give the id of the item to mark."
        try:
            mark_reviewed(settings.feedback_db, int(item_id), note=note or "")
            items = found(vote, text, since, until)
        except (ValueError, ClusterAssistantError) as exc:
            return gr.update(), escape(str(exc))
        return [_row(i) for i in items], f"Item {int(item_id)} marked reviewed."

    def exporting(vote, text, since, until):
        try:
            items = found(vote, text, since, until)
        except (ValueError, ClusterAssistantError) as exc:
            return None, escape(str(exc))
        name = f"feedback-{dt.date.today().isoformat()}.csv"
        path = save_bytes_to_cache(feedback_csv(items).encode("utf-8-sig"), name, exported.GRADIO_CACHE)
        return path, f"{len(items)} item(s) exported."

    filters = [vote, text, since, until]
    app.load(showing, filters, [table, status], api_name=False)
    show.click(showing, filters, [table, status], api_name="feedback")
    review.click(reviewing, [item, note, *filters], [table, status], api_name="review")
    export.click(exporting, filters, [exported, status], api_name="export")


def _filters(vote: str, text: str, since: str, until: str) -> dict:
    """The form's filters as ``list_feedback`` arguments (ValueError naming a bad date)."""
    return {"vote": VOTES.get(vote), "text": (text or "").strip() or None,
            "since": _date(since, "From"), "until": _date(until, "To")}


def _date(value: str, name: str) -> dt.date | None:
    """A YYYY-MM-DD date, or None when empty."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name}: '{value}' is not a date like 2026-11-29.") from None


def _row(item: dict) -> list:
    """One feedback item as a table row."""
    cited = cited_pages(item["citations"])
    return [item["id"], item["time"].replace("T", " ")[:19], item["vote"], item["question"], item["answer"],
            cited, item["comment"], "yes" if item["reviewed"] else "", item["note"]]


def _documents_tab(app: gr.Blocks, settings: Settings) -> None:
    """List, upload, remove and re-index documents."""
    gr.Markdown("# Documents\nThe corpus the assistant answers from. Changes are indexed at once.")
    table = gr.Dataframe(headers=["source", "title", "year", "pages", "chunks", "ingested_at"], interactive=False)
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
        rows = [[d["source"], d["title"], d["year"] or "", d["pages"], d["chunks"], d["ingested_at"]]
                for d in list_documents(settings)]
        return rows, gr.update(choices=[r[0] for r in rows], value=None)

    def adding(files, progress=gr.Progress()):
        messages = []
        for file in files or []:
            path = Path(file if isinstance(file, str) else file.name)
            try:
                report = add_document(settings, path, path.name, progress=lambda d, t, n: progress((d, t), desc=n))
                messages.append(_report_text(report))
            except ClusterAssistantError as exc:
                messages.append(f"{escape(path.name)}: {escape(str(exc))}")
        return ("\n\n".join(messages) or "Choose a file first."), *listing()

    def removing(source, progress=gr.Progress()):
        if not source:
            return "Choose a document first.", *listing()
        try:
            message = _report_text(remove_document(settings, source,
                                                   progress=lambda d, t, n: progress((d, t), desc=n)))
        except ClusterAssistantError as exc:
            message = escape(str(exc))
        return message, *listing()

    def reindexing(progress=gr.Progress()):
        try:
            message = _report_text(reindex(settings, progress=lambda d, t, n: progress((d, t), desc=n)))
        except ClusterAssistantError as exc:
            message = escape(str(exc))
        return message, *listing()

    app.load(listing, None, [table, chosen], api_name=False)
    refresh.click(listing, None, [table, chosen], api_name="documents")
    add.click(adding, [upload], [status, table, chosen], api_name="add")
    remove.click(removing, [chosen], [status, table, chosen], api_name="remove")
    rebuild.click(reindexing, None, [status, table, chosen], api_name="reindex")


def _report_text(report) -> str:
    """An ingest report in a sentence, with each failed file and why."""
    counts = ", ".join(f"{s} {len(report.sources(s))}" for s in ("added", "updated", "removed", "failed"))
    failed = "".join(f"\n- {escape(f.source)}: {escape(f.reason)}" for f in report.files if f.status == "failed")
    return f"Done in {report.seconds:.1f} s: {counts}.{failed}"
