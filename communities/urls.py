"""Member-facing pages of the communities of practice (under the language prefix)."""

from django.urls import path

from . import feeds, views

app_name = "communities"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("files/<int:pk>/<str:name>", views.attachment, name="attachment"),
    path("queue/", views.moderation_queue, name="queue"),
    path("<slug:slug>/", views.home, name="home"),
    path("<slug:slug>/edit/", views.community_edit, name="edit"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/request/", views.request_membership, name="request"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/members/<int:pk>/", views.member, name="member"),
    path("<slug:slug>/members/<int:pk>/decide/", views.decide_membership, name="decide"),
    path("<slug:slug>/members/<int:pk>/promote/", views.promote, name="promote"),
    path("<slug:slug>/invite/", views.invite, name="invite"),
    path("<slug:slug>/lessons/", views.lessons, name="lessons"),
    path("<slug:slug>/lessons/new/", views.lesson_create, name="lesson_create"),
    path("<slug:slug>/lessons/<int:pk>/", views.lesson_detail, name="lesson"),
    path("<slug:slug>/lessons/<int:pk>/edit/", views.lesson_edit, name="lesson_edit"),
    path("<slug:slug>/lessons/<int:pk>/submit/", views.lesson_submit, name="lesson_submit"),
    path("<slug:slug>/lessons/<int:pk>/review/", views.lesson_review, name="lesson_review"),
    path("<slug:slug>/lessons/<int:pk>/versions/", views.lesson_versions, name="lesson_versions"),
    path("<slug:slug>/lessons/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("<slug:slug>/discussions/new/", views.thread_create, name="thread_create"),
    path("<slug:slug>/discussions/<int:pk>/", views.thread_detail, name="thread"),
    path("<slug:slug>/discussions/<int:pk>/edit/", views.thread_edit, name="thread_edit"),
    path("<slug:slug>/replies/<int:pk>/edit/", views.reply_edit, name="reply_edit"),
    path("<slug:slug>/<str:kind>/<int:pk>/flag/", views.flag, name="flag"),
    path("<slug:slug>/<str:kind>/<int:pk>/hide/", views.hide, name="hide"),
    path("<slug:slug>/events/new/", views.event_create, name="event_create"),
    path("<slug:slug>/events/<int:pk>/", views.event_detail, name="event"),
    path("<slug:slug>/events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("<slug:slug>/events/<int:pk>/event.ics", views.event_ical, name="event_ical"),
    path("<slug:slug>/events.ics", views.community_ical, name="community_ical"),
    path("<slug:slug>/feed/rss/", feeds.LessonRssFeed(), name="feed_rss"),
    path("<slug:slug>/feed/atom/", feeds.LessonAtomFeed(), name="feed_atom"),
]
