"""Small PDF documents written at demo-load time (and by test factories): a title, an optional subtitle and paragraphs.

Used by the demo loaders (documents, publications, lesson attachments) so the demo
ships real, extractable PDFs without committing binaries. Arabic is shaped and laid
out right to left by HarfBuzz (uharfbuzz), so PDFium extracts it in logical order.
"""

import os
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


class FontMissing(RuntimeError):
    pass


def _font_path(style=""):
    override = os.environ.get("KMS_PDF_FONT_DIR")
    for directory in ([Path(override)] if override else []) + list(FONT_DIRS):
        path = directory / FONT_FILES[style]
        if path.exists():
            return path
    raise FontMissing(
        "DejaVu fonts are needed to write Arabic and accented text into the demo PDFs: "
        "install Debian's fonts-dejavu-core (or set KMS_PDF_FONT_DIR)."
    )


def build_pdf(title, paragraphs, language="en", subtitle="", author=""):
    """PDF bytes: `title` as a heading, then `subtitle`, then one block per paragraph.

    `language` is "en", "fr", "ar" or "nl"; Arabic text is set right-aligned and right to left.
    """
    rtl = language == "ar"
    document = FPDF()
    document.set_auto_page_break(auto=True, margin=18)
    document.add_font("DejaVu", "", str(_font_path("")))
    document.add_font("DejaVu", "B", str(_font_path("B")))
    document.set_text_shaping(
        use_shaping_engine=True,
        direction="rtl" if rtl else "ltr",
        script="arab" if rtl else None,
        language=language,
        # Without the lam-alef ligature PDFium extracts Arabic in logical order (with it, "الإ" comes back as "اإل").
        features={"rlig": False, "liga": False} if rtl else None,
    )
    document.set_title(title)
    document.set_lang(language)
    if author:
        document.set_author(author)
    document.set_creator("kms")
    align = Align.R if rtl else Align.L
    document.add_page()
    document.set_font("DejaVu", "B", 18)
    document.multi_cell(0, 9, title, align=align, new_x="LMARGIN", new_y="NEXT")
    document.ln(3)
    if subtitle:
        document.set_font("DejaVu", "", 11)
        document.multi_cell(0, 6, subtitle, align=align, new_x="LMARGIN", new_y="NEXT")
        document.ln(4)
    document.set_font("DejaVu", "", 11)
    for paragraph in paragraphs:
        document.multi_cell(0, 6, paragraph, align=align, new_x="LMARGIN", new_y="NEXT")
        document.ln(3)
    return bytes(document.output())
