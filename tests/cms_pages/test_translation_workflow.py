"""Translation side by side (wagtail-localize): pages translated as copies are adopted without a word changing,
a changed source marks its segments, translators work offline through PO files, and what is the same in every
language is copied from the source."""

import datetime
import html
import io
import json
import re

import polib
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from wagtail.rich_text import RichText
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from cms_pages.models import NewsPage
from kms.translations import differing_fields
from tests.factories import cms_pages as make

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]


def paragraphs(*texts):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in texts]


def body_text(page):
    return [block.value.source for block in page.body]


@pytest.fixture(scope="module")
def site(module_db):
    home, _arabic = make.home_pages()
    index = make.news_index(home)
    news = make.news_page(
        index,
        slug="retour",
        title="Back home in Sfax",
        intro="A new start.",
        body=paragraphs("First <b>paragraph</b>.", "Second paragraph."),
    )
    french = make.translate(
        news,
        "fr",
        title="De retour à Sfax",
        slug="retour-fr",
        intro="Un nouveau départ.",
        body=paragraphs("Premier <b>paragraphe</b>.", "Deuxième paragraphe."),
    )
    arabic = make.translate(
        news,
        "ar",
        title="العودة إلى صفاقس",
        slug="retour-ar",
        intro="بداية جديدة.",
        body=paragraphs("الفقرة <b>الأولى</b>.", "الفقرة الثانية."),
    )
    # A translation that has a paragraph of its own cannot be rendered from its source without losing it.
    other = make.news_page(index, slug="autre", title="Another item", body=paragraphs("One paragraph."))
    longer = make.translate(
        other, "fr", title="Un autre article", slug="autre-fr", body=paragraphs("Un paragraphe.", "Et un de plus.")
    )
    # A date of its own would be replaced by the source's; a draft would be passed over.
    dated = make.news_page(index, slug="date", title="Dated", body=paragraphs("One paragraph."))
    own_date = make.translate(
        dated, "fr", title="Daté", slug="date-fr", body=paragraphs("Un paragraphe."), date=datetime.date(2024, 1, 5)
    )
    drafted = make.news_page(index, slug="brouillon", title="Drafted", body=paragraphs("One paragraph."))
    draft = make.translate(drafted, "fr", title="Brouillon", slug="brouillon-fr", body=paragraphs("Un paragraphe."))
    draft.title = "Brouillon revu"
    draft.save_revision()
    before = {
        page.pk: (page.title, page.slug, page.intro, body_text(page)) for page in (french, arabic, longer, own_date)
    }
    out = io.StringIO()
    call_command("adopt_translations", stdout=out)
    editor = get_user_model().objects.create_superuser("traductrice", "traductrice@example.org", "mot-de-passe-sûr")
    return (
        {"news": news, "french": french, "arabic": arabic, "longer": longer, "before": before},
        out.getvalue(),
        editor,
    )


@pytest.fixture
def admin(site):
    client = Client()
    client.force_login(site[2])
    return client


def translation_into(page, code):
    return Translation.objects.get(source__object_id=page.translation_key, target_locale__language_code=code)


def test_adopted_translations_keep_every_word(site):
    pages, output, _editor = site
    # The news item's two translations and the Arabic home page; the news index's translations are aliases.
    assert "3 adopted" in output and "3 kept as a manual translation" in output
    for name in ("french", "arabic"):
        page = NewsPage.objects.get(pk=pages[name].pk)
        assert (page.title, page.slug, page.intro, body_text(page)) == pages["before"][page.pk]
        translation = translation_into(pages["news"], page.locale.language_code)
        assert translation.enabled and translation.get_progress() == (5, 5)  # title, slug, intro, two paragraphs
        rendered = translation.source.get_ephemeral_translated_instance(page.locale)
        assert differing_fields(rendered, page) == []
        assert body_text(rendered) == pages["before"][page.pk][3]


def test_a_translation_with_its_own_structure_stays_manual(site):
    pages, output, _editor = site
    longer = NewsPage.objects.get(pk=pages["longer"].pk)
    assert (longer.title, longer.slug, longer.intro, body_text(longer)) == pages["before"][longer.pk]
    assert "Un autre article: kept as a manual translation" in output
    assert "Daté: kept as a manual translation (rendered from its source it would change: date)" in output
    assert "Brouillon: kept as a manual translation (it has a draft not yet published)" in output
    assert not Translation.objects.filter(
        target_locale=longer.locale, enabled=True, source__object_id=longer.translation_key
    ).exists()


def test_running_again_changes_nothing(site):
    _pages, _output, _editor = site
    strings = StringSegment.objects.count()
    out = io.StringIO()
    call_command("adopt_translations", stdout=out)
    assert "6 already synced, 3 kept" in out.getvalue() and "adopted" not in out.getvalue()
    assert StringSegment.objects.count() == strings


