"""A document's own date comes from its file's properties, never from the day it was uploaded or imported."""

import datetime

import pytest

from search.extraction import extract, extract_in_child
from search.filedates import docx_created, pdf_created
from tests.search import files

BODY = ["Rapport sur la réintégration des rapatriés à Sfax et à Médenine."]
SPRING_2019 = datetime.datetime(2019, 3, 12, 10, 15, tzinfo=datetime.UTC)


def test_a_pdf_gives_its_creation_date():
    assert extract(files.pdf([BODY], created=SPRING_2019)).created == "2019-03-12"


def test_a_word_file_gives_its_creation_date():
    assert extract(files.word(BODY, created=SPRING_2019), "rapport.docx").created == "2019-03-12"


def test_the_date_survives_the_child_process():
    assert extract_in_child(files.pdf([BODY], created=SPRING_2019)).created == "2019-03-12"


@pytest.mark.parametrize(
    "data,name",
    [
        # python-docx stamps every file made from its template with the same 2013 date: it says nothing.
        (files.word(BODY), "rapport.docx"),
        (files.html(BODY), "rapport.html"),
        (files.text(BODY), "rapport.txt"),
    ],
)
def test_files_that_state_no_creation_date_give_none(data, name):
    assert extract(data, name).created == ""


@pytest.mark.parametrize(
    "value,expected",
    [
        ("D:20190312101500+01'00'", "2019-03-12"),
        ("D:2019", "2019-01-01"),
        ("20180605", "2018-06-05"),
        ("D:20191340", ""),  # month 13
        ("D:18500101", ""),
        ("D:29990101", ""),  # in the future
        ("yesterday", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_pdf_dates(value, expected):
    assert pdf_created(value) == expected


def test_word_dates():
    assert docx_created(datetime.datetime(2020, 5, 4, 8, 0)) == "2020-05-04"
    assert docx_created(None) == ""
