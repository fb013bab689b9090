"""The communities' demo covers the lesson lifecycle, and every member-facing page renders for its partners."""

import pytest

from communities.models import Attachment, Community, Event, Lesson, Reply, Thread
from kms.demo.loader import read
from tests.services import snapshots

# The demo, loaded through the command once per worker (tests/services/snapshots.py), so committed.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def whole_demo():
    """Every app's demo: lessons refer to the public site's documents and to research."""
    snapshots.load_demo()


def counts():
    return [model.objects.count() for model in (Community, Lesson, Thread, Reply, Event)]


def test_demo_covers_the_lifecycle(whole_demo):
    assert counts() == [3, 12, 3, 4, 2]
    assert set(Lesson.objects.values_list("state", flat=True)) == set(Lesson.State.values)
    assert set(Lesson.objects.values_list("language", flat=True)) == {"en", "fr", "ar", "nl"}
    assert Community.objects.filter(visibility="members_only").count() == 1


def test_partner_logs_in_and_every_page_renders_in_each_language(client, whole_demo):
    demo = read("communities")
    email = demo["partners"][0]["email"]
    assert client.post("/en/accounts/login/", {"login": email, "password": demo["password"]}).status_code == 302
    for language in ("en", "fr", "ar", "nl"):
        for url in page_urls(language, email):
            assert client.get(url).status_code == 200, url
    # The demo's evidence PDFs: the public one for anyone, the members-only one for members.
    public_file, private_file = (
        Attachment.objects.get(lesson__community__visibility=visibility) for visibility in ("public", "members_only")
    )
    assert client.get(private_file.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(public_file.get_absolute_url()).status_code == 200
    assert client.get(private_file.get_absolute_url()).status_code == 302  # to the sign-in page


def page_urls(language, email):
    urls = [f"/{language}/communities/", f"/{language}/communities/queue/"]
    for community in Community.objects.all():
        base = f"/{language}/communities/{community.slug}/"
        urls += [base, base + "members/", base + "lessons/", base + "events.ics"]
    for lesson in Lesson.objects.filter(author__email=email):
        urls.append(f"/{language}/communities/{lesson.community.slug}/lessons/{lesson.pk}/")
    for thread in Thread.objects.all():
        urls.append(f"/{language}/communities/{thread.community.slug}/discussions/{thread.pk}/")
    for event in Event.objects.all():
        urls.append(f"/{language}/communities/{event.community.slug}/events/{event.pk}/")
    return urls
