"""The library's word box goes through the site's search engine: it finds words inside the files and the
summaries, in the reader's language and across languages, and keeps the other filters."""

import os

import pytest
from django.core.management import call_command

from tests.factories import cms_pages as make
from tests.search import files

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]


@pytest.fixture
def searchable_library(tree):
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
