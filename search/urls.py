from django.urls import path

from kms import converters  # noqa: F401 (registers the <id:...> path converter)

from . import saved, views

app_name = "search"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("save/", saved.save_search, name="save"),
    path("saved/", saved.saved_list, name="saved"),
    path("saved/<id:pk>/", saved.update_saved, name="saved-update"),
    path("saved/<id:pk>/emails/", saved.toggle_emails, name="saved-emails"),
    path("saved/<id:pk>/delete/", saved.delete_saved, name="saved-delete"),
    path("saved/<id:pk>/feed/", saved.reset_feed, name="saved-feed-reset"),
    path("unsubscribe/<str:token>/", saved.unsubscribe, name="unsubscribe"),
]
