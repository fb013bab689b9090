"""The evaluation corpus: sources under corpus/<language>/<name>.txt, built into files of four formats.

A source is the document's title on the first line, `format: pdf|docx|html|txt` on the second,
then paragraphs separated by blank lines. Its id is "<language>/<name>". The files are generated
(never committed: binaries would hide what the text says), together with a metadata JSON giving
each file's title the way an organisation's spreadsheet would; the language is left for the
importer to detect, as it would be for a real library.
"""

import dataclasses
import hashlib
import html
import io
import json
from pathlib import Path

import docx

from kms.demo.pdf import build_pdf

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "corpus"
LANGUAGES = ("en", "fr", "ar", "nl")
FORMATS = ("pdf", "docx", "html", "txt")
METADATA_NAME = "metadata.json"


@dataclasses.dataclass(frozen=True)
class Source:
    id: str
    language: str
    title: str
    format: str
    paragraphs: tuple

    @property
    def filename(self):
        """The generated file's path inside the library folder."""
        return f"{self.id}.{self.format}"


def read_source(path):
    language, name = path.parent.name, path.stem
    title, format_line, *rest = path.read_text(encoding="utf-8").split("\n")
    key, _, format = format_line.partition(":")
    format = format.strip()
    if key.strip() != "format" or format not in FORMATS:
        raise ValueError(f"{path}: the second line must be `format: ` and one of {', '.join(FORMATS)}")
    paragraphs = tuple(" ".join(block.split()) for block in "\n".join(rest).split("\n\n") if block.strip())
    return Source(f"{language}/{name}", language, title.strip(), format, paragraphs)


def sources():
    """Every source, by language then name."""
    return [read_source(path) for language in LANGUAGES for path in sorted((SOURCES / language).glob("*.txt"))]


def _docx(source):
    document = docx.Document()
    document.core_properties.title = source.title
    document.core_properties.language = source.language
    document.add_heading(source.title, level=1)
    for paragraph in source.paragraphs:
        document.add_paragraph(paragraph)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _html(source):
    direction = "rtl" if source.language == "ar" else "ltr"
    body = "".join(f"<p>{html.escape(paragraph)}</p>\n" for paragraph in source.paragraphs)
    return (
        f'<!DOCTYPE html>\n<html lang="{source.language}" dir="{direction}"><head><meta charset="utf-8">'
        f"<title>{html.escape(source.title)}</title></head>\n<body><h1>{html.escape(source.title)}</h1>\n{body}"
        "</body></html>\n"
    ).encode()


def file_bytes(source):
    """The file `source` becomes, in its format (the same bytes on every run, so its hash names it)."""
    if source.format == "pdf":
        return build_pdf(source.title, list(source.paragraphs), language=source.language)
    if source.format == "docx":
        return _docx(source)
    if source.format == "html":
        return _html(source)
    return ("\n\n".join([source.title, *source.paragraphs]) + "\n").encode("utf-8")


def build(folder, chosen=None):
    """Write each source's file (every source, or those `chosen`) and the metadata under `folder`;
    {SHA-256 of the file: source id}."""
    folder = Path(folder)
    hashes, rows = {}, []
    for source in sources() if chosen is None else chosen:
        data = file_bytes(source)
        path = folder / source.filename
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        hashes[hashlib.sha256(data).hexdigest()] = source.id
        rows.append({"path": source.filename, "title": source.title})
    (folder / METADATA_NAME).write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return hashes
