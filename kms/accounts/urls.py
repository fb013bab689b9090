from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("edit/", views.edit_profile, name="edit_profile"),
    path("researcher/", views.ask_researcher, name="ask_researcher"),
]
