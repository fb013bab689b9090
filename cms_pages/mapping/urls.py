from django.urls import path

from . import views

app_name = "mapping"

urlpatterns = [
    path("", views.service_list, name="list"),
    path("services.csv", views.services_csv, name="csv"),
    path("services.json", views.services_json, name="json"),
    path("<int:pk>/", views.service_detail, name="detail"),
    path("<int:pk>/edit/", views.service_edit, name="edit"),
    path("new/", views.service_edit, name="add"),
    path("mine/", views.my_services, name="mine"),
]
