"""Covers are drawn in a child process with hard limits, and never as a picture larger than the pixel limit."""

import pytest

from cms_pages.covers import BadFile, render_cover
from tests.search import bombs, files

pytestmark = pytest.mark.both_databases


def test_a_cover_is_drawn_in_the_child():
    png, (width, height) = render_cover(files.pdf(["Rapport annuel"]))

    assert png.startswith(b"\x89PNG") and width == 360 and height > width


def test_a_first_page_thousands_of_times_taller_than_wide_gives_no_cover():
    # 360 pixels wide would make it 5 million pixels tall: 1.9 billion pixels.
    pdf = bombs.pdf_claiming_pages(1, media_box=b"0 0 1 14400")

    with pytest.raises(BadFile, match="too long to draw a cover"):
        render_cover(pdf)


@pytest.mark.parametrize("data", [b"%PDF-1.4\nnothing else", bombs.pdf_claiming_pages(0, kids=0)])
def test_damaged_or_empty_pdf_gives_a_reason(data):
    with pytest.raises(BadFile, match=r"damaged|no pages"):
        render_cover(data)
