"""Member-facing pages of the communities of practice (under the language prefix)."""

from django.urls import path

from kms import converters  # noqa: F401 (registers the <id:...> path converter)

from . import feeds
from .views import attachments, directory, discussions, events, lessons, membership, queue, review, writing
from .views.common import members_only

app_name = "communities"
urlpatterns = [
    path("", directory.directory, name="directory"),
    path("invitations/<str:token>/", membership.invitation, name="invitation"),
    path("files/<id:pk>/<str:name>", attachments.attachment, name="attachment"),
    path("queue/", queue.moderation_queue, name="queue"),
    path("following/", discussions.followed_discussions, name="following"),
    path("queue/lessons/<id:pk>/", review.review_lesson, {"back": "communities:queue"}, name="queue_lesson"),
    path("queue/<str:kind>/<id:pk>/<str:step>/", review.review_post, {"back": "communities:queue"}, name="queue_post"),
    path("<slug:slug>/", directory.home, name="home"),
    path("<slug:slug>/edit/", directory.community_edit, name="edit"),
    path("<slug:slug>/join/", membership.join, name="join"),
    path("<slug:slug>/request/", membership.request_membership, name="request"),
    path("<slug:slug>/leave/", membership.leave, name="leave"),
    path("<slug:slug>/members/", membership.members, name="members"),
    path("<slug:slug>/members/<id:pk>/", membership.member, name="member"),
    path("<slug:slug>/members/<id:pk>/decide/", membership.decide_membership, name="decide"),
    path("<slug:slug>/members/<id:pk>/promote/", membership.promote, name="promote"),
    path("<slug:slug>/invite/", membership.invite, name="invite"),
    path("<slug:slug>/lessons/", lessons.lessons, name="lessons"),
    path("<slug:slug>/lessons/new/", lessons.lesson_create, name="lesson_create"),
    path("<slug:slug>/lessons/<id:pk>/", lessons.lesson_detail, name="lesson"),
    path("<slug:slug>/lessons/<id:pk>/edit/", lessons.lesson_edit, name="lesson_edit"),
    path("<slug:slug>/lessons/<id:pk>/submit/", lessons.lesson_submit, name="lesson_submit"),
    path("<slug:slug>/lessons/<id:pk>/review/", lessons.lesson_review, name="lesson_review"),
    path("<slug:slug>/lessons/<id:pk>/versions/", lessons.lesson_versions, name="lesson_versions"),
    path("<slug:slug>/lessons/<id:pk>/attachments/", attachments.attachment_upload, name="attachment_upload"),
    path("<slug:slug>/discussions/new/", discussions.thread_create, name="thread_create"),
    path("<slug:slug>/discussions/<id:pk>/", discussions.thread_detail, name="thread"),
    path("<slug:slug>/discussions/<id:pk>/edit/", discussions.thread_edit, name="thread_edit"),
    path("<slug:slug>/discussions/<id:pk>/follow/", discussions.thread_follow, name="thread_follow"),
    path("<slug:slug>/writing/preview/", writing.preview, name="preview"),
    path("<slug:slug>/writing/members/", writing.mentions, name="mentions"),
    path("<slug:slug>/replies/<id:pk>/edit/", discussions.reply_edit, name="reply_edit"),
    path("<slug:slug>/<str:kind>/<id:pk>/flag/", discussions.flag, name="flag"),
    path("<slug:slug>/<str:kind>/<id:pk>/hide/", discussions.hide, name="hide"),
    path("<slug:slug>/events/new/", events.event_create, name="event_create"),
    path("<slug:slug>/events/<id:pk>/", events.event_detail, name="event"),
    path("<slug:slug>/events/<id:pk>/edit/", events.event_edit, name="event_edit"),
    path("<slug:slug>/events/<id:pk>/event.ics", events.event_ical, name="event_ical"),
    path("<slug:slug>/events.ics", events.community_ical, name="community_ical"),
    path("<slug:slug>/feed/rss/", feeds.LessonRssFeed(), name="feed_rss"),
    path("<slug:slug>/feed/atom/", feeds.LessonAtomFeed(), name="feed_atom"),
]

# Every page answers a members-only refusal the same way: sign in, or the members-only page.
for pattern in urlpatterns:
    pattern.callback = members_only(pattern.callback)
