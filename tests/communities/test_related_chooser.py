"""A lesson's related documents: chosen by searching documents, publications and lessons in any language.

The field takes record keys and accepts only those of the three kinds that the author could find by searching;
"Find" works without JavaScript and loses nothing typed or chosen.
"""

import pytest
from django.urls import reverse

from communities.models import Community, Lesson
from search import sources
from search.engine import get_engine
from tests.factories import research as research_factories
from tests.factories.cms_pages import (
    document_page,
    home_pages,
    library_document,
    library_page,
    news_index,
    news_page,
    standard_page,
)
from tests.factories.communities import CommunityFactory, MembershipFactory, PublishedLessonFactory

pytestmark = [pytest.mark.django_db]

REPORT = "تقرير العودة الطوعية إلى مدنين"
STUDY = "Trajectoires de réintégration à Sfax"
LESSON = "Réintégration par les pairs à Zarzis"
SECRET = "Réintégration confidentielle à Gabès"


@pytest.fixture(scope="module")
def data(module_db):
    home, _arabic_home = home_pages()
    library = library_page(home)
    arabic_file = library_document(b"%PDF-1.4\n", name="retour.pdf", title=REPORT, language="ar")
    report = document_page(library, title=REPORT, slug="rapport-retour", file_language="ar", document=arabic_file)
    draft = document_page(library, title="Réintégration brouillon", slug="brouillon", live=False)
    news = news_page(news_index(home), title="Réintégration : actualité de Sfax", slug="actu")
    about = standard_page(home, title="Réintégration : à propos", slug="about-reintegration")
    study = research_factories.publication(title=STUDY, slug="trajectoires")
    community = CommunityFactory()
    author = MembershipFactory(community=community).user
    lesson = PublishedLessonFactory(community=community, title=LESSON, language="fr")
    private = CommunityFactory(visibility=Community.Visibility.MEMBERS_ONLY)
    secret = PublishedLessonFactory(community=private, title=SECRET)
    return {
        "report": report,
        "draft": draft,
        "news": news,
        "about": about,
        "study": study,
        "community": community,
        "author": author,
        "lesson": lesson,
        "secret": secret,
    }


def key(obj):
    return f"lesson:{obj.pk}" if isinstance(obj, Lesson) else f"page:{obj.pk}"


@pytest.fixture
def indexed(data):
    """Everything searchable in this module's data, in this test's index."""
    get_engine().index(list(sources.all_records()))
    return data


def lesson_data(**extra):
    return {"title": "Leçon liée · درس مرتبط", "context": "<p>Voir les documents.</p>", "language": "fr", **extra}


def create_url(data):
    return reverse("communities:lesson_create", args=[data["community"].slug])


def test_the_form_offers_a_search_box_not_a_list_of_every_page(client, data):
    client.force_login(data["author"])
    body = client.get(create_url(data)).content.decode()
    assert 'name="related_q"' in body and 'name="related_find"' in body
    assert "communities/related.js" in body  # the enhancement is a static file (no inline script)
    for page in ("news", "about", "report"):
        assert data[page].title not in body  # nothing is listed before the author searches


def test_find_without_javascript_keeps_what_was_typed_and_chosen(client, indexed):
    client.force_login(indexed["author"])
    response = client.post(
        create_url(indexed),
        lesson_data(context="", related=[key(indexed["lesson"])], related_q="réintégration", related_find="1"),
    )
    body = response.content.decode()
    assert response.status_code == 200 and not Lesson.objects.filter(title__startswith="Leçon liée").exists()
    assert "Leçon liée · درس مرتبط" in body and 'value="réintégration"' in body
    assert f'value="{key(indexed["lesson"])}" checked' in body
    # The matches are boxes to tick: documents, publications and lessons, in any language, never other kinds,
    # drafts, or what the author may not see.
    assert f'value="{key(indexed["study"])}">' in body
    assert f'value="{key(indexed["report"])}">' in body and f'lang="ar" dir="rtl">{REPORT}' in body
    for hidden in ("news", "about", "draft", "secret"):
        assert indexed[hidden].title not in body, hidden
    assert "This field is required" not in body  # nothing is judged before the author saves


