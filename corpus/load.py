"""Loading documents: one LangChain ``Document`` per page, with clean text and metadata."""

import hashlib
import logging
from pathlib import Path

from langchain_core.documents import Document

from corpus.clean import clean
from corpus.errors import DocumentError
from corpus.metadata import read_metadata, title_from_path, year_of

log = logging.getLogger(__name__)

PDF_SUFFIXES = {".pdf"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = PDF_SUFFIXES | TEXT_SUFFIXES | HTML_SUFFIXES
# Guards against hostile files (a "PDF bomb"): a policy document is far below both, and
# together they bound the work one file can cause (pypdf bounds each stream itself).
MAX_PAGES = 2000
MAX_CHARS = 5_000_000


def load(path: Path, corpus_dir: Path, metadata: dict[str, dict] | None = None) -> list[Document]:
    """Read one file into page documents, numbered from 1 (text formats are one page).

    Each document's metadata holds ``source`` (path relative to ``corpus_dir``), ``title``,
    ``page`` and ``content_hash`` (of the page's text), plus the publisher, year, language
    and url found in the corpus metadata file. Raises ``DocumentError`` with a
    reason a person can act on when the file cannot be used.
    """
    path = Path(path)
    corpus_dir = Path(corpus_dir)
    if metadata is None:
        metadata = read_metadata(corpus_dir)
    source = source_name(path, corpus_dir)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise DocumentError(f"unsupported file type '{suffix or path.name}' (supported: {supported})")
    data = _read_bytes(path)
    if not data.strip():
        raise DocumentError("empty file")
    if suffix in PDF_SUFFIXES:
        pages, found_title = _pdf_pages(data, _check_size)
    elif suffix in HTML_SUFFIXES:
        pages, found_title = _html_pages(data)
    else:
        pages, found_title = _text_pages(data, markdown=suffix != ".txt")
    _check_size(pages)
    texts = [clean(page) for page in pages]
    if not any(texts):
        raise DocumentError("no extractable text (a scanned PDF needs OCR first)")
    base = {"publisher": "", "year": 0, "language": "", "url": ""}
    base.update({k: v for k, v in metadata.get(source, {}).items() if k in base})
    base["year"] = year_of(base["year"])  # one form in the index, whatever the metadata file wrote
    base["title"] = metadata.get(source, {}).get("title") or found_title or title_from_path(path)
    base["source"] = source
    return [
        Document(page_content=text, metadata={**base, "page": number, "content_hash": content_hash(text)})
        for number, text in enumerate(texts, start=1)
        if text
    ]


def content_hash(text: str) -> str:
    """A short SHA-256 of a text, to recognise the same content anywhere."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def source_name(path: Path, corpus_dir: Path) -> str:
    """The path of ``path`` relative to the corpus folder, in POSIX form (its name if outside)."""
    try:
        return Path(path).resolve().relative_to(Path(corpus_dir).resolve()).as_posix()
    except ValueError:
        return Path(path).name


def _read_bytes(path: Path) -> bytes:
    """Read a file's bytes, turning OS errors into a reason."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"cannot read file ({exc.strerror or exc})") from exc


def _check_size(pages: list[str]) -> None:
    """Refuse a document with more pages or text than any policy document has."""
    if len(pages) > MAX_PAGES:
        raise DocumentError(f"too many pages ({len(pages)}; the limit is {MAX_PAGES}): split the document")
    if sum(len(page) for page in pages) > MAX_CHARS:
        raise DocumentError(f"too much text (over {MAX_CHARS:,} characters): split the document")


def _pdf_pages(data: bytes, check_size) -> tuple[list[str], str]:
    """Page texts and the title of a PDF, with pypdf's errors translated."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    _check_pdf_signature(data)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError("encrypted PDF: a password is needed to read it")
        check_size([""] * len(reader.pages))
        pages: list[str] = []
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            check_size(pages)  # stop reading as soon as a hostile file shows itself
        title = (reader.metadata.title if reader.metadata else None) or ""
    except DocumentError:
        raise
    except LimitReachedError as exc:
        raise DocumentError(f"PDF refused: a stream exceeds the safety limits ({exc}); "
                            "it may be a decompression bomb") from exc
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, NotImplementedError, OSError) as exc:
        raise DocumentError(f"corrupt or unreadable PDF ({type(exc).__name__}: {exc})") from exc
    if not pages:
        raise DocumentError("PDF has no pages")
    return pages, str(title).strip()


def _check_pdf_signature(data: bytes) -> None:
    """Refuse a file named .pdf that is something else (a Word file or a zip renamed), saying what it is."""
    if b"%PDF-" in data[:1024]:
        return
    if data.startswith(b"PK\x03\x04"):
        raise DocumentError("not a PDF: the file is a ZIP archive (a Word or OpenDocument file, or a zip) "
                            "named .pdf; export it as PDF")
    raise DocumentError("not a PDF: the file does not start with a PDF header")


def _decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16 text."""
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"undecodable text: not UTF-8 (byte {exc.start}); save the file as UTF-8"
        ) from exc


def _text_pages(data: bytes, markdown: bool) -> tuple[list[str], str]:
    """A text or Markdown file as a single page; Markdown's first heading is its title."""
    text = _decode(data)
    title = ""
    if markdown:
        for line in text.splitlines():
            if line.startswith("#"):
                title = line.lstrip("#").strip()
                break
        # Markdown line breaks inside a paragraph are soft; headings and list items are blocks.
        text = "\n".join(_markdown_line(line) for line in text.splitlines())
    return [text], title


def _markdown_line(line: str) -> str:
    """Strip a Markdown line's heading marker and give its list items one bullet ("- "), each a
    block of its own: an item reads (and is quoted) as an item of its list."""
    stripped = line.strip()
    if stripped.startswith("#"):
        return "\n" + stripped.lstrip("#").strip() + "\n"
    for marker in ("- ", "* ", "+ "):
        if stripped.startswith(marker):
            return "\n- " + stripped[len(marker):] + "\n"
    return line + " " if stripped else ""


def _html_pages(data: bytes) -> tuple[list[str], str]:
    """An HTML file as a single page of text, with its <title>."""
    import html_text
    import lxml.html

    text = _decode(data)
    try:
        tree = html_text.parse_html(text)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise DocumentError(f"unreadable HTML ({exc})") from exc
    title_node = tree.find(".//title")
    title = title_node.text_content().strip() if title_node is not None else ""
    if title_node is not None:
        title_node.drop_tree()
    # A list item keeps a bullet, so that it reads (and is quoted) as an item of its list.
    for item in tree.iter("li"):
        item.text = "- " + (item.text or "").lstrip()
    # Blank lines between blocks keep paragraphs apart after cleaning.
    body = html_text.extract_text(tree, guess_layout=True)
    return [body.replace("\n", "\n\n")], title
