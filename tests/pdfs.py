"""Real PDF files made for tests with pypdf: text pages, encrypted, corrupt."""

from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def write_pdf(path: Path, pages: list[str], *, password: str | None = None, title: str = "") -> Path:
    """Write a PDF whose page i shows the lines of ``pages[i]`` in Helvetica."""
    writer = PdfWriter()
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    })
    for text in pages:
        page = writer.add_blank_page(width=612, height=792)
        page[NameObject("/Resources")] = DictionaryObject({
            NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)}),
        })
        lines = [f"({_escape(line)}) Tj T*" for line in text.split("\n")]
        content = "BT /F1 11 Tf 14 TL 50 750 Td " + " ".join(lines) + " ET"
        stream = DecodedStreamObject()
        stream.set_data(content.encode("cp1252"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    if title:
        writer.add_metadata({"/Title": title})
    if password:
        writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    with open(path, "wb") as handle:
        writer.write(handle)
    return Path(path)


def write_bomb_pdf(path: Path, decompressed_bytes: int) -> Path:
    """A small PDF whose one page's content stream inflates to ``decompressed_bytes`` (a decompression bomb)."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=612, height=792)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)}),
    })
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 11 Tf " + b" " * decompressed_bytes + b"(Inflated.) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(stream.flate_encode())
    with open(path, "wb") as handle:
        writer.write(handle)
    return Path(path)
