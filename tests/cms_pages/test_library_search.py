"""The library's word box goes through the site's search engine: it finds words inside the files and the
summaries, in the reader's language and across languages, and keeps the other filters."""

import os
import shutil

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from search.engine import reset_engine
from tests.cms_pages.conftest import build_homes, build_tree
from tests.conftest import fresh_copies
from tests.factories import cms_pages as make
from tests.search import files

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]


@pytest.fixture(scope="module")
def built_library(module_db, tmp_path_factory):
    """The page tree with two document pages, indexed once for the module in an index file of its own."""
    index = tmp_path_factory.mktemp("library") / "search.sqlite3"
    search = {**settings.SEARCH, "ENGINE": "embedded", "EMBEDDED_PATH": str(index)}
    with override_settings(SEARCH=search):
        reset_engine()
        try:
            library, pages = build_searchable_library(build_tree(build_homes()))
        finally:
            reset_engine()
    return index, library, pages


@pytest.fixture
def searchable_library(built_library, db):
    """`built_library` for one test: its changes are rolled back and it searches its own copy of the index."""
    index, library, pages = built_library
    shutil.copyfile(index, settings.SEARCH["EMBEDDED_PATH"])
    reset_engine()
    return fresh_copies({"library": library})["library"], fresh_copies(pages)


def build_searchable_library(tree):
    library = tree["library"]
    pages = {
        "rent": make.document_page(
            library,
            slug="loyer",
            title="Aide au loyer en Libye",
            kind="report",
            file_language="fr",
            summary="Comment une aide monétaire protège les familles.",
            document=make.library_document(
                files.pdf(
                    [
                        [
                            "Les familles reçoivent une aide au loyer pendant trois mois, "
                            "avec un bail vérifié par un avocat."
                        ]
                    ]
                ),
                name="loyer.pdf",
            ),
        ),
        "schools": make.document_page(
            library,
            slug="ecoles",
            title="Écoles à Assouan",
            kind="factsheet",
            file_language="fr",
            summary="Inscription scolaire des enfants soudanais.",
        ),
    }
    from search.tasks import extract_document_text

    extract_document_text.call(pages["rent"].document_id)
    with open(os.devnull, "w") as quiet:
        call_command("search_index", "rebuild", "--no-progress", stdout=quiet)
    return library, pages


def titles_shown(client, url, pages):
    content = client.get(url).content.decode()
    return {key for key, page in pages.items() if f">{page.title}</a>" in content}


def test_words_inside_the_file_find_the_document(client, searchable_library):
    library, pages = searchable_library
    # "bail" (lease) is only in the PDF, not in the title or summary.
    assert titles_shown(client, f"{library.url}?q=bail", pages) == {"rent"}
    assert titles_shown(client, f"{library.url}?q=scolaire", pages) == {"schools"}


def test_words_combine_with_filters(client, searchable_library):
    library, pages = searchable_library
    assert titles_shown(client, f"{library.url}?q=familles&kind=report", pages) == {"rent"}
    assert titles_shown(client, f"{library.url}?q=familles&kind=factsheet", pages) == set()


def test_a_draft_document_is_not_found_by_its_words(client, searchable_library):
    library, pages = searchable_library
    pages["rent"].unpublish()
    with open(os.devnull, "w") as quiet:
        call_command("search_index", "rebuild", "--no-progress", stdout=quiet)
    assert titles_shown(client, f"{library.url}?q=bail", pages) == set()
