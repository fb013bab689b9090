"""Writing that works: Markdown posts shown as the preview showed them, @mentions that reach members,
and following a discussion.

One community is built for the module (see tests/conftest.py `module_db`); each test's changes are
rolled back. People are named so that mentions can find them: two members share a name on purpose.
"""

import importlib
import uuid
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from communities.models import Follow, Lesson, Membership, Reply, Thread
from communities.notifications.models import Notification
from communities.notifications.rendering import render as render_notification
from communities.writing import render
from tests.factories import UserFactory
from tests.factories.communities import CommunityFactory, MembershipFactory, ReplyFactory, ThreadFactory

pytestmark = [pytest.mark.both_databases]

migration = importlib.import_module("communities.migrations.0007_markdown_sources_and_follows")


def person(community, name, **membership):
    user = UserFactory()
    user.profile.display_name = name
    user.profile.save()
    if community is not None:
        MembershipFactory(community=community, user=user, **membership)
    return user


@pytest.fixture(scope="module")
def people(module_db):
    community = CommunityFactory(slug="ecrire", visibility="members_only", join_policy="on_request")
    other = CommunityFactory(slug="ailleurs")
    found = {
        "community": community,
        "other": other,
        "author": person(community, "Amina Ben Salah"),
        "mona": person(community, "منى الشريف"),
        "sara": person(community, "Sara de Vries"),
        "sara2": person(community, "Sara de Vries"),
        "youssef": person(community, "Youssef"),
        "left": person(community, "Karim Left", state=Membership.State.LEFT),
        "outsider": person(other, "Olivier Outsider"),
    }
    return found


@pytest.fixture
def world(people, db):
    return people


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def start_thread(client, community, body, title="Orientation — إحالة"):
    return client.post(
        reverse("communities:thread_create", kwargs={"slug": community.slug}),
        {"title": title, "body": body, "submit_token": str(uuid.uuid4())},
    )


def reply(client, thread, body):
    return client.post(thread.get_absolute_url(), {"body": body, "submit_token": str(uuid.uuid4())})


