"""`manage.py import_library`: an organisation's folder of files becomes searchable staff documents.

A damaged file is imported, not refused: the file an organisation handed over is
kept, and its extraction status tells editors why its text cannot be searched.
"""

import csv
import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.models import Collection, Revision

from cms_pages.models import DocumentPage
from cms_pages.permissions import public_document_ids
from kms.taxonomy.models import Country, Theme
from search.engine import get_engine
from search.query import Query
from search.sources.cms_pages import DocumentSource
from tests.factories import OrganisationFactory
from tests.factories import cms_pages as make
from tests.search import files

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("live_indexing")]

Document = get_document_model()
STAFF_AND_PUBLIC = frozenset({"public", "staff"})

ARABIC_BODY = [
    "يعرض هذا التقرير السنوي نتائج برامج إعادة الإدماج المستدام للعائدين في تونس والمغرب.",
    "ساعدت المشاريع الصغيرة الأسر العائدة على إيجاد مصدر دخل ثابت خلال السنة.",
]
ENGLISH_BODY = [
    "This guide explains the rights of returnees to health care and how to reach the local clinics.",
    "Social workers accompany each family during the first months after the return.",
]
FRENCH_BODY = [
    "Cette étude analyse la mobilité de travail des jeunes diplômés entre la Tunisie et la Belgique.",
    "Les entretiens montrent que la reconnaissance des diplômes reste le principal obstacle.",
]
ARABIC_TITLE = "التقرير السنوي: إعادة الإدماج في تونس"
FRENCH_TITLE = "Guide des droits : accès à la santé"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Each test stores files in its own folders, so "nothing written" can be checked on disk. Library
    documents are stored under the private root (never MEDIA_ROOT): that is the folder returned."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KMS_PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return tmp_path / "private-media"


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


@pytest.fixture
def library(tmp_path):
    """A shared drive as organisations hand it over: nested folders, a copy, a photo and a damaged PDF."""
    root = tmp_path / "bibliothèque"
    annual_report = files.pdf([ARABIC_BODY])
    write(root / "rapports/2023/rapport_annuel-tunisie.pdf", annual_report)
    write(root / "copies/rapport_annuel-tunisie (copie).pdf", annual_report)
    write(root / "guides/guide-droits.docx", files.word(ENGLISH_BODY))
    write(root / "études/etude-mobilite.pdf", files.pdf([FRENCH_BODY], title="Étude sur la mobilité de travail"))
    write(root / "fiches/fiche-sante.HTML", files.html(FRENCH_BODY, title="Fiche pratique : santé"))
    write(root / "notes/notes_de_terrain-2019-2020.txt", files.text(FRENCH_BODY))
    write(root / "scans/photo.png", files.PNG_HEADER)
    write(root / "casse.PDF", b"%PDF-1.7 this is not really a pdf")
    return root


@pytest.fixture
def libraries():
    """Document libraries in English (the site's language), French and Arabic; none in Dutch."""
    home, _arabic_home = make.home_pages()
    english = make.library_page(home)
    return {
        "en": english,
        "fr": make.translate(english, "fr", title="Bibliothèque"),
        "ar": make.translate(english, "ar", title="المكتبة"),
    }


ROWS = [
    {
        "path": "rapports/2023/rapport_annuel-tunisie.pdf",
        "title": ARABIC_TITLE,
        "language": "ar",
        "kind": "report",
        "organisation": "IOM",
        "countries": "TN;MA",
        "themes": "reintegration;livelihoods",
        "date": "2023-06-30",
    },
    {
        # A French guide whose text opens with its English summary: the editor's language wins.
        "path": "guides/guide-droits.docx",
        "title": FRENCH_TITLE,
        "language": "fr",
        "kind": "capacity statement",
        "organisation": "terre-dasile-tunisie",
        "countries": "tn",
        "themes": "information-legal-assistance",
        "date": "2022-01-15",
    },
]


def csv_metadata(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=["path", "title", "language", "kind", "organisation", "countries", "themes", "date"]
        )
        writer.writeheader()
        writer.writerows(rows)
    return path


