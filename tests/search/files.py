"""Builders for the files the extraction tests read: generated on the fly, never committed as binaries."""

import io
import os
import unicodedata
import zipfile

import docx
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # Debian package fonts-dejavu-core

FRENCH = "réintégration durable des rapatriés"
ARABIC = "إعادة الإدماج المستدام للعائدين"
DUTCH = "duurzame re-integratie van terugkeerders"
MULTILINGUAL = [FRENCH, ARABIC, DUTCH]
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def _is_rtl(line):
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in line)


def _visual_order(line):
    # Word processors and browsers place Arabic glyphs right to left, so a PDF holds them
    # in visual order, and PDFium turns an RTL line back into logical order. fpdf2 without
    # a shaping engine (uharfbuzz) writes logical order left to right, which PDFium would
    # then reverse; reversing here makes the file look like a real one. Only whole-RTL
    # lines are supported, which is all these tests use.
    return line[::-1] if _is_rtl(line) else line


def pdf(pages, title=None, font_size=12, created=None):
    """A PDF with one page per item of `pages` (a string or a list of paragraphs), created now or at `created`."""
    if not os.path.exists(FONT):
        raise FileNotFoundError(
            f"{FONT} is needed to write non-Latin text into test PDFs (apt install fonts-dejavu-core)"
        )
    document = FPDF()
    document.add_font("DejaVu", fname=FONT)
    document.set_font("DejaVu", size=font_size)
    if title:
        document.set_title(title)
    if created:
        document.set_creation_date(created)
    for page in pages:
        document.add_page()
        for paragraph in [page] if isinstance(page, str) else page:
            document.multi_cell(0, font_size * 0.5, _visual_order(paragraph), new_x="LMARGIN", new_y="NEXT")
            document.ln(2)
    return bytes(document.output())


def pdf_with_rectangle():
    """A PDF whose only page holds a drawn rectangle: what a scan without OCR looks like to an extractor."""
    document = FPDF()
    document.add_page()
    document.rect(20, 20, 100, 60, style="F")
    return bytes(document.output())


def encrypted_pdf(data, password="secret"):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(password)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def word(paragraphs, title=None, heading=None, table=None, merge=None, created=None):
    """A .docx with an optional title property, a Heading 1, body paragraphs and a table of rows; its creation
    date is `created`, else the one python-docx's template carries.

    `merge` is a pair of (row, column) corners whose cells are merged into one.
    """
    document = docx.Document()
    if title:
        document.core_properties.title = title
    if created:
        document.core_properties.created = created
    if heading:
        document.add_heading(heading, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table):
            for cell, value in zip(row.cells, values):
                cell.text = value
        if merge:
            (top, left), (bottom, right) = merge
            grid.cell(top, left).merge(grid.cell(bottom, right))
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def html(paragraphs, title=None, heading=None, extra_head="", extra_body=""):
    head = f"<title>{title}</title>" if title else ""
    body = f"<h1>{heading}</h1>" if heading else ""
    body += "".join(f"<p>{paragraph}</p>\n" for paragraph in paragraphs)
    document = (
        f'<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">{head}{extra_head}</head>'
        f"<body>{body}{extra_body}</body></html>"
    )
    return document.encode("utf-8")


def text(paragraphs, encoding="utf-8"):
    return "\n\n".join(paragraphs).encode(encoding)


def zip_without_word_document():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")
    return output.getvalue()


def build(format, paragraphs, title=None):
    """A file of `format` ("pdf", "docx", "html", "txt") holding `paragraphs`, titled where the format allows."""
    if format == "pdf":
        return pdf([paragraphs], title=title)
    if format == "docx":
        return word(paragraphs, heading=title)
    if format == "html":
        return html(paragraphs, title=title)
    if format == "txt":
        return text(paragraphs)
    raise ValueError(format)
