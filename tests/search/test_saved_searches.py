"""Saved searches: saving from the search page, the list, the private feed, digests and unsubscribing."""

import datetime
import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from search.engine import get_engine
from search.engines.base import EngineUnavailable
from search.models import SavedSearch
from search.records import STAFF, Record
from search.saved import send_saved_search_digests
from search.tasks import send_saved_search_digests as digest_task
from tests.factories import UserFactory

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]

LONG_AGO = datetime.date(2020, 3, 1)


def index(*records):
    get_engine().index(records)


def record(pk, title, date=None, kind="document", audiences=("public",), language="en", summary=""):
    return Record(
        id=f"document:{pk}",
        kind=kind,
        url=f"/{language}/library/{pk}/",
        title=title,
        language=language,
        summary=summary or f"{title}: retours & réintégration à Conakry.",
        date=date or timezone.localdate(),
        audiences=audiences,
    )


def save(client, language="en", frequency="daily", **params):
    return client.post(f"/{language}/search/save/", {"frequency": frequency, **params})


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


def feed_items(client, saved):
    response = client.get(f"/search/feed/{saved.feed_token}.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return channel, channel.findall("item")


def run_digest(frequency="daily", **kwargs):
    return send_saved_search_digests(frequency, **kwargs)


# --- Saving and managing -------------------------------------------------------------------


def test_search_page_offers_the_save_form_with_the_current_parameters(client, member):
    index(record(1, "Returnees in Conakry"))
    response = client.get("/en/search/", {"q": "Conakry", "kind": "document", "page": "1"})
    html = response.content.decode()
    assert 'action="/en/search/save/"' in html
    assert '<input type="hidden" name="kind" value="document">' in html
    assert '<input type="hidden" name="page"' not in html  # a saved search is not a page of results


def test_saving_stores_normalised_parameters_and_goes_back_to_the_results(client, member):
    response = save(client, q="  Conakry   returnees ", kind=["publication", "document"], page="3", page_size="5")
    saved = SavedSearch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == "/en/search/?q=Conakry+returnees&kind=document&kind=publication"
    assert saved.user == member
    assert saved.query == "q=Conakry+returnees&kind=document&kind=publication"
    assert saved.name == "Conakry returnees"
    assert (saved.language, saved.frequency, saved.active) == ("en", "daily", True)
    assert len(saved.feed_token) >= 40
    assert "Search saved" in client.get(response["Location"]).content.decode()


def test_saving_without_words_is_named_all_documents_and_saving_twice_keeps_one_row(client, member):
    save(client, kind="news", frequency="daily")
    save(client, kind="news", frequency="weekly", name="Toutes les actualités")
    saved = SavedSearch.objects.get()
    assert (saved.name, saved.frequency) == ("Toutes les actualités", "weekly")
    SavedSearch.objects.all().delete()
    save(client, kind="news")
    assert SavedSearch.objects.get().name == "All documents"


def test_bad_parameters_or_frequency_are_refused_with_a_message(client, member):
    response = save(client, q="Conakry", year="last year")
    assert response.status_code == 302
    assert "year must be a four-digit year" in client.get(response["Location"]).content.decode()
    response = save(client, q="Conakry", frequency="hourly")
    assert "daily or weekly" in client.get(response["Location"]).content.decode()
    assert not SavedSearch.objects.exists()


def test_anonymous_readers_are_sent_to_sign_in(client):
    response = save(client, q="Conakry")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=/en/search/%3Fq%3DConakry")
    assert not SavedSearch.objects.exists()
    assert client.get("/en/search/saved/").status_code == 302


def test_list_shows_each_saved_search_with_run_link_and_feed(client, member, django_assert_num_queries):
    save(client, q="Conakry", kind="document")
    saved = SavedSearch.objects.get()
    html = client.get("/en/search/saved/").content.decode()
    assert "Conakry" in html
    assert 'href="/en/search/?q=Conakry&amp;kind=document"' in html
    assert f"http://testserver/search/feed/{saved.feed_token}.xml" in html
    # The page costs the same number of queries for one saved search or many.
    client.get("/en/search/saved/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get("/en/search/saved/")
    for words in ("réintégration", "عائدون", "terugkeer"):
        save(client, q=words)
    with CaptureQueriesContext(connection) as four:
        assert client.get("/en/search/saved/").content.decode().count('class="saved-search"') == 4
    assert len(four) == len(one)


def test_owner_changes_frequency_pauses_resets_feed_and_deletes(client, member):
    save(client, q="Conakry")
    saved = SavedSearch.objects.get()
    client.post(f"/en/search/saved/{saved.pk}/", {"name": "Conakry (hebdo)", "frequency": "weekly"})
    client.post(f"/en/search/saved/{saved.pk}/emails/", {"active": "0"})
    old_token = saved.feed_token
    client.post(f"/en/search/saved/{saved.pk}/feed/")
    saved.refresh_from_db()
    assert (saved.name, saved.frequency, saved.active) == ("Conakry (hebdo)", "weekly", False)
    assert saved.feed_token != old_token
    assert client.get(f"/search/feed/{old_token}.xml").status_code == 404
    client.post(f"/en/search/saved/{saved.pk}/delete/")
    assert not SavedSearch.objects.exists()


def test_nobody_else_can_change_or_delete_a_saved_search(client, member):
    save(client, q="Conakry")
    saved = SavedSearch.objects.get()
    client.force_login(UserFactory())
    assert client.post(f"/en/search/saved/{saved.pk}/delete/").status_code == 404
    assert client.post(f"/en/search/saved/{saved.pk}/", {"name": "x", "frequency": "weekly"}).status_code == 404
    assert "Conakry" not in client.get("/en/search/saved/").content.decode()
    assert SavedSearch.objects.filter(pk=saved.pk, name="Conakry").exists()


# --- The private feed ------------------------------------------------------------------------


def test_feed_is_valid_rss_with_the_newest_matches(client, member):
    today = timezone.localdate()
    index(
        record(1, "Returnees in Conakry", date=LONG_AGO),
        record(2, "Conakry: réintégration & cohésion", date=today),
        record(3, "Nothing about that city", summary="Rabat only."),
    )
    save(client, q="Conakry")
    channel, items = feed_items(Client(), SavedSearch.objects.get())  # a feed reader has no session
    assert channel.findtext("title") == "kms: Conakry"
    assert channel.findtext("language") == "en"
    assert [item.findtext("title") for item in items] == ["Conakry: réintégration & cohésion", "Returnees in Conakry"]
    first = items[0]
    assert first.findtext("link") == "http://testserver/en/library/2/"
    assert first.findtext("guid") == "document:2"
    assert first.find("guid").get("isPermaLink") == "false"
    assert first.findtext("pubDate").endswith(today.strftime("%d %b %Y") + " 00:00:00 +0000")
    assert "<mark>" not in first.findtext("description")
    assert "retours & réintégration" in first.findtext("description")


def test_unknown_feed_token_is_not_found(client):
    assert client.get("/search/feed/not-a-real-token.xml").status_code == 404


def test_staff_records_never_reach_the_feed_of_someone_without_that_audience(client, member):
    index(record(1, "Conakry public note"), record(2, "Conakry internal report", audiences=(STAFF,)))
    save(client, q="Conakry")
    _channel, items = feed_items(client, SavedSearch.objects.get())
    assert [item.findtext("title") for item in items] == ["Conakry public note"]


def test_a_revoked_role_stops_the_feed_at_once(client):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    index(record(1, "Conakry internal report", audiences=(STAFF,)))
    save(client, q="Conakry")
    saved = SavedSearch.objects.get()
    assert len(feed_items(client, saved)[1]) == 1
    staff.is_staff = False
    staff.save()
    assert feed_items(client, saved)[1] == []
    staff.is_active = False
    staff.save()
    assert client.get(f"/search/feed/{saved.feed_token}.xml").status_code == 404


# --- Digests ---------------------------------------------------------------------------------


def test_digest_sends_only_new_matches_once(client, member):
    index(record(1, "Conakry archive", date=LONG_AGO), record(2, "Conakry already there today"))
    save(client, q="Conakry")
    index(record(3, "Conakry new guidance"))
    summary = run_digest()
    assert (summary.emails, summary.matches) == (1, 1)
    (message,) = mail.outbox
    assert message.to == [member.email]
    assert "Conakry new guidance" in message.body
    # Old and already-matching items are not news.
    assert "Conakry archive" not in message.body and "already there today" not in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "http://testserver/en/library/3/" in html
    # Immediately again: not due. A day later: due, but nothing new, so nothing is sent.
    assert run_digest().checked == 0
    later = timezone.now() + datetime.timedelta(days=1)
    assert run_digest(now=later).checked == 1
    assert len(mail.outbox) == 1
    index(record(4, "Conakry field visit"))
    run_digest(now=later + datetime.timedelta(days=1))
    assert len(mail.outbox) == 2
    assert "Conakry field visit" in mail.outbox[1].body and "new guidance" not in mail.outbox[1].body
    saved = SavedSearch.objects.get()
    assert saved.last_sent_at is not None and "document:4" in saved.seen_ids


def test_one_email_per_person_for_all_their_saved_searches(client, member):
    save(client, q="Conakry")
    save(client, q="Rabat")
    save(client, q="Conakry", frequency="weekly", kind="news")  # not due in a daily run
    index(
        record(1, "Conakry update"), record(2, "Rabat update", summary="Rabat."), record(3, "Conakry news", kind="news")
    )
    assert run_digest().emails == 1
    (message,) = mail.outbox
    assert "Conakry update" in message.body and "Rabat update" in message.body
    assert message.body.count("/en/search/unsubscribe/") == 3  # one per saved search, one for all
    assert run_digest("weekly").emails == 1


def test_digest_is_in_the_language_the_search_was_saved_in(client, member):
    save(client, language="fr", q="Conakry")
    index(record(1, "Leçon de Conakry", kind="lesson", language="fr"))
    run_digest()
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert "Leçon apprise" in message.body  # the kind label, in French
    assert '<html lang="fr" dir="ltr">' in html
    assert "/fr/search/unsubscribe/" in message.body and "/fr/search/?q=Conakry" in message.body


def test_digest_in_arabic_reads_right_to_left(client, member):
    save(client, language="ar", q="Conakry")
    index(record(1, "Conakry"))
    run_digest()
    assert '<html lang="ar" dir="rtl">' in mail.outbox[0].alternatives[0][0]


def test_no_email_without_a_verified_address(client):
    user = UserFactory(verified=False)
    client.force_login(user)
    save(client, q="Conakry")
    index(record(1, "Conakry update"))
    summary = run_digest()
    assert (summary.emails, summary.no_email) == (0, 1)
    assert mail.outbox == []


def test_the_task_runs_the_digest(client, member):
    save(client, q="Conakry")
    index(record(1, "Conakry update"))
    result = digest_task.enqueue("daily")
    assert result.return_value["emails"] == 1
    assert len(mail.outbox) == 1


# --- Unsubscribing ---------------------------------------------------------------------------


@pytest.fixture
def digest(client, member):
    save(client, q="Conakry")
    save(client, q="Rabat")
    index(record(1, "Conakry update"), record(2, "Rabat update", summary="Rabat."))
    run_digest()
    (message,) = mail.outbox
    return message


def _link_after(text, label):
    return next(line.split(label, 1)[1].strip() for line in text.splitlines() if label in line)


def test_unsubscribe_link_asks_then_stops_one_search_without_signing_in(digest):
    url = _link_after(digest.body, "Stop emails for this search:").removeprefix("http://testserver")
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(url)
    assert page.status_code == 200 and "Unsubscribe" in page.content.decode()
    assert SavedSearch.objects.filter(active=True).count() == 2  # a link scanner's GET changes nothing
    done = reader.post(url)
    assert done.status_code == 200 and "no more emails" in done.content.decode()
    (stopped,) = SavedSearch.objects.filter(active=False)
    assert stopped.name in done.content.decode()
    assert SavedSearch.objects.filter(active=True).count() == 1


def test_list_unsubscribe_one_click_post_stops_every_digest(digest):
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = digest.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")
    response = Client(enforce_csrf_checks=True).post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not SavedSearch.objects.filter(active=True).exists()
    index(record(3, "Conakry again"))
    assert run_digest(now=timezone.now() + datetime.timedelta(days=2)).checked == 0


def test_tampered_unsubscribe_token_fails_clearly(digest):
    url = _link_after(digest.body, "Stop emails for this search:").removeprefix("http://testserver")
    tampered = url.replace("/unsubscribe/", "/unsubscribe/x")
    response = Client().post(tampered)
    assert response.status_code == 400
    assert "damaged or incomplete" in response.content.decode()
    assert SavedSearch.objects.filter(active=True).count() == 2


# --- The command ----------------------------------------------------------------------------


def test_command_dry_run_sends_and_changes_nothing(client, member):
    save(client, q="Conakry")
    index(record(1, "Conakry update"))
    out = StringIO()
    call_command("send_saved_searches", "--frequency", "daily", "--dry-run", stdout=out)
    assert "Would send 1 daily digest email(s) with 1 new match(es)" in out.getvalue()
    assert mail.outbox == []
    assert SavedSearch.objects.get().checked_at is None
    call_command("send_saved_searches", "--frequency", "daily", stdout=out)
    assert "Sent 1 daily digest email(s)" in out.getvalue()
    assert len(mail.outbox) == 1


def test_command_fails_loudly_when_the_engine_is_down(client, member, monkeypatch):
    save(client, q="Conakry")

    def unavailable(query):
        raise EngineUnavailable("the search engine is down")

    monkeypatch.setattr(get_engine(), "search", unavailable)
    with pytest.raises(CommandError, match="1 saved search"):
        call_command("send_saved_searches", "--frequency", "daily", stdout=StringIO())
    assert SavedSearch.objects.get().checked_at is None  # the next run tries again
