"""Anonymous readers' pages come from the page cache (kms/pagecache.py); a change to what they show drops them,
and nothing a signed-in member sees is ever stored or served from it."""

import re

import pytest
from django.core import mail
from django.core.cache import caches
from django.urls import reverse
from wagtail.models import Locale, Page

from cms_pages.models import NewsPage
from cms_pages.outreach.models import Subscription
from kms.taxonomy.models import Country, Theme
from tests.factories import UserFactory
from tests.factories import cms_pages as pages
from tests.factories.communities import CommunityFactory, MembershipFactory, ThreadFactory

pytestmark = [pytest.mark.both_databases]

PUBLIC = "public, max-age=60, s-maxage=120"


@pytest.fixture(scope="module")
def site(module_db):
    """Home, a news index with two news pages (one about Tunisia, one about Egypt) and a second index to move to."""
    home, _arabic_home = pages.home_pages()
    index = pages.news_index(home)
    tunisia = pages.news_page(
        index, title="Retours à Sfax · العودة إلى صفاقس", slug="sfax", countries=[Country.objects.get(code="TN")]
    )
    egypt = pages.news_page(
        index, title="Le Caire : accueil · استقبال في القاهرة", slug="caire", countries=[Country.objects.get(code="EG")]
    )
    archive = pages.news_index(home, title="Archives · الأرشيف", slug="archives")
    return {"home": home, "index": index, "tunisia": tunisia, "egypt": egypt, "archive": archive}


@pytest.fixture
def news(site, db):
    """The module's pages, read anew (each test's changes are rolled back)."""
    return {name: Page.objects.get(pk=page.pk).specific for name, page in site.items()}


@pytest.fixture
def page_cache(settings):
    """The cache on, as on a real site, and empty."""
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": True}
    caches[settings.PAGE_CACHE["CACHE"]].clear()


def text(response):
    return response.content.decode()


# --- Hits, misses and headers ------------------------------------------------------------------


def test_a_page_is_rendered_once_then_served_from_the_cache(client, news, page_cache):
    url = news["tunisia"].url
    first = client.get(url)
    second = client.get(url)
    assert (first.status_code, first["X-Cache"]) == (200, "miss")
    assert (second.status_code, second["X-Cache"]) == (200, "hit")
    assert second.content == first.content and "Retours à Sfax" in text(second)
    # A CDN may keep it (briefly), separately from what a signed-in reader gets at the same address.
    for response in (first, second):
        assert response["Cache-Control"] == PUBLIC
        assert "Cookie" in response["Vary"]
        assert response["Content-Type"] == "text/html; charset=utf-8"
        assert not response.cookies
    # The headers the outer middleware writes are written afresh for a hit.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"
    assert client.head(url)["X-Cache"] == "hit"


def test_pages_are_cached_per_language_and_per_page(client, news, page_cache):
    home = client.get("/en/")
    arabic = client.get("/ar/")
    index = client.get(news["index"].url)
    assert [r["X-Cache"] for r in (home, arabic, index)] == ["miss", "miss", "miss"]
    assert 'lang="ar"' in text(arabic) and 'lang="en"' in text(home)
    assert [client.get(url)["X-Cache"] for url in ("/en/", "/ar/", news["index"].url)] == ["hit", "hit", "hit"]


def test_filters_in_the_query_string_are_pages_of_their_own(client, news, page_cache):
    url = news["index"].url
    tunisia = client.get(url, {"country": "TN"})
    egypt = client.get(url, {"country": "EG"})
    assert (tunisia["X-Cache"], egypt["X-Cache"]) == ("miss", "miss")
    assert "Retours à Sfax" in text(tunisia) and "Le Caire" not in text(tunisia)
    assert "Le Caire" in text(egypt) and "Retours à Sfax" not in text(egypt)
    # The same filters in another order are the same page.
    assert client.get(f"{url}?page=1&country=TN")["X-Cache"] == "miss"
    again = client.get(f"{url}?country=TN&page=1")
    assert again["X-Cache"] == "hit" and "Le Caire" not in text(again)
    # A parameter that is no filter may change the page (?untranslated=1 adds a notice): rendered, never stored.
    untranslated = client.get(url, {"untranslated": "1"})
    assert untranslated.status_code == 200 and "X-Cache" not in untranslated
    assert "has no version in this language" in text(untranslated)
    assert "has no version in this language" not in text(client.get(url))


def test_only_pages_are_cached_and_other_answers_stay_private(client, news, page_cache):
    search = client.get(reverse("search:search"), {"q": "Sfax"})
    assert search.status_code == 200 and "X-Cache" not in search
    assert search["Cache-Control"] == "private, no-cache"
    missing = client.get("/en/nowhere/")
    assert missing.status_code == 404 and "X-Cache" not in missing
    assert client.get("/en/nowhere/")["Cache-Control"] == "private, no-cache"
    # The language redirect depends on the reader's browser: private.
    redirect = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert redirect.status_code == 302 and redirect["Cache-Control"] == "private, no-cache"