def json_metadata(path, rows):
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return path


def run(*args, capture=None):
    """The command's output, and its error when it exits non-zero; with `capture`, tasks run on commit."""
    out = StringIO()
    error = None
    try:
        if capture is None:
            call_command("import_library", *args, "--no-progress", stdout=out)
        else:
            with capture(execute=True):
                call_command("import_library", *args, "--no-progress", stdout=out)
    except CommandError as raised:
        error = raised
    return out.getvalue(), error


def by_path(output):
    lines = {}
    for line in output.splitlines():
        path, sep, outcome = line.partition(": ")
        if sep:
            lines[path] = outcome
    return lines


def test_folder_is_imported_with_metadata_and_fallback_titles(library, tmp_path, django_capture_on_commit_callbacks):
    metadata = csv_metadata(tmp_path / "métadonnées.csv", ROWS)
    output, error = run(str(library), "--metadata", str(metadata), capture=django_capture_on_commit_callbacks)

    assert error is None, output
    assert output.rstrip().endswith("Done: imported 6, duplicates 1, skipped 1, errors 0.")
    lines = by_path(output)

    report = Document.objects.get(title=ARABIC_TITLE)
    assert lines["rapports/2023/rapport_annuel-tunisie.pdf"] == f"imported #{report.pk} “{ARABIC_TITLE}”"
    assert (report.kind, report.organisation.slug, str(report.published_on)) == ("report", "iom", "2023-06-30")
    assert sorted(report.countries.values_list("code", flat=True)) == ["MA", "TN"]
    assert sorted(report.themes.values_list("slug", flat=True)) == ["livelihoods", "reintegration"]
    assert report.language == "ar" and report.extraction_status == "ok"

    guide = Document.objects.get(title=FRENCH_TITLE)
    assert guide.kind == "capacity_statement"
    assert guide.organisation.slug == "terre-dasile-tunisie"
    # The text reads as English, but the metadata says French: the extraction task kept it.
    assert "returnees" in guide.extracted_text
    assert (guide.language, guide.language_source) == ("fr", "metadata")

    # Without metadata the title comes from the file's properties, its <title>, or its name.
    study = Document.objects.get(title="Étude sur la mobilité de travail")
    assert (study.language, study.language_source, study.kind) == ("fr", "detected", "")
    assert Document.objects.filter(title="Fiche pratique : santé").exists()
    assert Document.objects.filter(title="Notes de terrain 2019-2020").exists()

    # The copy sorts before the listed file, yet the listed file carries the metadata.
    assert lines["copies/rapport_annuel-tunisie (copie).pdf"] == f"duplicate of #{report.pk}"
    assert lines["scans/photo.png"] == "skipped: unsupported"

    broken = Document.objects.get(title="Casse")
    assert lines["casse.PDF"] == f"imported #{broken.pk} “Casse” (text: corrupt)"
    assert broken.extraction_status == "corrupt" and broken.extraction_message
    with broken.file.open("rb") as handle:
        assert handle.read() == (library / "casse.PDF").read_bytes()
    assert Document.objects.count() == 6


@pytest.mark.both_databases  # transactions and query counts can differ between the databases
def test_rerun_after_an_interruption_imports_each_file_once(library, media):
    class Interrupted(Exception):
        pass

    saved = []

    def crash_on_third_save(sender, instance, **kwargs):
        saved.append(instance.pk)
        if len(saved) == 3:
            raise Interrupted  # inside the file's transaction, after its row was written

    post_save.connect(crash_on_third_save, sender=Document, weak=False, dispatch_uid="crash")
    try:
        with pytest.raises(Interrupted):
            run(str(library))
    finally:
        post_save.disconnect(sender=Document, dispatch_uid="crash")

    # The interrupted file left neither a row nor a stored file behind.
    assert Document.objects.count() == 2
    assert len(list((media / "documents").iterdir())) == 2

    output, error = run(str(library))
    assert error is None, output
    assert "Done: imported 4, duplicates 3, skipped 1, errors 0." in output
    assert Document.objects.count() == 6
    assert len(list((media / "documents").iterdir())) == 6

    output, _error = run(str(library))
    assert "Done: imported 0, duplicates 7, skipped 1, errors 0." in output
    assert Document.objects.count() == 6


