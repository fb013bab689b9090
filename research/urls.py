"""Research URLs that carry no language prefix: OAI-PMH and citation exports."""

from django.urls import path

from . import oai, views

app_name = "research"
urlpatterns = [
    path("oai", oai.endpoint, name="oai"),
    path("citations/publication/<int:page_id>.<str:fmt>", views.publication_citation, name="publication-citation"),
    path("citations/publications.<str:fmt>", views.list_citations, name="list-citations"),
]
