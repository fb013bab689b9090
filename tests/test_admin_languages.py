"""The admin in the site's languages: four languages on offer, the project's labels and block names translated, text
typed in its own direction, nothing fetched from another host, slugs made from names, taxonomy by name, organisations
by full name, choice labels capitalised."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from cms_pages.choices import DocumentKind
from cms_pages.listings import DocumentFilterForm
from cms_pages.models import NewsPage, StandardPage
from kms.taxonomy.models import Organisation, Theme
from tests.factories import cms_pages as make

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def editor(client):
    # Named, as the demo's admin is: Wagtail's account page saves the name with the language and needs both.
    user = get_user_model().objects.create_superuser(
        "admin-langues", "admin@example.org", "mot-de-passe-sûr", first_name="Leïla", last_name="بن علي"
    )
    client.force_login(user)
    return client


def options(html, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"', select)


def test_the_admin_language_menu_offers_the_four_site_languages_and_saves_a_choice(editor):
    url = reverse("wagtailadmin_account")
    offered = options(editor.get(url).content.decode(), "locale-preferred_language")
    assert sorted(offered) == ["", "ar", "en", "fr", "nl"]  # "" follows the browser's language

    response = editor.post(
        url,
        {
            "name_email-first_name": "Leïla",
            "name_email-last_name": "بن علي",
            "name_email-email": "admin@example.org",
            "locale-preferred_language": "ar",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "notifications-submitted_notifications": "on",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="admin-langues")
    assert user.wagtail_userprofile.preferred_language == "ar"
    arabic = editor.get(reverse("wagtailadmin_home")).content.decode()
    assert 'lang="ar"' in arabic and 'dir="rtl"' in arabic


def test_text_boxes_take_the_direction_of_what_is_typed(editor):
    html = editor.get(reverse("wagtailsnippets_taxonomy_theme:add")).content.decode()
    name_fr = re.search(r'<input[^>]*name="name_fr"[^>]*>', html).group(0)
    assert 'dir="auto"' in name_fr
    # A slug is an address: it keeps Wagtail's own box, read left to right.
    assert 'dir="auto"' not in re.search(r'<input[^>]*name="slug"[^>]*>', html).group(0)
    # Boxes drawn in the browser (blocks, inline forms, chooser searches) get it from the admin's script.
    assert "js/admin-init.js" in html


def test_a_page_form_has_text_areas_in_their_own_direction_and_its_blocks_named_in_the_admins_language(editor):
    home, _arabic = make.home_pages()
    index = make.news_index(home)
    url = reverse("wagtailadmin_pages:add", args=["cms_pages", "newspage", index.pk])
    html = editor.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'dir="auto"' in re.search(r"<textarea[^>]*name=\"intro\"[^>]*>", html).group(0)
    assert 'dir="auto"' in re.search(r'<input[^>]*name="author"[^>]*>', html).group(0)
    with translation.override("fr"):
        names = {
            name: str(NewsPage.body.field.stream_block.child_blocks[name].label)
            for name in ("heading", "image", "video", "table")
        }
    assert names == {"heading": "Titre", "image": "Image", "video": "Vidéo", "table": "Tableau"}
    # In the block definitions the editor's script reads (JSON, with non-ASCII letters escaped).
    assert "Tableau" in html and "Vid\\u00e9o" in html


def test_the_admin_fetches_no_avatar_from_another_host(editor):
    html = editor.get(reverse("wagtailadmin_home")).content.decode()
    assert "gravatar" not in html
    assert not re.findall(r'<img[^>]+src="https?://', html)


def test_a_taxonomy_slug_is_filled_from_the_english_name_and_an_arabic_page_title_keeps_its_script(editor):
    html = editor.get(reverse("wagtailsnippets_taxonomy_theme:add")).content.decode()
    name_en = re.search(r'<input[^>]*name="name_en"[^>]*>', html).group(0)
    assert 'data-w-sync-target-value="#id_slug"' in name_en

    home, _arabic = make.home_pages()
    page = home.add_child(instance=StandardPage(title="إعادةُ الإدماجِ المستدام", slug=""))
    assert page.slug == "إعادة-الإدماج-المستدام"  # the Arabic letters, without the vowel marks


def test_taxonomy_is_listed_by_name_unless_an_editor_set_an_order(editor):
    ordered = list(Theme.objects.all())
    Theme.objects.create(slug="zz-zebra", name_en="Zebra crossings")
    Theme.objects.create(slug="zz-aide", name_en="Aid")
    themes = list(Theme.objects.all())
    # The new ones come after the themes an editor ordered, by name, rather than first (as an order of 0 did).
    assert themes[: len(ordered)] == ordered
    assert [theme.name_en for theme in themes[len(ordered) :]] == ["Aid", "Zebra crossings"]


def test_organisations_are_shown_by_full_name_with_their_acronym():
    drc = Organisation.objects.get(slug="drc")
    assert str(drc) == f"{drc.name_en} (DRC)"
    form = DocumentFilterForm({}, years=[])
    assert f"{drc.name_en} (DRC)" in [label for _value, label in form.fields["organisation"].choices]


def test_choice_labels_are_capitalised_and_translated():
    assert DocumentKind.REPORT.label == "Report"
    with translation.override("fr"):
        assert str(DocumentKind.CAPACITY_STATEMENT.label) == "Présentation des capacités"


def test_a_published_lesson_reads_as_a_state_not_as_a_date():
    from communities.models import Lesson

    # "Published" heading a date has its own context; the state no longer borrows "Publié le".
    with translation.override("fr"):
        assert str(Lesson.State.PUBLISHED.label) == "Publiée"
    with translation.override("ar"):
        assert str(Lesson.State.PUBLISHED.label) != "تاريخ النشر"
