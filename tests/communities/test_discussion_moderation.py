"""Flagging and hiding: moderators hide with a reason, nothing is deleted, the record stays for audit."""

import pytest
from django.urls import reverse

from communities.models import Community, Flag, Reply, Thread
from communities.notifications.models import Notification
from communities.notifications.rendering import render
from search import sources
from tests.factories.communities import CommunityFactory, MembershipFactory, ReplyFactory, ThreadFactory

pytestmark = pytest.mark.django_db


def test_member_flags_a_reply_and_it_reaches_the_queue(client, community, member, facilitator):
    reply = ReplyFactory(thread=ThreadFactory(community=community))
    client.force_login(member)
    url = reverse("communities:flag", args=[community.slug, "replies", reply.pk])
    client.post(url, {"reason": "Numéro de téléphone personnel publié."})
    flag = Flag.objects.get()
    assert flag.reply == reply and flag.flagged_by == member
    client.force_login(facilitator)
    assert "Numéro de téléphone personnel publié." in client.get(reverse("communities:queue")).content.decode()


def test_facilitator_hides_a_reply_with_a_reason_and_it_is_kept(
    client, community, member, facilitator, django_capture_on_commit_callbacks
):
    thread = ThreadFactory(community=community)
    reply = ReplyFactory(thread=thread, body="<p>Le numéro privé de Karim : 0021612345678</p>")
    Flag.objects.create(reply=reply, flagged_by=member, reason="Données personnelles")
    client.force_login(facilitator)
    url = reverse("communities:hide", args=[community.slug, "replies", reply.pk])
    assert client.post(url, {"reason": ""}).status_code == 200  # a reason is required
    assert not Reply.objects.get(pk=reply.pk).is_hidden
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "Données personnelles d'un tiers."})
    reply.refresh_from_db()
    assert (
        reply.is_hidden and reply.hidden_by == facilitator and reply.hidden_reason == "Données personnelles d'un tiers."
    )
    assert Reply.objects.filter(pk=reply.pk).exists()
    assert Flag.objects.get().resolved_at is not None
    # Members no longer see it; the facilitator still does, marked, with the reason.
    client.force_login(member)
    assert "0021612345678" not in client.get(thread.get_absolute_url()).content.decode()
    client.force_login(facilitator)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "0021612345678" in page and "Données personnelles d&#x27;un tiers." in page
    assert "0021612345678" not in sources.record_for(f"thread:{thread.pk}").body


def test_hidden_thread_is_gone_for_members_but_kept(client, community, member, moderator):
    thread = ThreadFactory(community=community, title="Sujet à masquer")
    client.force_login(moderator)
    client.post(
        reverse("communities:hide", args=[community.slug, "discussions", thread.pk]), {"reason": "Hors charte."}
    )
    client.force_login(member)
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert "Sujet à masquer" not in client.get(community.get_absolute_url()).content.decode()
    assert Thread.objects.filter(pk=thread.pk, hidden_reason="Hors charte.").exists()
    assert sources.record_for(f"thread:{thread.pk}") is None


def test_members_cannot_hide(client, community, member):
    reply = ReplyFactory(thread=ThreadFactory(community=community))
    client.force_login(member)
    assert (
        client.post(
            reverse("communities:hide", args=[community.slug, "replies", reply.pk]), {"reason": "x"}
        ).status_code
        == 403
    )
    assert not Reply.objects.get(pk=reply.pk).is_hidden


def test_non_members_cannot_flag_members_only_content(client, outsider):
    community = CommunityFactory(visibility=Community.Visibility.MEMBERS_ONLY)
    reply = ReplyFactory(thread=ThreadFactory(community=community))
    client.force_login(outsider)
    response = client.post(reverse("communities:flag", args=[community.slug, "replies", reply.pk]), {"reason": "x"})
    assert response.status_code == 403  # the members-only page, offering to ask to join
    assert not Flag.objects.exists()


def test_thread_page_lists_replies_with_bounded_queries(client, community, member, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    thread = ThreadFactory(community=community)
    ReplyFactory(thread=thread)
    client.force_login(member)
    client.get(thread.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(thread.get_absolute_url())
    for _ in range(8):
        ReplyFactory(thread=thread, author=MembershipFactory(community=community).user)
    with django_assert_max_num_queries(len(few)):
        assert client.get(thread.get_absolute_url()).status_code == 200


def test_facilitators_and_moderators_are_told_of_a_new_flag(
    client, community, member, facilitator, moderator, django_capture_on_commit_callbacks
):
    author = MembershipFactory(community=community, role="facilitator").user
    reply = ReplyFactory(thread=ThreadFactory(community=community, title="Transport vers Sfax"), author=author)
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("communities:flag", args=[community.slug, "replies", reply.pk]),
            {"reason": "Numéro personnel publié — رقم شخصي."},
        )
    told = Notification.objects.filter(kind="post_flagged")
    # Not the person who flagged, nor the author (a facilitator here): the others who decide on flags.
    assert sorted(told.values_list("recipient", flat=True)) == sorted([facilitator.pk, moderator.pk])
    notice = render(told.get(recipient=facilitator), "en")
    assert "Transport vers Sfax" in notice.subject and "رقم شخصي" in notice.body
    assert notice.url.endswith(f"#replies-{reply.pk}")
    client.force_login(facilitator)
    assert f'id="replies-{reply.pk}"' in client.get(notice.url).content.decode()
