"""PDF text extraction benchmark: our extractor (PDFium) against pure-Python pypdf on a 200-page report.

Run with `.venv/bin/python -m pytest tests/bench/bench_extraction.py -q -s`; prints
figures, asserts nothing about time.
"""

import io
import statistics
import time

import pytest
from pypdf import PdfReader

from search.extraction import PdfExtractor, Status
from tests.search import files

PAGES = 200
ROUNDS = 5
PARAGRAPHS = [
    "Les programmes de réintégration durable des rapatriés combinent une aide économique, "
    "un accompagnement psychosocial et un lien avec les services de la commune d'origine. "
    "Les partenaires locaux suivent chaque personne pendant au moins douze mois.",
    "Duurzame re-integratie van terugkeerders vraagt om samenwerking tussen gemeenten, "
    "werkgevers en maatschappelijke organisaties; de evaluatie toont dat begeleiding op maat "
    "de kans op een stabiel inkomen vergroot.",
    "Cash-based interventions gave returnees the flexibility to rebuild livelihoods, while "
    "community projects strengthened social cohesion between returnees and host communities. "
    "Monitoring visits were held at three, six and twelve months.",
    "Lessons learned: involve local authorities from the start, budget for mental health and "
    "psychosocial support, and share referral pathways with every partner in the network.",
]


@pytest.fixture(scope="module")
def report():
    pages = [[f"Page {number}", *PARAGRAPHS, *PARAGRAPHS[:2]] for number in range(1, PAGES + 1)]
    return files.pdf(pages, title="Rapport annuel", font_size=10)


def pages_per_second(read):
    timings = []
    for _round in range(ROUNDS):
        started = time.perf_counter()
        read()
        timings.append(time.perf_counter() - started)
    return PAGES / statistics.median(timings)


def test_pdfium_against_pypdf(report):
    extractor = PdfExtractor()
    result = extractor.extract(report)
    assert (result.status, result.pages) == (Status.OK, PAGES)
    assert f"Page {PAGES}" in result.text

    def read_with_pypdf():
        reader = PdfReader(io.BytesIO(report))
        return [page.extract_text() for page in reader.pages]

    assert f"Page {PAGES}" in read_with_pypdf()[-1]

    pdfium = pages_per_second(lambda: extractor.extract(report))
    pypdf = pages_per_second(read_with_pypdf)
    size = len(report) / 1024
    print(f"\nBENCH extract pdf {PAGES} pages ({size:.0f} KiB, {len(result.text)} chars) median of {ROUNDS}")
    print(f"BENCH extract pypdfium2 {pdfium:8.0f} pages/s")
    print(f"BENCH extract pypdf     {pypdf:8.0f} pages/s")
    print(f"BENCH extract ratio pypdfium2/pypdf {pdfium / pypdf:.1f}x")
