"""Rendering answers for the page: escaped source text, highlighted sentences, two languages.

``TEXT`` holds the page's own words; what an answer says (its lead, "Sources", "Possibly
related") comes from ``assistant.answer.MESSAGES``, so the terminal and the page agree.
"""

import html
import re

from assistant.answer import MESSAGES
from assistant.types import MARKER_RE

TEXT = {
    "en": {
        "title": "Competitiveness clusters assistant",
        "intro": "Ask about France's competitiveness clusters (pôles de compétitivité), their funding "
                 "(FUI, OSEO, ANR, Investments for the Future) and their projects. Every answer quotes "
                 "the documents it rests on.",
        "placeholder": "Ask a question, in English or French…",
        "send": "Ask", "retry": "Retry", "undo": "Undo", "clear": "Clear",
        "examples": "Examples",
        "page": "p.", "comment": "Comment on the last answer (optional)",
        "like": "👍 Helpful", "dislike": "👎 Not helpful", "thanks": "Thank you, your feedback was saved.",
        "nothing_to_rate": "Ask a question first.", "chat": "Chat", "helpdesk": "Helpdesk",
        "language": "Language / Langue",
    },
    "fr": {
        "title": "Assistant pôles de compétitivité",
        "intro": "Posez vos questions sur les pôles de compétitivité, leurs financements (FUI, OSEO, ANR, "
                 "Investissements d'avenir) et leurs projets. Chaque réponse cite les documents sur "
                 "lesquels elle repose.",
        "placeholder": "Posez une question, en français ou en anglais…",
        "send": "Demander", "retry": "Réessayer", "undo": "Annuler", "clear": "Effacer",
        "examples": "Exemples",
        "page": "p.", "comment": "Commentaire sur la dernière réponse (facultatif)",
        "like": "👍 Utile", "dislike": "👎 Pas utile", "thanks": "Merci, votre avis a été enregistré.",
        "nothing_to_rate": "Posez d'abord une question.", "chat": "Discussion", "helpdesk": "Assistance",
        "language": "Language / Langue",
    },
}
EXAMPLES = [
    "How many firms do France's competitiveness clusters count?",
    "Which cluster is behind the environmentally friendly anti-fouling paint project?",
    "Combien de chercheurs ont participé aux projets de R&D financés depuis 2005 ?",
    "Quel montant le Programme d'investissements d'avenir consacre-t-il aux plateformes d'innovation ?",
]
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~-])")


def text_for(language: str) -> dict[str, str]:
    """The interface text in a language (English when unknown), with the answer's own words."""
    known = language if language in TEXT else "en"
    return {**MESSAGES[known], **TEXT[known]}


def escape(text: str) -> str:
    """Source or user text made inert: no HTML, no Markdown links, images or emphasis."""
    # HTML first (only & < > become entities, which hold nothing Markdown reads), then Markdown.
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


_HTML_INERT = str.maketrans({c: f"&#{ord(c)};" for c in "[]()*_`!~|#\"'"})


def escape_html(text: str) -> str:
    """Source text for inside HTML: no tags, and entities for what Markdown would read.

    One pass over the text: an entity made here is never escaped again (a quote must show
    as ', not as &#x27;).
    """
    return html.escape(text, quote=False).translate(_HTML_INERT)


def render_answer(answer: dict, language: str | None = None) -> str:
    """An answer as chat Markdown: the text with its markers, then a collapsible Sources block.

    ``answer`` is ``Answer.to_dict()``; the sentence used is highlighted inside its passage.
    """
    words = text_for(language or answer["language"])
    # Escaped piece by piece, so that only the answer's own markers are shown in bold.
    pieces = MARKER_RE.split(answer["answer"])
    body = "".join(escape(piece) if i % 2 == 0 else f"**[{piece}]**" for i, piece in enumerate(pieces))
    if answer.get("notice"):
        body = f"{body}\n\n_{escape(answer['notice'])}_"
    if answer["citations"]:
        items = "".join(_citation_html(c, words) for c in answer["citations"])
        return f"{body}\n\n<details><summary>{words['sources']} ({len(answer['citations'])})</summary>{items}</details>"
    if answer.get("related"):
        items = "".join(
            f"<li><b>{escape_html(p['title'])}</b>, {words['page']} {p['page']}: {escape_html(_short(p['text']))}</li>"
            for p in answer["related"])
        return f"{body}\n\n<details><summary>{words['related']}</summary><ul>{items}</ul></details>"
    return body


def _citation_html(citation: dict, words: dict) -> str:
    """One source: [n] title, page, file, and the passage with the sentence highlighted."""
    text = citation["text"]
    start, end = citation["sentence_start"], citation["sentence_end"]
    passage = (escape_html(text[:start]) + "<mark>" + escape_html(text[start:end]) + "</mark>"
               + escape_html(text[end:])).replace("\n", " ")
    return (f"<p><b>[{citation['marker']}] {escape_html(citation['title'])}</b>, {words['page']} "
            f"{citation['page']} <small>({escape_html(citation['source'])})</small></p>"
            f"<blockquote>{passage}</blockquote>")


def _short(text: str, limit: int = 220) -> str:
    """A passage cut to a preview."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