@pytest.mark.both_databases  # transactions and query counts can differ between the databases
def test_bad_metadata_rows_are_reported_and_the_other_files_imported(library, tmp_path):
    OrganisationFactory(slug="entraide-sfax", acronym="AÉ")
    OrganisationFactory(slug="entraide-sousse", acronym="AÉ")
    rows = [
        {**ROWS[0], "organisation": "nobody", "countries": "TN;XX", "themes": "reintegration;fishing"},
        {**ROWS[1], "date": "15/01/2022", "language": "es", "kind": "poster"},
        {"path": "études/etude-mobilite.pdf", "organisation": "AÉ", "audience": "public"},
        {
            "path": "notes/notes_de_terrain-2019-2020.txt",
            "title": "Notes de terrain, Sfax",
            "countries": ["TN"],
            "themes": ["livelihoods"],
            "organisation": "unhcr",
            "date": "2020-03-01",
        },
        {"path": "perdu/rapport-2018.pdf", "title": "Rapport 2018"},
        {"title": "Sans chemin"},
    ]
    metadata = json_metadata(tmp_path / "metadata.json", rows)
    output, error = run(str(library), "--metadata", str(metadata))

    lines = by_path(output)
    report = lines["rapports/2023/rapport_annuel-tunisie.pdf"]
    assert report.startswith("error: unknown organisation 'nobody'")
    assert "unknown country code(s) XX" in report and "unknown theme(s) fishing" in report
    assert report.endswith("(metadata item 1)")
    guide = lines["guides/guide-droits.docx"]
    assert "date '15/01/2022' is not a date written YYYY-MM-DD" in guide
    assert "language 'es' is not one of en, fr, ar, nl" in guide
    assert "kind 'poster' is not one of" in guide
    study = lines["études/etude-mobilite.pdf"]
    assert "acronym of several organisations (entraide-sfax, entraide-sousse)" in study
    assert lines["perdu/rapport-2018.pdf"] == "error: listed in the metadata, but there is no such file in the folder"
    assert lines["metadata item 6"] == "error: no path given"

    # A rejected file is not imported, and neither is its copy: it would slip in without the metadata.
    assert lines["copies/rapport_annuel-tunisie (copie).pdf"] == (
        "duplicate of rapports/2023/rapport_annuel-tunisie.pdf (not imported: fix its metadata and run again)"
    )
    notes = Document.objects.get(title="Notes de terrain, Sfax")
    assert list(notes.countries.values_list("code", flat=True)) == ["TN"]
    assert notes.organisation.slug == "unhcr"
    assert "Done: imported 3, duplicates 1, skipped 1, errors 5." in output
    assert Document.objects.count() == 3
    assert error is not None and "5 file(s) or metadata row(s) had errors" in str(error)

    # Once the rows are fixed, the same command imports just those files, with their metadata.
    rows[0:3] = [ROWS[0], ROWS[1], {"path": "études/etude-mobilite.pdf", "organisation": "entraide-sfax"}]
    output, error = run(str(library), "--metadata", str(json_metadata(metadata, rows[:4])))
    assert error is None, output
    assert "Done: imported 3, duplicates 4, skipped 1, errors 0." in output
    assert Document.objects.get(title=ARABIC_TITLE).organisation.slug == "iom"
    assert Document.objects.get(title="Étude sur la mobilité de travail").organisation.slug == "entraide-sfax"


def test_a_public_row_publishes_its_file_only(library, libraries, tmp_path):
    metadata = json_metadata(tmp_path / "metadata.json", [{"path": "guides/guide-droits.docx", "audience": "Public"}])
    output, error = run(str(library), "--metadata", str(metadata))
    assert error is None, output
    (page,) = DocumentPage.objects.all()
    assert page.document.title == "Guide droits" and page.live
    assert by_path(output)["guides/guide-droits.docx"].endswith(f"on {page.url}")
    assert public_document_ids() == {page.document_id}