def test_the_translation_editor_shows_source_and_translation(site, admin):
    pages, _output, _editor = site
    response = admin.get(f"/admin/pages/{pages['french'].pk}/edit/")
    assert response.status_code == 200
    props = json.loads(html.unescape(re.search(r'data-props="([^"]*)"', response.content.decode()).group(1)))
    # The editor's props carry each source segment with its translation, side by side.
    translated = {string["segment_id"]: string["data"] for string in props["initialStringTranslations"]}
    side_by_side = {
        segment["source"]: translated.get(segment["id"]) for segment in props["segments"] if "source" in segment
    }
    assert side_by_side["Second paragraph."] == "Deuxième paragraphe."
    assert side_by_side["First <b>paragraph</b>."] == "Premier <b>paragraphe</b>."


def test_a_changed_source_marks_its_segment_and_keeps_the_others(site, admin):
    pages, _output, _editor = site
    news = NewsPage.objects.get(pk=pages["news"].pk)
    news.body[1].value = RichText("<p>Second paragraph, rewritten.</p>")  # the block keeps its id, as in the editor
    news.save_revision().publish()
    source = TranslationSource.objects.get(object_id=news.translation_key, locale=news.locale)
    response = admin.post(reverse("wagtail_localize:update_translations", args=[source.pk]), {})
    assert response.status_code == 302
    translation = translation_into(news, "fr")
    assert translation.get_progress() == (5, 4)
    missing = StringSegment.objects.filter(source=source).annotate_translation(translation.target_locale)
    assert [segment.string.data for segment in missing if not segment.translation] == ["Second paragraph, rewritten."]
    # The page readers see keeps its French text until the translator has translated the new paragraph.
    assert body_text(NewsPage.objects.get(pk=pages["french"].pk)) == pages["before"][pages["french"].pk][3]


def test_po_files_go_out_and_come_back(site, admin):
    pages, _output, _editor = site
    translation = translation_into(pages["news"], "ar")
    response = admin.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert response.status_code == 200
    po = polib.pofile(response.content.decode())
    assert {entry.msgid: entry.msgstr for entry in po}["Second paragraph."] == "الفقرة الثانية."
    for entry in po:
        if entry.msgid == "Second paragraph.":
            entry.msgstr = "الفقرة الثانية، مراجعة."
    upload = SimpleUploadedFile("retour-ar.po", str(po).encode(), content_type="text/x-gettext-translation")
    response = admin.post(reverse("wagtail_localize:upload_pofile", args=[translation.pk]), {"file": upload})
    assert response.status_code == 302
    translation.save_target(publish=True)
    arabic = NewsPage.objects.get(pk=pages["arabic"].pk)
    assert body_text(arabic) == ["<p>الفقرة <b>الأولى</b>.</p>", "<p>الفقرة الثانية، مراجعة.</p>"]
    assert arabic.title == "العودة إلى صفاقس"


def test_what_is_the_same_in_every_language_follows_the_source(site):
    pages, _output, _editor = site
    news = NewsPage.objects.get(pk=pages["news"].pk)
    news.date = datetime.date(2025, 6, 1)
    news.save_revision().publish()
    source = TranslationSource.objects.get(object_id=news.translation_key, locale=news.locale)
    source.update_from_db()
    translation = translation_into(news, "fr")
    translation.save_target(publish=True)
    french = NewsPage.objects.get(pk=pages["french"].pk)
    assert french.date == datetime.date(2025, 6, 1)
    assert french.title == "De retour à Sfax"


@pytest.mark.parametrize(
    "content",
    [None, b"%PDF-1.7 not a PO file \x00\xff", b'msgid ""\nmsgstr ""\n\nmsgid "Second paragraph."\nmsgstr "Autre."\n'],
    ids=["no file", "not a PO file", "PO file from elsewhere"],
)
def test_a_po_file_that_cannot_be_taken_is_refused_with_a_message(site, admin, content):
    pages, _output, _editor = site
    translation = translation_into(pages["news"], "fr")
    before = translation.export_po()
    data = {} if content is None else {"file": SimpleUploadedFile("retour.po", content)}
    url = reverse("wagtail_localize:upload_pofile", args=[translation.pk])
    response = admin.post(f"{url}?next=/admin/pages/{pages['french'].pk}/edit/", data, follow=True)
    assert response.status_code == 200
    assert "nothing was imported" in response.content.decode() or "Choose the PO file" in response.content.decode()
    assert [entry.msgstr for entry in translation.export_po()] == [entry.msgstr for entry in before]
