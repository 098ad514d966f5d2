"""Rendering answers for the page: escaped source text, highlighted sentences, two languages.

``TEXT`` holds the page's own words; what an answer says (its lead, "Sources", "Possibly
related") comes from ``assistant.answer.MESSAGES``, so the terminal and the page agree.
"""

import html
import re

from assistant.answer import MESSAGES
from assistant.references import reference
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
        "question": "Question", "cited_page": "Cited page", "download": "Download the page",
        "page_download": "Page download", "copy": "Answer with sources (plain text, to paste into an email)",
        "copy_title": "Copy the answer with its sources",
        "rate_limited": "Too many requests; please wait {seconds} s and try again.",
        "failed_turn": "The last question got no answer; there is nothing to rate.",
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
        "question": "Question", "cited_page": "Page citée", "download": "Télécharger la page",
        "page_download": "Page téléchargée", "copy": "Réponse avec ses sources (texte brut, à coller dans un courriel)",
        "copy_title": "Copier la réponse avec ses sources",
        "rate_limited": "Trop de demandes ; veuillez patienter {seconds} s puis réessayer.",
        "failed_turn": "La dernière question n'a pas eu de réponse ; il n'y a rien à évaluer.",
    },
}
EXAMPLES = {
    "en": [
        "How many firms do France's competitiveness clusters count?",
        "Which cluster is behind the environmentally friendly anti-fouling paint project?",
        "How many researchers took part in the R&D projects funded since 2005?",
        "How much does the Investments for the Future programme give to innovation platforms?",
    ],
    "fr": [
        "Combien d'entreprises les pôles de compétitivité comptent-ils ?",
        "Quel pôle porte le projet de peinture antisalissure respectueuse de l'environnement ?",
        "Combien de chercheurs ont participé aux projets de R&D financés depuis 2005 ?",
        "Quel montant le Programme d'investissements d'avenir consacre-t-il aux plateformes d'innovation ?",
    ],
}
# The helpdesk's evidence table, in each language.
PASSAGE_HEADERS = {
    "en": ["rank", "score", "document", "page", "passage (quoted sentence highlighted)"],
    "fr": ["rang", "score", "document", "page", "passage (phrase citée surlignée)"],
}
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
            f"<li><b>{escape_html(reference(p['title'], p.get('year', 0)))}</b>, {words['page']} {p['page']}: "
            f"{escape_html(_short(p['text']))}</li>"
            for p in answer["related"])
        return f"{body}\n\n<details><summary>{words['related']}</summary><ul>{items}</ul></details>"
    return body


def highlighted_passage(passage: dict, citations: list[dict]) -> str:
    """A retrieved passage as HTML, with the sentences the answer quotes from it highlighted."""
    spans = [(c["sentence_start"], c["sentence_end"]) for c in citations
             if c["text"] == passage["text"] and c["source"] == passage["source"] and c["page"] == passage["page"]]
    return _marked(passage["text"], spans)


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` escaped for HTML, each span inside <mark>, on one line."""
    pieces, done = [], 0
    for start, end in sorted(spans):
        start = max(start, done)
        if end <= start:
            continue
        pieces += [escape_html(text[done:start]), "<mark>", escape_html(text[start:end]), "</mark>"]
        done = end
    pieces.append(escape_html(text[done:]))
    return "".join(pieces).replace("\n", " ")


def _citation_html(citation: dict, words: dict) -> str:
    """One source: [n] title, page, file, and the passage with the sentence highlighted."""
    passage = _marked(citation["text"], [(citation["sentence_start"], citation["sentence_end"])])
    section = f" <small>§ {escape_html(citation['section'])}</small>" if citation.get("section") else ""
    return (f"<p><b>[{citation['marker']}] {escape_html(reference(citation['title'], citation.get('year', 0)))}"
            f"</b>, {words['page']} "
            f"{citation['page']}{section} <small>({escape_html(citation['source'])})</small></p>"
            f"<blockquote>{passage}</blockquote>")


def _short(text: str, limit: int = 220) -> str:
    """A passage cut to a preview."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
