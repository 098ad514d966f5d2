"""How answers name their sources: "Title (2010), p. 3", and an answer as plain text to paste into an email."""

def reference(title: str, year: int, page: int | None = None, section: str = "") -> str:
    """A document as citations name it: "Title (2010), p. 3, § Section" (each part only when known)."""
    named = f"{title} ({year})" if year else title
    named = named if page is None else f"{named}, p. {page}"
    return f"{named}, § {section}" if section else named


def with_sources(answer: dict) -> str:
    """An answer (``Answer.to_dict()``) as plain text: the text, then its numbered references.

    Each reference gives the title, year, page, the quoted sentence and the document's URL,
    so the text can be pasted into an email as it is. An abstention is its text alone.
    """
    from assistant.answer import MESSAGES

    words = MESSAGES.get(answer["language"], MESSAGES["en"])
    lines = [answer["answer"].strip()]
    if answer.get("notice"):
        lines.append(f"({answer['notice']})")
    if answer["citations"]:
        lines += ["", f"{words['sources']}:"]
        for citation in answer["citations"]:
            quoted = _one_line(citation["sentence"])
            named = reference(citation["title"], citation.get("year", 0), citation["page"], citation.get("section", ""))
            line = f"[{citation['marker']}] {named}"
            line += f" ({citation['url']})" if citation.get("url") else f" ({citation['source']})"
            lines += [line, f"    « {quoted} »" if answer["language"] == "fr" else f'    "{quoted}"']
    return "\n".join(lines)


def _one_line(text: str) -> str:
    """A passage's text on one line."""
    return " ".join(text.split())