# --- Invalidation ----------------------------------------------------------------------------


def cached(client, *urls):
    """Each URL fetched until the cache holds it; the pages as the cache has them."""
    for url in urls:
        client.get(url)
    responses = [client.get(url) for url in urls]
    assert [r["X-Cache"] for r in responses] == ["hit"] * len(urls)
    return responses


def test_publishing_a_page_drops_it_and_the_listings_that_show_it(client, news, page_cache, committed):
    page = news["tunisia"]
    cached(client, page.url, news["index"].url, "/en/")
    page.title = "Sfax : deux ans après · صفاقس بعد عامين"
    committed(lambda: page.save_revision().publish())
    item, listing = client.get(page.url), client.get(news["index"].url)
    assert (item["X-Cache"], listing["X-Cache"]) == ("miss", "miss")
    assert "Sfax : deux ans après" in text(item) and "Sfax : deux ans après" in text(listing)
    assert "Retours à Sfax" not in text(listing)


def test_a_new_page_appears_in_its_listing(client, news, page_cache, committed):
    (listing,) = cached(client, news["index"].url)
    assert "Tozeur" not in text(listing)
    committed(lambda: pages.news_page(news["index"], title="Tozeur : un atelier · ورشة في توزر", slug="tozeur"))
    listing = client.get(news["index"].url)
    assert listing["X-Cache"] == "miss" and "Tozeur : un atelier" in text(listing)


def test_unpublishing_a_page_drops_it_and_its_listing(client, news, page_cache, committed):
    page = news["egypt"]
    cached(client, page.url, news["index"].url)
    committed(page.unpublish)
    assert client.get(page.url).status_code == 404
    listing = client.get(news["index"].url)
    assert listing["X-Cache"] == "miss" and "Le Caire" not in text(listing)


def test_moving_a_page_drops_the_old_address_and_both_listings(client, news, page_cache, committed):
    page, archive = news["tunisia"], news["archive"]
    old_url = page.url
    cached(client, old_url, news["index"].url, archive.url)
    committed(lambda: page.move(archive, pos="last-child"))
    new_url = NewsPage.objects.get(pk=page.pk).url
    old = client.get(old_url)
    assert (old.status_code, old["Location"]) == (301, new_url)  # Wagtail's redirect from the old address
    assert "Retours à Sfax" not in text(client.get(news["index"].url))
    assert "Retours à Sfax" in text(client.get(archive.url))
    moved = client.get(new_url)
    assert moved.status_code == 200 and moved["X-Cache"] == "miss"


def test_deleting_a_page_drops_it_and_its_listing(client, news, page_cache, committed):
    page = news["egypt"]
    url = page.url
    cached(client, url, news["index"].url)
    committed(page.delete)
    assert client.get(url).status_code == 404
    assert "Le Caire" not in text(client.get(news["index"].url))


def test_a_translation_drops_the_pages_that_link_to_their_other_languages(client, news, page_cache, committed):
    page = news["tunisia"]
    (english,) = cached(client, page.url)
    assert 'rel="alternate" hreflang="ar"' not in text(english)
    # A draft translation changes nothing public yet, but the cache cannot tell: the pages are rendered again.
    arabic = committed(
        lambda: page.copy_for_translation(Locale.objects.get(language_code="ar"), copy_parents=True).specific
    )
    assert client.get(page.url)["X-Cache"] == "miss"
    cached(client, page.url)
    arabic.title = "العودة إلى صفاقس"
    committed(lambda: arabic.save_revision().publish())
    english = client.get(page.url)
    assert english["X-Cache"] == "miss" and 'rel="alternate" hreflang="ar"' in text(english)


def test_what_pages_show_beside_pages_drops_them_too(client, news, page_cache, committed):
    """The taxonomy labels the news filters; making a page private takes it out of public view."""
    cached(client, news["index"].url, news["tunisia"].url)
    theme = Theme.objects.order_by("pk").first()
    theme.name_en = "Cohésion sociale · التماسك الاجتماعي"
    committed(theme.save)
    listing = client.get(news["index"].url)
    assert listing["X-Cache"] == "miss" and "Cohésion sociale · التماسك الاجتماعي" in text(listing)
    cached(client, news["tunisia"].url)
    committed(lambda: pages.make_private(news["tunisia"]))
    private = client.get(news["tunisia"].url)
    assert "X-Cache" not in private and 'name="password"' in text(private)


