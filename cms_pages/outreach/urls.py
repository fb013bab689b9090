from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("", views.signup, name="signup"),
    path("check-your-inbox/", views.signup_sent, name="signup-sent"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
