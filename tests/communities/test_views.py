"""Member-facing pages through the URLs, as partners use them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import Community, Lesson, LessonVersion, Membership, Reply, Thread
from tests.factories import UserFactory
from tests.factories.communities import (
    CommunityFactory,
    EventFactory,
    MembershipFactory,
    PublishedLessonFactory,
    ThreadFactory,
)

pytestmark = pytest.mark.django_db


def lesson_data(**overrides):
    data = {
        "title": "Groupes de parole pour les rapatriés à Médenine",
        "context": "<p>Retours depuis la Libye ; العائدون من ليبيا إلى مدنين.</p>",
        "what_was_done": "<p>Des pairs formés animent des groupes.</p>",
        "what_worked": "<p>La confiance entre pairs.</p>",
        "what_did_not": "<p>Les séances en ligne.</p>",
        "recommendations": "<p>Prévoir le transport.</p>",
        "evidence_links": "https://example.org/rapport-2025",
        "language": "",
    }
    data.update(overrides)
    return data


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_directory_lists_public_communities_to_everyone_and_private_ones_to_signed_in(
    client, django_assert_max_num_queries
):
    public = CommunityFactory()
    private = CommunityFactory(visibility="members_only")
    url = reverse("communities:directory")
    client.get(url)  # the site layout creates its settings row on first use
    few = count_queries(client, url)
    for _ in range(6):
        MembershipFactory(community=CommunityFactory())
    # Layout (site, locales, settings) plus three: communities, their themes, their countries.
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert response.status_code == 200
    assert public.name in response.content.decode()
    assert private.name not in response.content.decode()
    client.force_login(UserFactory())
    response = client.get(url)
    assert private.name in response.content.decode()


def test_directory_speaks_the_readers_language(client, community):
    response = client.get("/ar/communities/")
    assert community.name_ar in response.content.decode()
    assert 'dir="rtl"' in response.content.decode()


def test_home_shows_published_lessons_threads_and_events_with_bounded_queries(
    client, community, member, django_assert_max_num_queries
):
    for _ in range(4):
        PublishedLessonFactory(community=community)
        ThreadFactory(community=community)
        EventFactory(community=community)
    draft = Lesson.objects.create(community=community, author=member, title="Brouillon secret", context="<p>x</p>")
    client.force_login(member)
    few = count_queries(client, community.get_absolute_url())
    for _ in range(5):
        PublishedLessonFactory(community=community)
        ThreadFactory(community=community)
        EventFactory(community=community)
        MembershipFactory(community=community)
    with django_assert_max_num_queries(few):
        response = client.get(community.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count(f'href="{community.get_absolute_url()}lessons/') >= 9
    assert "Webinaire" in body
    assert "Orientation des rapatriés" in body
    # The author sees their own draft in "in progress", no one else does.
    assert draft.title in body
    client.force_login(UserFactory())
    assert draft.title not in client.get(community.get_absolute_url()).content.decode()


def test_members_only_home_hides_content_from_non_members(client, private_community):
    lesson = PublishedLessonFactory(community=private_community, title="Leçon réservée aux membres")
    assert client.get(private_community.get_absolute_url()).status_code == 302  # to the sign-in page
    client.force_login(UserFactory())
    response = client.get(private_community.get_absolute_url())
    assert response.status_code == 200
    assert lesson.title not in response.content.decode()
    response = client.get(lesson.get_absolute_url())
    assert response.status_code == 403 and lesson.title not in response.content.decode()


def test_members_only_community_shows_non_members_its_name_alone(client, private_community):
    from kms.taxonomy.models import Country

    private_community.description_en = "Accompagnement des survivants de la traite à Sfax"
    private_community.save()
    private_community.countries.add(Country.objects.get(code="TN"))
    facilitator = MembershipFactory(community=private_community, role="facilitator").user
    facilitator.profile.display_name = "Yasmine Facilitatrice"
    facilitator.profile.save()
    PublishedLessonFactory(community=private_community)
    private_details = [private_community.description_en, "Tunisia", "Yasmine Facilitatrice", "1 lesson", "1 member"]

    client.force_login(UserFactory())
    for url in (reverse("communities:directory"), private_community.get_absolute_url()):
        content = client.get(url).content.decode()
        assert private_community.name in content
        for detail in private_details:
            assert detail not in content, (url, detail)

    # Members see what the community is about.
    client.force_login(facilitator)
    for url in (reverse("communities:directory"), private_community.get_absolute_url()):
        content = client.get(url).content.decode()
        assert private_community.description_en in content
        assert "Tunisia" in content


def test_members_without_a_display_name_are_never_shown_by_their_email(client, community):
    author = UserFactory(email="amal.secret@example.org", username="amal.secret", first_name="", last_name="")
    MembershipFactory(community=community, user=author, role="facilitator")
    lesson = PublishedLessonFactory(community=community, author=author)
    label = f"Member {author.pk}"
    for url in (
        community.get_absolute_url(),
        lesson.get_absolute_url(),
        reverse("communities:feed_atom", args=[community.slug]),
    ):
        content = client.get(url).content.decode()
        assert "amal.secret" not in content, url
    assert label in client.get(community.get_absolute_url()).content.decode()
    assert label in client.get(lesson.get_absolute_url()).content.decode()
    assert f"Membre {author.pk}" in client.get(lesson.get_absolute_url().replace("/en/", "/fr/", 1)).content.decode()


def test_join_an_open_community_then_leave(client, community):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("communities:join", args=[community.slug]), follow=True)
    assert Membership.objects.get(community=community, user=user).state == "active"
    assert "Welcome" in response.content.decode()
    client.post(reverse("communities:leave", args=[community.slug]))
    assert Membership.objects.get(community=community, user=user).state == "left"


def test_request_then_facilitator_declines_with_reason_and_approves_later(client, private_community):
    facilitator = MembershipFactory(community=private_community, role="facilitator").user
    applicant = UserFactory()
    client.force_login(applicant)
    client.post(reverse("communities:request", args=[private_community.slug]), {"message": "Nous travaillons à Sfax."})
    membership = Membership.objects.get(community=private_community, user=applicant)
    assert membership.state == "requested" and membership.request_message == "Nous travaillons à Sfax."

    client.force_login(facilitator)
    url = reverse("communities:decide", args=[private_community.slug, membership.pk])
    client.post(url, {"decision": "decline", "reason": ""})
    membership.refresh_from_db()
    assert membership.state == "requested"  # a decline needs a reason
    client.post(url, {"decision": "decline", "reason": "Réservé aux partenaires du projet."})
    membership.refresh_from_db()
    assert membership.state == "declined" and membership.decision_reason == "Réservé aux partenaires du projet."

    client.force_login(applicant)
    assert "Réservé aux partenaires du projet." in client.get(private_community.get_absolute_url()).content.decode()
    client.post(reverse("communities:request", args=[private_community.slug]), {"message": "Nouvelle demande"})
    client.force_login(facilitator)
    client.post(url, {"decision": "approve", "reason": ""})
    membership.refresh_from_db()
    assert membership.state == "active" and membership.joined_at is not None


def test_non_facilitator_cannot_decide_or_promote(client, community, member):
    other = MembershipFactory(community=community)
    client.force_login(member)
    assert client.post(reverse("communities:promote", args=[community.slug, other.pk])).status_code == 403
    other.refresh_from_db()
    assert other.role == "member"


def test_facilitator_promotes_a_member(client, community, facilitator):
    other = MembershipFactory(community=community)
    client.force_login(facilitator)
    client.post(reverse("communities:promote", args=[community.slug, other.pk]), {"role": "facilitator"})
    other.refresh_from_db()
    assert other.role == "facilitator"


def test_members_see_each_others_profiles(client, community, member):
    from kms.taxonomy.models import Country

    other = MembershipFactory(community=community)
    profile = other.user.profile
    profile.display_name = "Nour Ben Salah"
    profile.country = Country.objects.get(code="TN")
    profile.organisation_other = "Association Tunisienne d'Entraide"
    profile.languages = ["ar", "fr"]
    profile.save()
    url = reverse("communities:member", args=[community.slug, other.user_id])
    client.force_login(member)
    body = client.get(url).content.decode()
    assert "Nour Ben Salah" in body and "Association Tunisienne d&#x27;Entraide" in body
    assert "Tunisia" in body and "Arabic" in body
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403  # the members-only page


def test_lesson_create_detects_language_keeps_version_and_submits(client, community, member):
    client.force_login(member)
    response = client.post(
        reverse("communities:lesson_create", args=[community.slug]), {**lesson_data(), "submit": "1"}
    )
    lesson = Lesson.objects.get()
    assert response.status_code == 302 and response.url == lesson.get_absolute_url()
    assert lesson.state == "submitted"
    assert lesson.language == "fr"
    assert lesson.author == member
    assert LessonVersion.objects.filter(lesson=lesson).count() == 1


def test_lesson_html_is_cleaned_before_it_is_stored(client, community, member):
    client.force_login(member)
    client.post(
        reverse("communities:lesson_create", args=[community.slug]),
        lesson_data(
            context='<p onclick="alert(1)">Contexte</p><script>alert(1)</script><a href="javascript:alert(1)">x</a>'
        ),
    )
    lesson = Lesson.objects.get()
    assert "script" not in lesson.context and "onclick" not in lesson.context and "javascript" not in lesson.context
    assert "Contexte" in lesson.context


def test_outsider_cannot_open_the_lesson_form(client, community, outsider):
    client.force_login(outsider)
    response = client.get(reverse("communities:lesson_create", args=[community.slug]))
    assert response.status_code == 302 and response.url == community.get_absolute_url()


def test_thread_reply_quote_and_edit(client, community, member):
    thread = ThreadFactory(community=community)
    earlier = Reply.objects.create(thread=thread, author=thread.author, body="<p>Première réponse</p>")
    client.force_login(member)
    page = client.get(f"{thread.get_absolute_url()}?quote={earlier.pk}").content.decode()
    assert "Première réponse" in page and f'value="{earlier.pk}"' in page
    client.post(thread.get_absolute_url(), {"body": "<p>Je suis d'accord — أوافق</p>", "quoted": earlier.pk})
    reply = Reply.objects.exclude(pk=earlier.pk).get()
    assert reply.quoted == earlier and reply.language == ""  # too short to be sure of the language
    client.post(reverse("communities:reply_edit", args=[community.slug, reply.pk]), {"body": "<p>Corrigé</p>"})
    reply.refresh_from_db()
    assert reply.body == "<p>Corrigé</p>" and reply.edited_at is not None
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Corrigé" in page and "Première réponse" in page


def test_start_a_thread_on_a_lesson(client, community, member):
    lesson = PublishedLessonFactory(community=community)
    client.force_login(member)
    url = reverse("communities:thread_create", args=[community.slug])
    client.post(url, {"title": "Question sur la méthode", "body": "<p>Combien de séances ?</p>", "lesson": lesson.pk})
    thread = Thread.objects.get()
    assert thread.lesson == lesson
    assert thread.title in client.get(lesson.get_absolute_url()).content.decode()


def test_community_is_created_with_a_name_in_one_language_only_and_falls_back(client):
    community = Community.objects.create(slug="sahel", name_fr="Sahel : mobilité pastorale", original_language="fr")
    response = client.get(f"/nl/communities/{community.slug}/")
    assert "Sahel : mobilité pastorale" in response.content.decode()


def test_staff_manage_communities_in_the_wagtail_admin(client, community):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    listing = client.get(reverse("wagtailsnippets_communities_community:list"))
    assert listing.status_code == 200 and community.name_en in listing.content.decode()
    edit = client.get(reverse("wagtailsnippets_communities_community:edit", args=[community.pk]))
    assert edit.status_code == 200 and "name_ar" in edit.content.decode()
    for name in ("membership", "lesson", "event"):
        assert client.get(reverse(f"wagtailsnippets_communities_{name}:list")).status_code == 200


def test_facilitator_edits_the_community_and_members_cannot(client, community, facilitator, member):
    url = reverse("communities:edit", args=[community.slug])
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(facilitator)
    data = {
        "name_en": "Reintegration in the Maghreb",
        "name_fr": "Réintégration au Maghreb",
        "name_ar": "إعادة الإدماج في المغرب العربي",
        "name_nl": "",
        "description_en": "",
        "description_fr": "Échanges.",
        "description_ar": "",
        "description_nl": "",
        "original_language": "fr",
        "visibility": "members_only",
        "join_policy": "on_request",
    }
    assert client.post(url, data).status_code == 302
    community.refresh_from_db()
    assert community.visibility == "members_only" and community.name_ar == "إعادة الإدماج في المغرب العربي"
    from django.utils import translation

    with translation.override("nl"):
        assert community.name == "Réintégration au Maghreb"  # falls back to the language it was written in
    client.post(url, {**data, "name_en": "", "name_fr": "", "name_ar": ""})
    community.refresh_from_db()
    assert community.name_en == "Reintegration in the Maghreb"  # a community keeps at least one name


def test_directory_offers_the_moderation_queue_only_to_those_who_review(
    client, community, member, facilitator, moderator
):
    url = reverse("communities:directory")
    queue = reverse("communities:queue")
    client.force_login(member)
    assert queue not in client.get(url).content.decode()
    for reviewer in (facilitator, moderator):
        client.force_login(reviewer)
        assert queue in client.get(url).content.decode()
