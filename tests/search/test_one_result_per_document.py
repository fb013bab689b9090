"""One document is one result, in its own language, with its own date, on both engines.

A file and the live page that presents it are one hit (the page's URL, title and audience, the
file's text, language and date); a file no live page presents is a hit of its own, for staff only.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from search.engine import get_engine, reset_engine
from search.query import Query
from tests.factories import cms_pages as make
from tests.search import files

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("live_indexing")]

PUBLIC = frozenset({"public"})
STAFF = frozenset({"public", "staff"})
DUTCH = [
    "Dit jaarverslag beschrijft de duurzame re-integratie van terugkeerders in Guinee en Senegal.",
    "De partners begeleidden gezinnen bij het vinden van werk, huisvesting en gezondheidszorg.",
]
CREATED = datetime.datetime(2019, 3, 12, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture(params=[pytest.param("elasticsearch", marks=pytest.mark.elasticsearch), "embedded"])
def engine(request, settings):
    if request.param == "elasticsearch":
        settings.SEARCH = {
            **settings.SEARCH,
            "ENGINE": "elasticsearch",
            "INDEX_PREFIX": request.getfixturevalue("es_index_prefix").rstrip("-"),
            "ELASTICSEARCH": {**settings.SEARCH["ELASTICSEARCH"], "url": request.getfixturevalue("elasticsearch_url")},
        }
    reset_engine()
    engine = get_engine()
    engine.setup()
    yield engine
    engine.drop()
    reset_engine()


@pytest.fixture
def library(db):
    home, _arabic = make.home_pages()
    return make.library_page(home)


@pytest.fixture
def dutch_report(committed):
    """A Dutch annual report whose PDF was created on 12 March 2019 and that nobody dated or labelled."""
    data = files.pdf([DUTCH], created=CREATED)
    return committed(lambda: make.library_document(data, name="jaarverslag.pdf", title="Jaarverslag 2018"))


def presented(library, document, committed, **fields):
    """An English document page presenting `document`, its "language of the file" left at its default."""
    defaults = {"title": "Annual report 2018", "file_language": "en", "publication_date": None}
    return committed(lambda: make.document_page(library, document=document, **{**defaults, **fields}))


def hits(engine, text, audiences):
    """What the words themselves find (the home page's "rapatriés" answers the thesaurus, not the words)."""
    return [
        hit for hit in engine.search(Query(text=text, audiences=audiences, page_size=50)).hits if not hit.via_language
    ]


def test_a_file_and_its_page_are_one_hit_in_the_files_language_and_date(engine, library, dutch_report, committed):
    page = presented(library, dutch_report, committed)
    for audiences in (PUBLIC, STAFF):
        (hit,) = hits(engine, "terugkeerders", audiences)
        assert (hit.id, hit.url, hit.title) == (f"page:{page.pk}", page.url, "Annual report 2018")
        assert hit.file == f"document:{dutch_report.pk}"
        # The file is Dutch although the page is English; its date is the PDF's own, not the upload day.
        assert hit.language == "nl"
        assert str(hit.date)[:10] == "2019-03-12"


def test_a_file_whose_page_is_withdrawn_is_found_again_by_staff_only(engine, library, dutch_report, committed):
    page = presented(library, dutch_report, committed)
    committed(page.unpublish)
    assert hits(engine, "terugkeerders", PUBLIC) == []
    (hit,) = hits(engine, "terugkeerders", STAFF)
    assert (hit.id, hit.language, str(hit.date)[:10]) == (f"document:{dutch_report.pk}", "nl", "2019-03-12")

    committed(lambda: page.save_revision().publish())
    assert [hit.id for hit in hits(engine, "terugkeerders", STAFF)] == [f"page:{page.pk}"]


def test_two_pages_presenting_one_file_are_one_hit(engine, library, dutch_report, committed):
    presented(library, dutch_report, committed, slug="jaarverslag")
    presented(library, dutch_report, committed, slug="jaarverslag-kopie", title="Annual report (copy)")
    call_command("search_index", "rebuild", "--no-progress", stdout=StringIO())
    found = hits(engine, "terugkeerders", STAFF)
    assert [hit.file for hit in found] == [f"document:{dutch_report.pk}"]
    assert engine.search(Query(text="jaarverslag", audiences=STAFF)).total == 1


def test_language_versions_in_their_own_files_stay_one_hit_with_also_in(engine, library, dutch_report, committed):
    page = presented(library, dutch_report, committed, file_language="nl")
    french = committed(
        lambda: make.library_document(
            files.pdf([["Ce rapport annuel décrit la réintégration durable des rapatriés en Guinée et au Sénégal."]]),
            name="rapport-annuel.pdf",
        )
    )
    arabic = committed(lambda: make.translate(page, "ar", title="التقرير السنوي 2018", document=french))
    (hit,) = hits(engine, "terugkeerders", PUBLIC)
    assert hit.id == f"page:{page.pk}"
    assert [(version.id, version.language) for version in hit.also_in] == [(f"page:{arabic.pk}", "fr")]


def test_a_file_no_page_presents_is_a_staff_hit_of_its_own(engine, dutch_report):
    assert hits(engine, "terugkeerders", PUBLIC) == []
    (hit,) = hits(engine, "terugkeerders", STAFF)
    assert (hit.id, hit.file, hit.language) == (f"document:{dutch_report.pk}", f"document:{dutch_report.pk}", "nl")


def import_folder(root, committed, *args):
    out = StringIO()
    committed(lambda: call_command("import_library", str(root), "--no-progress", *args, stdout=out))
    return out.getvalue()


def test_publicly_imported_files_are_found_once_each_as_their_pages(engine, library, tmp_path, committed):
    root = tmp_path / "partage"
    root.mkdir()
    (root / "jaarverslag.pdf").write_bytes(files.pdf([DUTCH], created=CREATED))
    (root / "kopie/jaarverslag.pdf").parent.mkdir()
    (root / "kopie/jaarverslag.pdf").write_bytes(files.pdf([DUTCH], created=CREATED))
    (root / "verslag.txt").write_bytes(files.text(["Een kort verslag over terugkeerders in Guinee en hun gezinnen."]))
    output = import_folder(root, committed, "--audience", "public", "--library", str(library.pk))
    assert "imported 2, duplicates 1" in output

    found = hits(engine, "terugkeerders", PUBLIC)
    assert len(found) == 2 and all(hit.id.startswith("page:") for hit in found)
    assert len({hit.file for hit in found}) == 2
    assert {hit.language for hit in found} == {"nl"}
    # A search finds each document once, whoever searches.
    assert sorted(hit.id for hit in hits(engine, "terugkeerders", STAFF)) == sorted(hit.id for hit in found)


def test_undated_imports_sort_last_and_have_no_year(engine, tmp_path, committed):
    root = tmp_path / "notes"
    root.mkdir()
    (root / "verslag.txt").write_bytes(files.text(["Veldnotities over terugkeerders in Conakry, zonder datum."]))
    (root / "notities.docx").write_bytes(files.word(["Veldnotities over terugkeerders in Kindia, zonder datum."]))
    (root / "jaarverslag.pdf").write_bytes(files.pdf([DUTCH], created=CREATED))
    import_folder(root, committed)

    results = engine.search(Query(text="terugkeerders", sort="date", audiences=STAFF))
    # The PDF is dated by its own properties; the text and the Word file (python-docx's template date) state none.
    assert [str(hit.date)[:10] for hit in results.hits] == ["2019-03-12", "None", "None"]
    assert results.facets["year"] == [(2019, 1)]