def kinds(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


# --- Markdown, stored and shown -------------------------------------------------------------------------


def test_a_discussion_written_in_markdown_shows_the_html_the_preview_showed(world):
    client = signed_in(world["author"])
    typed = "Nos **priorités** :\n\n- santé mentale\n- emploi\n\n### Suite\nVoir [le guide](https://e.org/g)"
    preview = client.post(
        reverse("communities:preview", kwargs={"slug": "ecrire"}), {"text": typed}, HTTP_ACCEPT="application/json"
    )
    assert preview.status_code == 200
    response = start_thread(client, world["community"], typed)
    assert response.status_code == 302
    thread = Thread.objects.get(community=world["community"])
    assert thread.body == preview.json()["html"]
    assert "<strong>priorités</strong>" in thread.body and "<li>emploi</li>" in thread.body
    assert thread.sources == {"body": typed}
    page = client.get(thread.get_absolute_url()).content.decode()
    assert preview.json()["html"] in page
    # Editing starts again from what was typed, not from the HTML.
    edit = client.get(reverse("communities:thread_edit", kwargs={"slug": "ecrire", "pk": thread.pk})).content.decode()
    assert "Nos **priorités** :" in edit


def test_a_post_stored_before_markdown_is_shown_unchanged_and_edited_from_its_html(world):
    stored = "<p>Les <strong>rapatriés</strong> · العائدون</p><ul><li>un</li></ul>"
    thread = ThreadFactory(community=world["community"], author=world["author"], body=stored)
    client = signed_in(world["author"])
    assert stored in client.get(thread.get_absolute_url()).content.decode()
    edit = client.get(reverse("communities:thread_edit", kwargs={"slug": "ecrire", "pk": thread.pk})).content.decode()
    assert "&lt;strong&gt;rapatriés&lt;/strong&gt;" in edit  # in the box, as text
    response = client.post(
        reverse("communities:thread_edit", kwargs={"slug": "ecrire", "pk": thread.pk}), {"title": "", "body": stored}
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.body == stored


def test_the_preview_button_without_script_keeps_the_text_and_saves_nothing(world):
    client = signed_in(world["author"])
    typed = "Un texte **à relire** — نص"
    response = client.post(
        reverse("communities:thread_create", kwargs={"slug": "ecrire"}),
        {"title": "Brouillon", "body": typed, "preview": ""},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<strong>à relire</strong>" in page  # the preview
    assert "Un texte **à relire** — نص</textarea>" in page  # the text, kept in its box
    assert not Thread.objects.filter(community=world["community"]).exists()


def test_the_lesson_form_previews_each_section_and_saves_the_markdown(world):
    client = signed_in(world["author"])
    url = reverse("communities:lesson_create", kwargs={"slug": "ecrire"})
    data = {"title": "Leçon", "context": "Le **contexte**", "recommendations": "- une\n- deux", "language": "fr"}
    page = client.post(url, {**data, "preview": ""}).content.decode()
    assert "Le <strong>contexte</strong>" in page and "<li>deux</li>" in page
    assert client.post(url, {**data, "save": "", "submit_token": str(uuid.uuid4())}).status_code == 302
    lesson = Lesson.objects.get(community=world["community"])
    assert lesson.context == "<p>Le <strong>contexte</strong></p>"
    assert lesson.sources == {"context": "Le **contexte**", "recommendations": "- une\n- deux"}
    edit = client.get(reverse("communities:lesson_edit", kwargs={"slug": "ecrire", "pk": lesson.pk}))
    assert "Le **contexte**</textarea>" in edit.content.decode()


def test_the_text_box_is_ready_for_the_toolbar_and_for_right_to_left(world):
    page = signed_in(world["author"]).get("/ar/communities/ecrire/discussions/new/").content.decode()
    assert 'data-markdown=""' in page and 'dir="auto"' in page
    assert 'data-preview-url="/ar/communities/ecrire/writing/preview/"' in page
    assert 'class="writing-toolbar" role="toolbar"' in page and "communities/writing.js" in page
    assert 'name="preview"' in page


# --- The preview endpoint ------------------------------------------------------------------------------


def test_the_preview_is_for_members_by_post_with_the_csrf_token(world):
    url = reverse("communities:preview", kwargs={"slug": "ecrire"})
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world["author"])
    assert strict.post(url, {"text": "x"}).status_code == 403  # no token
    strict.get(reverse("communities:thread_create", kwargs={"slug": "ecrire"}))
    token = strict.cookies["csrftoken"].value
    answer = strict.post(url, {"text": "**ok** <script>x</script>", "csrfmiddlewaretoken": token})
    assert answer.status_code == 200 and answer.json() == {"html": render("**ok** <script>x</script>")}
    assert answer.json()["html"].startswith("<p><strong>ok</strong>") and "x" not in answer.json()["html"]
    assert signed_in(world["author"]).get(url).status_code == 405
    assert signed_in(world["outsider"]).post(url, {"text": "x"}).status_code in (403, 404)
    assert signed_in(world["left"]).post(url, {"text": "x"}).status_code in (403, 404)
    assert Client().post(url, {"text": "x"}).status_code == 302  # to sign in


def test_the_preview_refuses_an_oversize_text_and_says_the_limit(world):
    answer = signed_in(world["author"]).post(
        reverse("communities:preview", kwargs={"slug": "ecrire"}), {"text": "ا" * 20_001}
    )
    assert answer.status_code == 400 and "20000" in answer.json()["error"].replace(",", "").replace("\u202f", "")


# --- Mentions ------------------------------------------------------------------------------------------


def test_the_autocomplete_offers_members_by_name_never_by_address(world):
    client = signed_in(world["author"])
    url = reverse("communities:mentions", kwargs={"slug": "ecrire"})
    names = lambda q: [m["name"] for m in client.get(url, {"q": q}).json()["members"]]  # noqa: E731
    assert names("منى") == ["منى الشريف"]
    assert names("you") == ["Youssef"]
    assert names("Olivier") == []  # a member of another community
    assert names("Karim") == []  # no longer a member
    assert names(world["mona"].email.split("@")[0]) == []  # addresses are not searched
    assert names("example.org") == []
    body = client.get(url, {"q": "Sara"}).content.decode()
    assert "@" not in body.replace("@[", "")  # no address anywhere in the answer
    inserts = sorted(m["insert"] for m in client.get(url, {"q": "Sara"}).json()["members"])
    # Two members share a name: each is inserted with their number.
    assert inserts == sorted(f"@[Sara de Vries #{world[k].pk}]" for k in ("sara", "sara2"))
    assert signed_in(world["outsider"]).get(url, {"q": "Sara"}).status_code in (403, 404)


def test_a_mention_links_the_member_and_tells_them_once(world):
    client = signed_in(world["author"])
    start_thread(client, world["community"], "Merci @[منى الشريف] et @Youssef, et @[Olivier Outsider].")
    thread = Thread.objects.get(community=world["community"])
    mona, youssef = world["mona"], world["youssef"]
    assert f'href="/communities/ecrire/members/{mona.pk}/"' in thread.body
    assert f'data-member="{youssef.pk}"' in thread.body and "@Youssef</a>" in thread.body
    assert "@[Olivier Outsider]" in thread.body  # not a member here: plain text, no link
    assert kinds(mona) == ["mentioned"] and kinds(youssef) == ["mentioned"]
    assert kinds(world["outsider"]) == []
    # Saving again, even with one more mention, tells nobody twice.
    client.post(
        reverse("communities:thread_edit", kwargs={"slug": "ecrire", "pk": thread.pk}),
        {"title": "", "body": f"Merci @[منى الشريف], @Youssef et @[Sara de Vries #{world['sara'].pk}]."},
    )
    assert kinds(mona) == ["mentioned"] and kinds(youssef) == ["mentioned"]
    assert kinds(world["sara"]) == ["mentioned"] and kinds(world["sara2"]) == []
    # The link leads to the member's page in the reader's language.
    assert client.get(f"/communities/ecrire/members/{mona.pk}/", HTTP_ACCEPT_LANGUAGE="fr").url.startswith(
        "/fr/communities/ecrire/members/"
    )


def test_the_notification_says_who_mentioned_whom_where_in_the_readers_language(world):
    client = signed_in(world["author"])
    start_thread(client, world["community"], "@Youssef, qu'en penses-tu ?", title="Orientation des rapatriés")
    notification = Notification.objects.get(recipient=world["youssef"], kind="mentioned")
    english = render_notification(notification, "en")
    assert english.subject == "Amina Ben Salah mentioned you in “Orientation des rapatriés”"
    assert english.url == Thread.objects.get(community=world["community"]).get_absolute_url()
    arabic = render_notification(notification, "ar")
    assert "أشار إليك" in arabic.subject and "Orientation des rapatriés" in arabic.subject


def test_a_draft_lesson_tells_those_it_mentions_when_they_can_read_it(world):
    from communities import moderation

    facilitator = person(world["community"], "Fatma Facilitatrice", role=Membership.Role.FACILITATOR)
    client = signed_in(world["author"])
    url = reverse("communities:lesson_create", kwargs={"slug": "ecrire"})
    context = "Avec @Youssef et @[Fatma Facilitatrice]"
    data = {"title": "Leçon", "context": context, "language": "fr", "submit_token": str(uuid.uuid4())}
    client.post(url, {**data, "save": ""})
    lesson = Lesson.objects.get(community=world["community"])
    assert kinds(world["youssef"]) == [] and kinds(facilitator) == []  # a draft is its author's alone
    moderation.apply(world["author"], lesson, "submit")
    assert kinds(facilitator) == ["mentioned", "review_requested"]  # she reviews it, so she may read it
    assert kinds(world["youssef"]) == []
    moderation.apply(facilitator, lesson, "publish")
    assert kinds(world["youssef"]) == ["mentioned", "new_lesson"]
    assert kinds(facilitator) == ["mentioned", "review_requested"]  # not told twice (nor of what she published)
    notification = Notification.objects.get(recipient=world["youssef"], kind="mentioned")
    assert render_notification(notification, "en").subject == "Amina Ben Salah mentioned you in the lesson “Leçon”"


# --- Following a discussion ----------------------------------------------------------------------------


def test_followers_hear_of_replies_and_can_stop(world):
    author, mona, youssef = world["author"], world["mona"], world["youssef"]
    start_thread(signed_in(author), world["community"], "Une question")
    thread = Thread.objects.get(community=world["community"])
    assert Follow.objects.filter(thread=thread, user=author, following=True).exists()  # the starter follows
    # Youssef follows with the button (a plain form), then Mona replies: both others hear of it.
    youssef_client = signed_in(youssef)
    page = youssef_client.get(thread.get_absolute_url()).content.decode()
    assert "Follow this discussion" in page
    follow_url = reverse("communities:thread_follow", kwargs={"slug": "ecrire", "pk": thread.pk})
    assert youssef_client.get(follow_url).status_code == 405
    assert youssef_client.post(follow_url, {"following": "1"}).status_code == 302
    assert "Unfollow this discussion" in youssef_client.get(thread.get_absolute_url()).content.decode()
    reply(signed_in(mona), thread, "Une réponse")
    assert kinds(author) == ["followed_reply"] and kinds(youssef) == ["followed_reply"]
    assert kinds(mona) == []  # not told of her own reply; she follows now
    assert Follow.objects.filter(thread=thread, user=mona, following=True).exists()
    # Youssef stops following; the author's next reply reaches Mona only.
    youssef_client.post(follow_url, {"following": "0"})
    reply(signed_in(author), thread, "Merci")
    assert kinds(youssef) == ["followed_reply"] and kinds(mona) == ["followed_reply"]
    # Replying again does not follow again against his choice.
    reply(youssef_client, thread, "Je reviens")
    assert not Follow.objects.get(thread=thread, user=youssef).following
    assert kinds(author) == ["followed_reply", "followed_reply"]


def test_a_follower_who_left_a_members_only_community_hears_nothing_more(world):
    thread = ThreadFactory(community=world["community"], author=world["author"])
    Follow.objects.create(thread=thread, user=world["left"])
    Follow.objects.create(thread=thread, user=world["outsider"])
    reply(signed_in(world["mona"]), thread, "Réponse")
    assert kinds(world["left"]) == [] and kinds(world["outsider"]) == []
    assert kinds(world["author"]) == ["followed_reply"]
    # Nor can someone who is not a member follow it.
    url = reverse("communities:thread_follow", kwargs={"slug": "ecrire", "pk": thread.pk})
    assert signed_in(world["outsider"]).post(url, {"following": "1"}).status_code in (403, 404)


def test_a_mentioned_follower_is_told_once_and_the_quoted_person_hears_of_it(world):
    author, mona, youssef = world["author"], world["mona"], world["youssef"]
    thread = ThreadFactory(community=world["community"], author=author)
    quoted = ReplyFactory(thread=thread, author=youssef)
    signed_in(mona).post(
        thread.get_absolute_url(),
        {"body": "@[Amina Ben Salah], voir plus haut", "quoted": quoted.pk, "submit_token": str(uuid.uuid4())},
    )
    assert kinds(author) == ["mentioned"]  # the mention, not a second notice of the same reply
    assert kinds(youssef) == ["reply"]  # quoted, not following
    english = render_notification(Notification.objects.get(recipient=author), "en")
    assert english.url == Reply.objects.get(author=mona).get_absolute_url()


def test_the_followed_reply_notice_reads_in_each_language(world):
    thread = ThreadFactory(community=world["community"], author=world["author"], title="Orientation", language="fr")
    reply(signed_in(world["mona"]), thread, "شكراً")
    notification = Notification.objects.get(recipient=world["author"])
    assert render_notification(notification, "en").subject == "New reply in “Orientation”, a discussion you follow"
    assert "نقاش تتابعه" in render_notification(notification, "ar").subject
    assert "discussie die u volgt" in render_notification(notification, "nl").subject


def test_existing_starters_and_repliers_follow_their_discussions_after_the_migration(world):
    thread = ThreadFactory(community=world["community"], author=world["author"])
    ReplyFactory(thread=thread, author=world["mona"])
    ReplyFactory(thread=thread, author=world["mona"])
    Follow.objects.filter(thread=thread).delete()
    migration.follow_existing(apps, None)
    assert set(Follow.objects.filter(thread=thread, following=True).values_list("user", flat=True)) == {
        world["author"].pk,
        world["mona"].pk,
    }


def test_the_followed_discussions_page_lists_what_one_follows_and_may_still_read(world, client):
    community, youssef = world["community"], world["youssef"]
    now = timezone.now()
    older = ThreadFactory(community=community, title="Older", last_activity_at=now - timedelta(days=3))
    newer = ThreadFactory(community=community, title="Newer", last_activity_at=now - timedelta(hours=1))
    dropped = ThreadFactory(community=community, title="Unfollowed before")
    hidden = ThreadFactory(community=community, title="Hidden by a moderator", hidden_at=now)
    ReplyFactory(thread=newer, author=world["mona"])
    ReplyFactory(thread=newer, author=world["mona"], hidden_at=now)  # not counted
    for thread, following in ((older, True), (newer, True), (dropped, False), (hidden, True)):
        Follow.objects.create(thread=thread, user=youssef, following=following)
    Follow.objects.create(thread=older, user=world["left"])  # left the members-only community since

    url = reverse("communities:following")
    youssef_client = signed_in(youssef)
    page = youssef_client.get(url).content.decode()
    assert page.index("Newer") < page.index("Older")  # the latest activity first
    assert "Unfollowed before" not in page and "Hidden by a moderator" not in page
    assert "1 reply" in page
    assert "Older" not in signed_in(world["left"]).get(url).content.decode()
    assert client.get(url)["Location"].startswith(reverse("account_login"))  # signed out: sign in first

    # "Unfollow" on the list comes back to the list, and the discussion is gone from it.
    follow_url = reverse("communities:thread_follow", kwargs={"slug": community.slug, "pk": older.pk})
    response = youssef_client.post(follow_url, {"following": "0", "next": url})
    assert response["Location"] == url
    assert not Follow.objects.get(thread=older, user=youssef).following
    assert "Older" not in youssef_client.get(url).content.decode()
    # A `next` to another site is not followed: back to the discussion.
    response = youssef_client.post(follow_url, {"following": "1", "next": "https://elsewhere.example/"})
    assert response["Location"] == older.get_absolute_url()

    with translation.override("ar"):
        arabic = youssef_client.get(reverse("communities:following")).content.decode()
    assert "النقاشات التي أتابعها" in arabic


def test_a_community_cannot_take_the_address_of_another_page():
    community = CommunityFactory.build(slug="following", name_en="Following")
    with pytest.raises(ValidationError) as refused:
        community.full_clean(exclude=["original_language"])
    assert "slug" in refused.value.message_dict
