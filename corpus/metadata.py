"""The corpus folder's metadata file: readable titles and provenance for citations."""

import json
import re
from pathlib import Path

from corpus.errors import DocumentError

METADATA_FILE = "metadata.json"


def read_metadata(corpus_dir: Path) -> dict[str, dict]:
    """Return ``{relative path: {title, publisher, year, language, url}}`` from the corpus folder.

    A missing file means no metadata; a malformed one is an error naming the file.
    """
    path = Path(corpus_dir) / METADATA_FILE
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DocumentError(f"{path}: unreadable metadata file ({exc})") from exc
    documents = data.get("documents", {}) if isinstance(data, dict) else {}
    if not isinstance(documents, dict):
        raise DocumentError(f"{path}: 'documents' must map file names to their metadata")
    return {str(k): v for k, v in documents.items() if isinstance(v, dict)}


def year_of(value) -> int:
    """A document's year from its metadata: 2010, "2010", "2010-2012" (its first year); 0 when there is none."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 1000 <= value <= 9999 else 0
    found = re.search(r"\b(1\d{3}|2\d{3})\b", str(value or ""))
    return int(found.group(1)) if found else 0


def title_from_path(path: Path) -> str:
    """A readable title made from a file name: ``my_report-2010.pdf`` reads ``My report 2010``."""
    words = path.stem.replace("_", " ").replace("-", " ").split()
    text = " ".join(words)
    return text[:1].upper() + text[1:] if text else path.name
