"""How a sentence sits in its text: a heading or page furniture, or a sentence leaning on the one before."""

from assistant.statements import URL_RE
from assistant.words import words


def opens_with_reference(text: str) -> bool:
    """Whether a sentence leans on the one before it ("These include…", "Of these, …", "It was…")."""
    first = words(text[:30])[:2]
    if first[:1] == ["of"]:
        first = first[1:]
    return bool(first) and first[0] in {"these", "this", "those", "it", "they", "such", "its", "their"}


def looks_like_heading(text: str) -> bool:
    """Whether a sentence is a heading, a question or page furniture (a link) rather than a statement."""
    stripped = text.strip()
    if stripped.endswith("?") or URL_RE.search(stripped.lower()) or stripped.startswith((">", "»")):
        return True
    return not stripped.endswith((".", "!", ";", ":", ")")) and len(stripped) < 80
