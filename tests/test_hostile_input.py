"""Hostile input gets a 4xx with a message, never a 500: the cases found by probing, one test each."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from lxml import etree
from PIL import Image

from communities.models import Attachment, Community, Lesson, Thread
from kms.accounts.forms import ProfileForm
from kms.text import clean_filename, clean_name
from search.query import MAX_QUERY_CHARS
from tests.factories import UserFactory
from tests.factories.communities import CommunityFactory, MembershipFactory, PublishedLessonFactory
from tests.factories.research import publication, research_index

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]

OAI = "{http://www.openarchives.org/OAI/2.0/}"
RLO = "\u202e"
OVERLONG = "9" * 20


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def private_media(settings, tmp_path):
    settings.KMS_PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.MEDIA_ROOT = tmp_path / "media"


# --- OAI-PMH ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "verb=Identify&%01=1",
        "verb=Identify&identifier=%01",
        "verb=ListRecords&metadataPrefix=oai_dc&set=%0B",
        "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:kms.example.org:publication/%1F",
        "verb=Ident%08ify",
    ],
)
def test_oai_arguments_with_control_characters_are_a_bad_argument(client, query):
    response = client.get(f"/oai?{query}")
    assert response.status_code == 200  # OAI-PMH answers its errors with 200 and an error element
    error = etree.fromstring(response.content).find(f"{OAI}error")
    assert error.get("code") == "badArgument"
    assert "control characters" in error.text


@pytest.mark.parametrize("number", ["²", "١٢", OVERLONG, "9" * 5000])
def test_oai_identifiers_that_are_no_id_do_not_exist(client, number):
    response = client.get(
        "/oai",
        {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": f"oai:kms.example.org:publication/{number}"},
    )
    assert response.status_code == 200
    assert etree.fromstring(response.content).find(f"{OAI}error").get("code") == "idDoesNotExist"


def test_a_control_character_stored_in_a_title_does_not_break_the_harvest(client):
    page = publication(research_index(), title="Retour\x0b à Kassala\x01")
    response = client.get(
        "/oai",
        {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": f"oai:kms.example.org:publication/{page.pk}"},
    )
    title = etree.fromstring(response.content).find(".//{http://purl.org/dc/elements/1.1/}title")
    assert title.text == "Retour à Kassala"


@pytest.mark.parametrize(
    "url",
    [
        "/oai?verb=Identify&identifier=%00",
        "/en/communities/invitations/%00/",
        "/en/search/?country=%00",
        "/en/communities/?%00=1",
        "/en/search/%00/",
    ],
)
def test_a_nul_character_anywhere_in_the_address_is_a_bad_request(client, url):
    # PostgreSQL cannot compare text holding NUL: refused before any view reads it.
    assert client.get(url).status_code == 400


# --- Ids in paths and queries -----------------------------------------------------------------------


@pytest.mark.parametrize("path", [f"/citations/publication/{OVERLONG}.bib", f"/citations/publication/{'9' * 5000}.ris"])
def test_overlong_publication_ids_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_overlong_member_ids_are_not_found(client):
    community = CommunityFactory()
    member = MembershipFactory(community=community).user
    client.force_login(member)
    assert client.get(f"/en/communities/{community.slug}/members/{OVERLONG}/").status_code == 404
    # The largest id a database holds is still an id: it matches nobody.
    assert client.get(f"/en/communities/{community.slug}/members/{2**63 - 1}/").status_code == 404
    assert client.get(f"/en/communities/{community.slug}/members/{member.pk}/").status_code == 200


@pytest.mark.parametrize("value", ["abc", "²", OVERLONG, "1 OR 1=1", "%00"])
def test_a_lesson_that_is_no_id_is_not_found(client, value):
    community = CommunityFactory()
    client.force_login(MembershipFactory(community=community).user)
    url = reverse("communities:thread_create", args=[community.slug])
    assert client.get(url, {"lesson": value}).status_code == 404
    lesson = PublishedLessonFactory(community=community)
    assert client.get(url, {"lesson": str(lesson.pk)}).status_code == 200


# --- Overlong search text ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "the limit is 500"),
        ("fr", "la limite est de 500"),
        ("ar", "والحد الأقصى 500"),
        ("nl", "de limiet is 500"),
    ],
)
def test_an_overlong_search_is_refused_with_a_message_in_the_readers_language(client, language, words):
    text = "réintégration " * 3000  # 42 KB
    page = client.get(f"/{language}/search/", {"q": text})
    assert page.status_code == 400
    assert words in page.content.decode()
    with translation.override(language):
        api = client.get("/api/v1/search", {"q": text}, HTTP_ACCEPT_LANGUAGE=language)
    assert api.status_code == 400
    assert "500" in api.json()["error"]


def test_a_search_at_the_limit_is_served(client):
    text = ("a" * 9 + " ") * (MAX_QUERY_CHARS // 10)
    assert client.get("/en/search/", {"q": text.strip()}).status_code == 200
    assert client.get("/api/v1/search", {"q": text.strip()}).status_code == 200
    # Runs of spaces count as one: pasted text with wide gaps is not refused for its spacing.
    assert client.get("/api/v1/search", {"q": "retour" + " " * 5000 + "Kassala"}).status_code == 200


def test_autocomplete_refuses_an_overlong_text(client):
    assert client.get("/api/v1/autocomplete", {"q": "x" * (MAX_QUERY_CHARS + 1)}).status_code == 400


# --- Names, titles and file names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("report\u202egnp.exe", "reportgnp.exe"),
        ("\u2066Ahmed\u2069 \u200bAli\ufeff", "Ahmed Ali"),
        ("ad\u200dmin\u2060", "admin"),
        ("  Fatma\t\nBen\u2028Salah ", "Fatma Ben Salah"),
        ("منظمة\u200f IOM", "منظمة\u200f IOM"),  # the right-to-left mark places the Latin acronym
        ("می\u200cخواهم", "می\u200cخواهم"),  # the non-joiner is part of how the Persian word is written
        ("\u200cمی", "می"),  # ...but not at the edge of a word
        ("Rapatriés — عائدون", "Rapatriés — عائدون"),
    ],
)
def test_clean_name(typed, kept):
    assert clean_name(typed) == kept


@pytest.mark.parametrize(
    ("uploaded", "kept"),
    [
        ("report\u202egnp.exe", "reportgnp.exe"),
        ("تقرير\u200f.pdf", "تقرير.pdf"),
        ("../../etc/passwd", "_.._etc_passwd"),
        (".htaccess", "htaccess"),
        ("\u202e\u200b", "file"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
def test_clean_filename(uploaded, kept):
    assert clean_filename(uploaded) == kept


def small_png():
    """A real picture: the attachment check reads an image's header, so a PNG signature alone is refused."""
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_lesson_and_thread_titles_lose_their_overrides(client, private_media):
    community = CommunityFactory()
    client.force_login(MembershipFactory(community=community).user)
    url = reverse("communities:lesson_create", args=[community.slug])
    upload = SimpleUploadedFile("rapport\u202efdp.exe.png", small_png(), content_type="image/png")
    client.post(
        url, {"title": "Retour\u202e à Kassala\u200b", "context": "<p>Texte \u202b légitime</p>", "attachment": upload}
    )
    lesson = Lesson.objects.get()
    assert lesson.title == "Retour à Kassala"
    assert "\u202b" in lesson.context  # body text is the member's, cleaned only of markup
    attachment = Attachment.objects.filter(lesson=lesson).first()
    if attachment is not None:  # the upload checker may refuse this tiny PNG; the name rule is tested above
        assert attachment.original_name == "rapportfdp.exe.png"
    client.post(
        reverse("communities:thread_create", args=[community.slug]),
        {"title": "\u2067Qui finance\u2069 ?", "body": "<p>Question</p>"},
    )
    assert Thread.objects.get().title == "Qui finance ?"


