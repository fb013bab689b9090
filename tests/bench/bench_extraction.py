"""PDF text extraction benchmark: our extractor (PDFium) against pure-Python pypdf on a 200-page report,
in this process and through the path uploads take (`extract_in_child`: a sandboxed child per file), one
file at a time and KMS_EXTRACTION_CONCURRENCY at a time; and what starting one child costs.

Run with `.venv/bin/python -m pytest tests/bench/bench_extraction.py -q -s`; prints
figures, asserts nothing about time.
"""

import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from pypdf import PdfReader

from kms import sandbox
from search.extraction import Limits, PdfExtractor, Status, extract_in_child
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


def sandbox_rates(data, pages, concurrency, rounds=ROUNDS):
    """Pages/s of `data` through `extract_in_child`: one file at a time (median of `rounds`), and
    `concurrency` threads each driving one sandbox over `concurrency * rounds` copies."""
    read = lambda _n=0: extract_in_child(data, "rapport.pdf")  # noqa: E731
    assert read().pages == pages  # also starts the fork server and loads PDFium into it
    timings = []
    for _round in range(rounds):
        started = time.perf_counter()
        read()
        timings.append(time.perf_counter() - started)
    with ThreadPoolExecutor(concurrency) as pool:
        started = time.perf_counter()
        list(pool.map(read, range(concurrency * rounds)))
        at_once = pages * concurrency * rounds / (time.perf_counter() - started)
    return {"sandbox_pages_per_s": pages / statistics.median(timings), "sandbox_pool_pages_per_s": at_once}


def test_through_the_sandbox_against_pypdf(report):
    def read_with_pypdf():
        reader = PdfReader(io.BytesIO(report))
        return [page.extract_text() for page in reader.pages]

    pypdf = pages_per_second(read_with_pypdf)
    concurrency = settings.KMS_EXTRACTION_CONCURRENCY
    rates = sandbox_rates(report, PAGES, concurrency)
    one, many = rates["sandbox_pages_per_s"], rates["sandbox_pool_pages_per_s"]
    print(f"\nBENCH extract sandbox (extract_in_child, {PAGES}-page PDF), load average {os.getloadavg()[0]:.1f}")
    print(f"BENCH extract sandbox 1 at a time {one:8.0f} pages/s ({one / pypdf:.1f}x pypdf)")
    print(f"BENCH extract sandbox {concurrency} at a time {many:8.0f} pages/s ({many / pypdf:.1f}x pypdf)")
    print(f"BENCH extract pypdf in one process {pypdf:8.0f} pages/s")


def test_small_files_through_the_sandbox():
    # A library import is mostly short files: there the cost of each child dominates.
    small = files.pdf([PARAGRAPHS[:2]], title="Fiche")
    reader_pypdf = lambda: [page.extract_text() for page in PdfReader(io.BytesIO(small)).pages]  # noqa: E731
    pypdf = pages_per_second(reader_pypdf) / PAGES
    rates = sandbox_rates(small, 1, settings.KMS_EXTRACTION_CONCURRENCY, rounds=20)
    print(f"\nBENCH extract small PDFs (1 page, {len(small)} bytes): files/s")
    print(f"BENCH extract small sandbox 1 at a time {rates['sandbox_pages_per_s']:8.1f}")
    print(f"BENCH extract small sandbox {settings.KMS_EXTRACTION_CONCURRENCY} at a time "
          f"{rates['sandbox_pool_pages_per_s']:8.1f}")  # fmt: skip
    print(f"BENCH extract small pypdf in one process {pypdf:8.1f}")


def test_cost_of_starting_a_child():
    """CPU and wall time of one child reading a one-line text file: a fresh `python -m search.extraction`
    (as every file was read before the fork server) against a child forked from the warm server."""
    rounds = 20
    limits = Limits.from_settings()
    options = json.dumps({"filename": "note.txt", "limits": limits.__dict__})
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    for _round in range(rounds):
        with tempfile.TemporaryFile() as note:
            note.write(b"Note de terrain")
            note.seek(0)
            answer = subprocess.run([sys.executable, "-m", "search.extraction", options], stdin=note,
                                    capture_output=True, cwd=sandbox.ROOT, check=True)  # fmt: skip
            assert json.loads(answer.stdout)["text"] == "Note de terrain"
    fresh_wall = (time.perf_counter() - started) / rounds
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    fresh_cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / rounds

    assert extract_in_child(b"Note de terrain", "note.txt", limits=limits).text == "Note de terrain"
    server = sandbox.fork_server().process.pid
    server_before, own_before = _cpu_of(server), resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    for _round in range(rounds):
        extract_in_child(b"Note de terrain", "note.txt", limits=limits)
    forked_wall = (time.perf_counter() - started) / rounds
    own_after = resource.getrusage(resource.RUSAGE_SELF)
    own = own_after.ru_utime + own_after.ru_stime - own_before.ru_utime - own_before.ru_stime
    forked_cpu = (_cpu_of(server) - server_before + own) / rounds
    print(f"\nBENCH sandbox child start, median of {rounds}, load average {os.getloadavg()[0]:.1f}")
    print(f"BENCH sandbox fresh interpreter  {fresh_cpu * 1000:6.1f} ms CPU {fresh_wall * 1000:6.1f} ms wall per file")
    print(
        f"BENCH sandbox forked from server {forked_cpu * 1000:6.1f} ms CPU {forked_wall * 1000:6.1f} ms wall per file"
    )


def _cpu_of(pid):
    """CPU seconds of a process and of its reaped children (all the children the fork server forked)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rpartition(")")[2].split()
    utime, stime, cutime, cstime = (int(value) for value in fields[11:15])
    return (utime + stime + cutime + cstime) / os.sysconf("SC_CLK_TCK")
