"""Published lessons and discussions reach search by audience: members-only content only for members."""

import pytest

from communities import moderation
from communities.models import Community, Lesson
from search import sources
from search.engine import get_engine
from search.permissions import audiences_for
from search.query import Query
from search.records import PUBLIC, community_audience
from tests.factories import UserFactory
from tests.factories.communities import CommunityFactory, LessonFactory, MembershipFactory, ReplyFactory, ThreadFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("live_indexing")]


def find(text, user):
    results = get_engine().search(Query(text=text, audiences=audiences_for(user)))
    return {hit.id for hit in results.hits}


def publish(committed, lesson):
    reviewer = MembershipFactory(community=lesson.community, role="facilitator").user
    committed(lambda: moderation.apply(lesson.author, lesson, "submit"))
    committed(lambda: moderation.apply(reviewer, lesson, "publish"))
    return lesson


@pytest.fixture
def lessons(committed):
    public = CommunityFactory()
    private = CommunityFactory(visibility=Community.Visibility.MEMBERS_ONLY)
    open_lesson = committed(
        lambda: LessonFactory(
            community=public,
            author=MembershipFactory(community=public).user,
            title="Cash assistance for returnees in Sfax",
            language="en",
        )
    )
    closed_lesson = committed(
        lambda: LessonFactory(
            community=private,
            author=MembershipFactory(community=private).user,
            title="Confidential referral pathways for returnees in Zawiya",
            language="en",
        )
    )
    publish(committed, open_lesson)
    publish(committed, closed_lesson)
    return open_lesson, closed_lesson


def test_drafts_are_not_searchable_and_publishing_indexes(committed):
    community = CommunityFactory()
    lesson = committed(
        lambda: LessonFactory(
            community=community,
            author=MembershipFactory(community=community).user,
            title="Mentoring returnees into apprenticeships",
            language="en",
        )
    )
    from django.contrib.auth.models import AnonymousUser

    assert find("apprenticeships", AnonymousUser()) == set()
    publish(committed, lesson)
    assert find("apprenticeships", AnonymousUser()) == {f"lesson:{lesson.pk}"}


def test_members_only_lessons_reach_members_only(lessons):
    from django.contrib.auth.models import AnonymousUser

    open_lesson, closed_lesson = lessons
    member = MembershipFactory(community=closed_lesson.community).user
    staff = UserFactory(is_staff=True)
    assert find("returnees", AnonymousUser()) == {f"lesson:{open_lesson.pk}"}
    assert find("returnees", UserFactory()) == {f"lesson:{open_lesson.pk}"}
    assert find("returnees", staff) == {f"lesson:{open_lesson.pk}"}
    assert find("returnees", member) == {f"lesson:{open_lesson.pk}", f"lesson:{closed_lesson.pk}"}


def test_leaving_removes_access_and_visibility_change_reindexes(lessons, committed):
    from django.contrib.auth.models import AnonymousUser

    open_lesson, closed_lesson = lessons
    membership = MembershipFactory(community=closed_lesson.community)
    assert f"lesson:{closed_lesson.pk}" in find("Zawiya", membership.user)
    membership.state = "left"
    membership.save()
    assert find("Zawiya", membership.user) == set()

    community = open_lesson.community
    community.visibility = Community.Visibility.MEMBERS_ONLY
    committed(community.save)
    assert find("Sfax", AnonymousUser()) == set()
    record = sources.record_for(f"lesson:{open_lesson.pk}")
    assert record.audiences == (community_audience(community.pk),)


def test_unpublish_removes_from_search(lessons, committed):
    from django.contrib.auth.models import AnonymousUser

    open_lesson, _closed = lessons
    moderator = MembershipFactory(community=open_lesson.community, role="facilitator").user
    committed(lambda: moderation.apply(moderator, open_lesson, "unpublish", "Données personnelles à retirer"))
    assert find("Sfax", AnonymousUser()) == set()


def test_discussion_records_carry_visible_replies_and_community_audience(committed):
    private = CommunityFactory(visibility=Community.Visibility.MEMBERS_ONLY)
    thread = committed(lambda: ThreadFactory(community=private, title="Shelter capacity in Misrata", language="en"))
    committed(lambda: ReplyFactory(thread=thread, body="<p>The warehouse conversion helped.</p>"))
    hidden = committed(lambda: ReplyFactory(thread=thread, body="<p>Secret hotline number</p>"))
    from django.utils import timezone

    hidden.hidden_at = timezone.now()
    committed(hidden.save)
    record = sources.record_for(f"thread:{thread.pk}")
    assert record.kind == "thread"
    assert "warehouse" in record.body and "hotline" not in record.body
    assert record.audiences == (community_audience(private.pk),)
    member = MembershipFactory(community=private).user
    assert find("warehouse", member) == {f"thread:{thread.pk}"}
    assert find("warehouse", UserFactory()) == set()


def test_bulk_records_constant_queries(lessons, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.sources.communities import LessonSource

    with CaptureQueriesContext(connection) as few:
        list(LessonSource().all_records())
    for number in range(5):
        LessonFactory(community=lessons[0].community, state=Lesson.State.PUBLISHED, title=f"Leçon {number}")
    with django_assert_max_num_queries(len(few)):
        assert len(list(LessonSource().all_records())) == 7


def test_public_audience_of_public_lesson(lessons):
    assert sources.record_for(f"lesson:{lessons[0].pk}").audiences == (PUBLIC,)


@pytest.mark.elasticsearch
def test_audiences_on_the_real_elasticsearch_node(es_client, es_index_prefix, lessons):
    from django.contrib.auth.models import AnonymousUser

    from search.engines.elasticsearch import ElasticsearchEngine

    engine = ElasticsearchEngine(es_client, prefix=es_index_prefix.rstrip("-"))
    engine.setup()
    try:
        engine.index([r for r in sources.all_records() if r.id.startswith(("lesson:", "thread:"))])
        es_client.indices.refresh(index=f"{es_index_prefix}*")
        open_lesson, closed_lesson = lessons
        member = MembershipFactory(community=closed_lesson.community).user

        def hits(user):
            return {h.id for h in engine.search(Query(text="returnees", audiences=audiences_for(user))).hits}

        assert hits(AnonymousUser()) == {f"lesson:{open_lesson.pk}"}
        assert hits(member) == {f"lesson:{open_lesson.pk}", f"lesson:{closed_lesson.pk}"}
    finally:
        engine.drop()


def test_moderators_search_every_community_as_their_pages_allow(lessons, moderator):
    assert find("returnees", moderator) == {f"lesson:{lessons[0].pk}", f"lesson:{lessons[1].pk}"}


def test_words_in_a_pdf_attachment_find_the_lesson(client, committed):
    from django.contrib.auth.models import AnonymousUser
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from kms.demo.pdf import build_pdf

    community = CommunityFactory()
    author = MembershipFactory(community=community).user
    client.force_login(author)
    pdf = build_pdf(
        "Evaluation report", ["The hydroponic greenhouse cooperative in Ben Gardane doubled its income."], "en"
    )
    committed(
        lambda: client.post(
            reverse("communities:lesson_create", args=[community.slug]),
            {
                "title": "Greenhouses for returnees",
                "context": "<p>Returnees in the south built greenhouses.</p>",
                "evidence_links": "",
                "language": "en",
                "attachment": SimpleUploadedFile("evaluation.pdf", pdf),
            },
        )
    )
    lesson = Lesson.objects.get()
    assert "hydroponic" in lesson.attachments.get().text
    publish(committed, lesson)
    assert find("hydroponic", AnonymousUser()) == {f"lesson:{lesson.pk}"}