@pytest.mark.parametrize(
    "content,message",
    [
        ("path,titel\nguides/guide-droits.docx,Guide\n", "unknown column(s) titel"),
        ("title\nGuide\n", "a 'path' column is required"),
    ],
)
def test_a_metadata_file_with_wrong_columns_stops_before_importing(library, tmp_path, content, message):
    metadata = tmp_path / "metadata.csv"
    metadata.write_text(content, encoding="utf-8")
    _output, error = run(str(library), "--metadata", str(metadata))
    assert message in str(error)
    assert Document.objects.count() == 0


def test_dry_run_reports_and_writes_nothing(library, tmp_path, media, django_capture_on_commit_callbacks):
    metadata = csv_metadata(tmp_path / "metadata.csv", ROWS)
    output, error = run(
        str(library),
        "--metadata",
        str(metadata),
        "--collection",
        "Bibliothèque IOM",
        "--dry-run",
        capture=django_capture_on_commit_callbacks,
    )
    assert error is None, output
    lines = by_path(output)
    assert lines["rapports/2023/rapport_annuel-tunisie.pdf"] == f"would import “{ARABIC_TITLE}”"
    # Nothing was saved, so the copy is recognised by this run's own list.
    assert lines["copies/rapport_annuel-tunisie (copie).pdf"] == "duplicate of rapports/2023/rapport_annuel-tunisie.pdf"
    assert "Would create the collection 'Bibliothèque IOM'." in output
    assert "Dry run (nothing written): would import 6, duplicates 1, skipped 1, errors 0." in output
    assert Document.objects.count() == 0
    assert not Collection.objects.filter(name="Bibliothèque IOM").exists()
    assert not media.exists()


def test_files_read_at_once_give_the_report_of_one_at_a_time(library, tmp_path):
    # Several sandboxes read ahead while this thread decides duplicates and titles in the folder's order.
    write(library / "vide.docx", b"")
    metadata = csv_metadata(tmp_path / "metadata.csv", ROWS)
    one_at_a_time, _error = run(str(library), "--metadata", str(metadata), "--dry-run", "--concurrency", "1")
    at_once, _error = run(str(library), "--metadata", str(metadata), "--dry-run", "--concurrency", "4")
    assert at_once == one_at_a_time
    lines = by_path(at_once)
    assert lines["casse.PDF"] == "would import “Casse” (text: corrupt)"
    assert set(list(lines)[:2]) == {row["path"] for row in ROWS}  # listed files first, as one at a time


def test_collection_is_created_once_and_used(library):
    run(str(library), "--collection", "Bibliothèque IOM")
    collection = Collection.objects.get(name="Bibliothèque IOM")
    assert set(Document.objects.values_list("collection", flat=True)) == {collection.pk}
    _output, _error = run(str(library), "--collection", "Bibliothèque IOM")
    assert Collection.objects.filter(name="Bibliothèque IOM").count() == 1