def test_a_title_of_invisible_characters_only_is_refused(client):
    community = CommunityFactory()
    client.force_login(MembershipFactory(community=community).user)
    response = client.post(
        reverse("communities:thread_create", args=[community.slug]),
        {"title": "\u202e\u200b\u2066", "body": "<p>Le texte reste là</p>"},
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert "Le texte reste là" in response.content.decode()
    assert not Thread.objects.exists()


def test_display_and_community_names_lose_their_overrides():
    user = UserFactory()
    form = ProfileForm({"display_name": "Admin\u202e", "languages": []}, instance=user.profile)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["display_name"] == "Admin"
    community = Community(slug="test", name_en="\u202eCohésion sociale\u200b")
    community.full_clean(exclude=["themes", "countries"])
    assert community.name_en == "Cohésion sociale"


def test_document_titles_lose_their_overrides():
    from django.core.exceptions import ValidationError
    from wagtail.documents import get_document_model

    document = get_document_model()(title="Rapport\u202e annuel", file=SimpleUploadedFile("r.pdf", b"%PDF-1.4"))
    document.clean()
    assert document.title == "Rapport annuel"
    document.title = "\u202e\u200b"
    with pytest.raises(ValidationError):
        document.clean()


def test_page_image_and_imported_document_titles_lose_their_overrides_however_they_are_saved(client):
    """Wagtail's own forms, the importer and the demo save pages, images and documents directly: the
    titles are cleaned as they are written, in the live page, its draft title and its search title."""
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from cms_pages.models import StandardPage
    from tests.factories import cms_pages as make

    home, _home_ar = make.home_pages()
    page = make.standard_page(home, title=f"report{RLO}gnp.exe", seo_title="Cohésion\u200b sociale\x07")
    page.refresh_from_db()
    assert (page.title, page.draft_title, page.seo_title) == ("reportgnp.exe", "reportgnp.exe", "Cohésion sociale")

    # Through the Wagtail admin's page form, as an editor would.
    admin = get_user_model().objects.create_superuser("editor", "editor@example.org", "x")
    client.force_login(admin)
    response = client.post(
        f"/admin/pages/add/cms_pages/standardpage/{home.pk}/",
        {
            "title": f"Guide{RLO} de référence",
            "slug": "guide",
            "intro": "Texte.",
            "body-count": "0",
            "action-publish": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert StandardPage.objects.get(slug="guide").title == "Guide de référence"

    # Saved directly, as the importer does: no form, no clean().
    document = get_document_model().objects.create(
        title=f"scan{RLO}fdp.exe", file=SimpleUploadedFile("s.pdf", b"%PDF-1.4")
    )
    assert get_document_model().objects.get(pk=document.pk).title == "scanfdp.exe"
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "PNG")
    image = get_image_model().objects.create(
        title=f"photo{RLO}gnp.exe", file=SimpleUploadedFile("p.png", buffer.getvalue()), width=4, height=4
    )
    assert get_image_model().objects.get(pk=image.pk).title == "photognp.exe"
