"""The corpus folder's files: finding them and adding new ones safely."""

import logging
import re
import shutil
import unicodedata
from pathlib import Path

from corpus.errors import DocumentError
from corpus.metadata import METADATA_FILE

log = logging.getLogger(__name__)
_UNSAFE_RE = re.compile(r"[^A-Za-z0-9._-]+")


def discover(folder: Path, corpus_dir: Path) -> list[Path]:
    """Every document file under ``folder``, sorted.

    Hidden files, the metadata file and symbolic links are skipped: a link could make the
    assistant read and quote a file from outside the corpus folder.
    """
    folder = Path(folder)
    metadata_path = (Path(corpus_dir) / METADATA_FILE).resolve()
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith((".", "__")) for part in relative.parts):
            continue
        if any((folder / Path(*relative.parts[: i + 1])).is_symlink() for i in range(len(relative.parts))):
            log.warning("skipped %s: symbolic links are not followed", path)
            continue
        if path.is_file() and path.resolve() != metadata_path:
            found.append(path)
    return found


def safe_name(name: str) -> str:
    """A file name with no path, no accents and no characters a shell or URL would trip on."""
    base = Path(name.replace("\\", "/")).name
    ascii_name = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    cleaned = _UNSAFE_RE.sub("-", ascii_name).strip(".-") or "document"
    return cleaned[:120]


def add_to_corpus(path: Path, corpus_dir: Path) -> Path:
    """Copy a file into the corpus folder under a safe name, replacing a file of that name."""
    target = Path(corpus_dir) / safe_name(Path(path).name)
    try:
        Path(corpus_dir).mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.part")
        shutil.copyfile(path, temporary)
        temporary.replace(target)  # atomic: a reader never sees half a file
    except OSError as exc:
        raise DocumentError(f"cannot copy into the corpus folder ({exc.strerror or exc})") from exc
    return target