def test_public_import_publishes_a_document_page_per_file(
    library, libraries, tmp_path, django_capture_on_commit_callbacks
):
    rows = [{**ROWS[0], "summary": "Les résultats de l'année — نتائج السنة"}, ROWS[1]]
    metadata = json_metadata(tmp_path / "metadata.json", rows)
    output, error = run(
        str(library), "--metadata", str(metadata), "--audience", "public", capture=django_capture_on_commit_callbacks
    )
    assert error is None, output
    assert "Done: imported 6, duplicates 1, skipped 1, errors 0." in output
    pages = {page.document.title: page for page in DocumentPage.objects.live().public().select_related("document")}
    assert len(pages) == 6 and Document.objects.count() == 6

    report = pages[ARABIC_TITLE]
    assert (report.title, report.get_parent().pk, report.locale.language_code) == (
        ARABIC_TITLE,
        libraries["ar"].pk,
        "ar",
    )
    assert (report.summary, str(report.publication_date)) == (rows[0]["summary"], "2023-06-30")
    assert (report.kind, report.organisation.slug, report.file_language) == ("report", "iom", "ar")
    assert sorted(report.countries.values_list("code", flat=True)) == ["MA", "TN"]
    assert sorted(report.themes.values_list("slug", flat=True)) == ["livelihoods", "reintegration"]
    assert by_path(output)["rapports/2023/rapport_annuel-tunisie.pdf"].endswith(f"on {report.url}")
    assert report.cover_image is not None  # drawn from the PDF, as for an upload in the admin
    # Without metadata the language read from the text picks the library; a file without text goes to the
    # library of the site's language.
    assert pages["Étude sur la mobilité de travail"].get_parent().pk == libraries["fr"].pk
    assert (pages["Casse"].get_parent().pk, pages["Casse"].file_language) == (libraries["en"].pk, "other")
    assert public_document_ids() == set(Document.objects.values_list("pk", flat=True))

    revisions = Revision.objects.count()
    output, error = run(
        str(library), "--metadata", str(metadata), "--audience", "public", capture=django_capture_on_commit_callbacks
    )
    assert error is None and "Done: imported 0, duplicates 7, skipped 1, errors 0." in output
    assert DocumentPage.objects.count() == 6 and Revision.objects.count() == revisions


def test_public_import_into_a_chosen_library(library, libraries):
    output, error = run(str(library / "rapports"), "--audience", "public", "--library", str(libraries["fr"].pk))
    assert error is None, output
    (page,) = DocumentPage.objects.all()
    assert (page.get_parent().pk, page.file_language) == (libraries["fr"].pk, "ar")
    _output, error = run(str(library), "--audience", "public", "--library", "999999")
    assert "no document library page has the id 999999" in str(error)


def test_a_public_file_in_a_language_without_a_library_is_an_error_for_that_file(library, libraries, tmp_path):
    write(
        library / "nl/verslag.txt", files.text(["Dit verslag beschrijft de re-integratie van terugkeerders in Guinee."])
    )
    output, error = run(str(library / "nl"), "--audience", "public")
    assert by_path(output)["verslag.txt"] == (
        "error: there is no document library in 'nl': add one in the admin, or choose one with --library"
    )
    assert error is not None and Document.objects.count() == 0


def test_public_dry_run_writes_nothing(library, libraries):
    output, error = run(str(library), "--audience", "public", "--dry-run")
    assert error is None, output
    assert by_path(output)["guides/guide-droits.docx"] == "would import “Guide droits” as public"
    assert Document.objects.count() == 0 and DocumentPage.objects.count() == 0


def test_missing_folder_is_a_clear_error(tmp_path):
    _output, error = run(str(tmp_path / "absent"))
    assert "is not a folder" in str(error)


def test_progress_bar_and_report_share_stdout(library):
    out = StringIO()
    call_command("import_library", str(library), stdout=out)
    output = out.getvalue()
    assert "\rImporting: 100%|##########| 8/8" in output
    # Each report line stands on its own line, not glued to a bar refresh.
    assert "\rscans/photo.png: skipped: unsupported\n" in output
    assert "\nDone: imported 6, duplicates 1, skipped 1, errors 0.\n" in output