def test_what_readers_write_leaves_the_cache_alone(client, news, page_cache, committed):
    """A newsletter signup (or any other row no public page shows) keeps the pages cached."""
    cached(client, news["tunisia"].url)
    committed(lambda: Subscription.objects.create(email="lectrice@example.org", language="fr"))
    assert client.get(news["tunisia"].url)["X-Cache"] == "hit"


def test_a_change_rolled_back_drops_nothing(client, news, page_cache, committed):
    from django.db import transaction

    cached(client, news["tunisia"].url)

    def change_then_undo():
        with pytest.raises(RuntimeError), transaction.atomic():
            Theme.objects.order_by("pk").first().save()
            raise RuntimeError

    committed(change_then_undo)
    assert client.get(news["tunisia"].url)["X-Cache"] == "hit"
    # The rolled-back callback is gone; the next change registers its own.
    committed(lambda: Theme.objects.order_by("pk").first().save())
    assert client.get(news["tunisia"].url)["X-Cache"] == "miss"


# --- Signed-in members, sessions, messages and forms ----------------------------------------------------------


def test_a_signed_in_readers_page_is_never_stored_nor_served_from_the_cache(client, news, page_cache):
    url = news["tunisia"].url
    (anonymous,) = cached(client, url)
    assert "Sign out" not in text(anonymous)
    client.force_login(UserFactory())
    for _ in range(2):
        member = client.get(url)
        assert member.status_code == 200 and "X-Cache" not in member
        assert "Sign out" in text(member) and 'name="csrfmiddlewaretoken"' in text(member)
        assert member["Cache-Control"] == "private, no-store"
    client.logout()
    client.cookies.clear()
    # The member's copy was never stored: an anonymous reader still gets the anonymous page.
    after = client.get(url)
    assert after["X-Cache"] == "hit" and "Sign out" not in text(after)


def test_members_only_community_pages_are_never_cached(client, news, page_cache):
    community = CommunityFactory(visibility="members_only", join_policy="on_request")
    thread = ThreadFactory(community=community, title="Orientation confidentielle · إحالة سرية")
    member = MembershipFactory(community=community).user
    url = f"/en/communities/{community.slug}/discussions/{thread.pk}/"
    client.force_login(member)
    seen = client.get(url)
    assert seen.status_code == 200 and "Orientation confidentielle" in text(seen)
    assert "X-Cache" not in seen and seen["Cache-Control"] == "private, no-store"
    client.logout()
    client.cookies.clear()
    stranger = client.get(url)
    assert stranger.status_code in (302, 403, 404) and "Orientation confidentielle" not in text(stranger)
    assert "X-Cache" not in stranger and stranger["Cache-Control"] == "private, no-cache"


def test_a_shared_page_carries_no_csrf_token_and_its_form_checks_the_origin(client, news, page_cache):
    (page,) = cached(client, news["tunisia"].url)
    assert 'name="csrfmiddlewaretoken"' not in text(page) and 'action="/en/newsletter/"' in text(page)
    signup = reverse("outreach:signup")
    from_elsewhere = client.post(signup, {"email": "a@example.org"}, HTTP_ORIGIN="https://elsewhere.example")
    cross_site = client.post(signup, {"email": "a@example.org"}, HTTP_SEC_FETCH_SITE="cross-site")
    assert (from_elsewhere.status_code, cross_site.status_code) == (403, 403)
    assert not Subscription.objects.exists() and not mail.outbox
    from_the_page = client.post(
        signup, {"email": "a@example.org"}, HTTP_ORIGIN="http://testserver", HTTP_SEC_FETCH_SITE="same-origin"
    )
    assert from_the_page.status_code == 302 and Subscription.objects.filter(email="a@example.org").exists()


def test_a_page_with_a_csrf_token_is_never_stored(client, news, page_cache):
    """A password-protected page asks for its password in a form with a token: its cookie keeps it unshared."""
    pages.make_private(news["egypt"])
    form = client.get(news["egypt"].url)
    assert form.status_code == 200 and 'name="csrfmiddlewaretoken"' in text(form)
    assert "X-Cache" not in form and "private" in form["Cache-Control"]
    assert "X-Cache" not in client.get(news["egypt"].url)


def test_a_waiting_message_is_shown_and_not_stored(client, news, page_cache):
    url = news["tunisia"].url
    cached(client, url)
    client.force_login(UserFactory())
    signed_out = client.post(reverse("account_logout"))
    assert signed_out.status_code == 302 and "messages" in client.cookies
    with_message = client.get(url)
    assert "X-Cache" not in with_message and "You have signed out." in text(with_message)
    assert with_message["Cache-Control"] == "private, no-cache"
    assert re.search(r'class="messages"', text(with_message))
    after = client.get(url)
    assert after["X-Cache"] == "hit" and "You have signed out." not in text(after)
