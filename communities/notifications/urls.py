"""Notification pages, under the language prefix."""

from django.urls import path

from kms import converters  # noqa: F401 (registers the <id:...> path converter)

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<id:pk>/open/", views.open_notification, name="open"),
    path("<id:pk>/read/", views.mark_read, name="mark-read"),
    path("read-all/", views.mark_all_read, name="mark-all-read"),
    path("preferences/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