def test_editors_can_change_the_metadata_in_the_admin(library, client, django_capture_on_commit_callbacks):
    run(str(library))
    guide = Document.objects.get(title="Guide droits")
    admin = get_user_model().objects.create_superuser("gestionnaire", "gestion@example.org", "x")
    client.force_login(admin)
    url = f"/admin/documents/edit/{guide.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="countries"' in page.content and b'name="kind"' in page.content
    form = {
        "title": FRENCH_TITLE,
        "collection": guide.collection_id,
        "kind": "factsheet",
        "countries": [Country.objects.get(code="SN").pk],
        "themes": [Theme.objects.get(slug="protection").pk],
        "published_on": "2024-02-29",
        "tags": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    guide.refresh_from_db()
    assert (guide.kind, str(guide.published_on)) == ("factsheet", "2024-02-29")
    # Nobody gave this one a language, so the text decides (the metadata test above gives "fr").
    assert (guide.language, guide.language_source) == ("en", "detected")
    hits = get_engine().search(Query(filters={"country": ("SN",)}, audiences=STAFF_AND_PUBLIC)).hits
    assert [hit.title for hit in hits] == [FRENCH_TITLE]


def test_imported_documents_are_searchable_for_staff_with_facets(library, tmp_path, django_capture_on_commit_callbacks):
    metadata = json_metadata(tmp_path / "metadata.json", ROWS)
    output, error = run(str(library), "--metadata", str(metadata), capture=django_capture_on_commit_callbacks)
    assert error is None, output
    report = Document.objects.get(title=ARABIC_TITLE)
    engine = get_engine()

    results = engine.search(Query(text="الإدماج", audiences=STAFF_AND_PUBLIC))
    assert f"document:{report.pk}" in [hit.id for hit in results.hits]
    facets = {name: dict(values) for name, values in results.facets.items()}
    assert facets["country"] == {"TN": 1, "MA": 1}
    assert facets["theme"] == {"reintegration": 1, "livelihoods": 1}
    assert facets["organisation"] == {"iom": 1}
    assert facets["kind"] == {"document": 1}

    # Facet filters reach documents too: Tunisia holds the report and the guide.
    tunisia = engine.search(Query(filters={"country": ("TN",)}, audiences=STAFF_AND_PUBLIC))
    assert {hit.title for hit in tunisia.hits} == {ARABIC_TITLE, FRENCH_TITLE}
    assert {str(hit.date)[:10] for hit in tunisia.hits} == {"2023-06-30", "2022-01-15"}

    # Documents are for staff: the public audience alone finds none of them.
    assert engine.search(Query(text="mobilité", audiences=frozenset({"public"}))).total == 0
    assert engine.search(Query(text="mobilité", audiences=STAFF_AND_PUBLIC)).total >= 1


@pytest.mark.both_databases  # transactions and query counts can differ between the databases
def test_document_records_cost_the_same_queries_however_many_documents(library, tmp_path):
    def queries():
        with CaptureQueriesContext(connection) as context:
            records = list(DocumentSource().all_records())
        return len(context), records

    metadata = csv_metadata(tmp_path / "metadata.csv", ROWS[:1])
    run(str(library), "--metadata", str(metadata))
    few, records = queries()
    more = tmp_path / "plus"
    for number in range(5):
        write(more / f"fiche-{number}.txt", files.text([f"Fiche n° {number} : accès aux soins à Sfax."]))
    run(str(more))
    many, more_records = queries()
    assert len(more_records) == len(records) + 5
    assert many == few
    record = next(record for record in more_records if record.title == ARABIC_TITLE)
    assert (record.countries, record.themes, record.organisations) == (
        ("MA", "TN"),
        ("livelihoods", "reintegration"),
        ("iom",),
    )
    assert record.kind == "document" and record.extra == {"document_kind": "report"}
    assert str(record.date) == "2023-06-30"


def test_tool_generated_pdf_titles_give_way_to_the_file_name(tmp_path):
    root = tmp_path / "drive"
    write(root / "plan-de-réponse_2024.pdf", files.pdf([FRENCH_BODY], title="Microsoft Word - PRR_v3_final.docx"))
    write(root / "bilan.pdf", files.pdf([FRENCH_BODY[:1]], title="Untitled"))
    run(str(root))
    assert sorted(Document.objects.values_list("title", flat=True)) == ["Bilan", "Plan de réponse 2024"]


def test_a_concurrency_below_one_is_refused_before_anything_is_read(library, media):
    _out, error = run(str(library), "--concurrency", "0")
    assert str(error) == "--concurrency must be at least 1"
    assert not Document.objects.exists() and not any(media.rglob("*.*"))