def test_find_with_too_little_text_says_so(client, data):
    client.force_login(data["author"])
    body = client.post(create_url(data), lesson_data(related_q="r", related_find="1")).content.decode()
    assert "Type at least two characters" in body


def test_chosen_items_are_saved_and_shown_with_kind_and_language(client, data):
    client.force_login(data["author"])
    chosen = [key(data["report"]), key(data["study"]), key(data["lesson"])]
    response = client.post(create_url(data), lesson_data(related=chosen))
    assert response.status_code == 302
    saved = Lesson.objects.get(title="Leçon liée · درس مرتبط")
    assert set(saved.related_pages.values_list("pk", flat=True)) == {data["report"].pk, data["study"].pk}
    assert list(saved.related_lessons.all()) == [data["lesson"]]
    body = client.get(saved.get_absolute_url()).content.decode()
    assert f'lang="ar" dir="rtl">{REPORT}</a>' in body
    assert "Publication</span>" in body and "Lesson learned</span>" in body and "Document</span>" in body
    edit = client.get(reverse("communities:lesson_edit", args=[data["community"].slug, saved.pk])).content.decode()
    for item in chosen:
        assert f'value="{item}" checked' in edit


def test_links_the_chooser_cannot_offer_are_kept_when_the_lesson_is_saved(client, data):
    """A page of another kind linked before the chooser existed is not dropped by an edit."""
    client.force_login(data["author"])
    client.post(create_url(data), lesson_data(title="Leçon ancienne", related=[key(data["study"])]))
    lesson = Lesson.objects.get(title="Leçon ancienne")
    lesson.related_pages.add(data["news"])
    url = reverse("communities:lesson_edit", args=[data["community"].slug, lesson.pk])
    edit = client.get(url).content.decode()
    assert f'value="{key(data["news"])}"' not in edit  # never offered…
    response = client.post(url, lesson_data(title="Leçon ancienne", related=[key(data["report"])]))
    assert response.status_code == 302
    # …and never lost: the study is replaced by the report as asked, the news page stays.
    assert set(lesson.related_pages.values_list("pk", flat=True)) == {data["report"].pk, data["news"].pk}


def test_other_kinds_and_what_the_author_cannot_see_are_refused(client, data):
    client.force_login(data["author"])
    refused = [key(data["news"]), key(data["about"]), key(data["draft"]), key(data["secret"]), "page:abc"]
    response = client.post(create_url(data), lesson_data(related=[key(data["study"]), *refused]))
    body = response.content.decode()
    assert response.status_code == 200 and not Lesson.objects.filter(title__startswith="Leçon liée").exists()
    assert "These items cannot be linked" in body and key(data["news"]) in body and key(data["secret"]) in body
    assert "Leçon liée · درس مرتبط" in body and f'value="{key(data["study"])}" checked' in body


def test_the_refusal_reads_in_arabic(client, data):
    client.force_login(data["author"])
    url = "/ar" + create_url(data)[3:] if create_url(data).startswith("/en/") else create_url(data)
    body = client.post(url, lesson_data(related=[key(data["news"])])).content.decode()
    assert "لا يمكن ربط" in body


def test_the_autocomplete_api_keeps_to_the_kinds_asked_for(client, indexed):
    client.force_login(indexed["author"])
    kinds = {"kind": ["document", "publication", "lesson"]}
    ids = {s["id"] for s in client.get("/api/v1/autocomplete", {"q": "réintég", **kinds}).json()["suggestions"]}
    assert key(indexed["lesson"]) in ids and key(indexed["study"]) in ids
    assert not ids & {key(indexed[name]) for name in ("news", "about", "secret")}
    everything = client.get("/api/v1/autocomplete", {"q": "réintég"}).json()["suggestions"]
    assert {s["kind"] for s in everything} - {"document", "publication", "lesson"}  # the filter did something


def test_too_many_items_are_refused_without_a_lookup_each(client, data, django_assert_max_num_queries):
    client.force_login(data["author"])
    flood = [f"page:{number}" for number in range(1, 500)]
    with django_assert_max_num_queries(200):
        response = client.post(create_url(data), lesson_data(related=flood))
    assert response.status_code == 200 and "Choose at most 20 items." in response.content.decode()
