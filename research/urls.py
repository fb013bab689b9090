"""Research URLs that carry no language prefix: OAI-PMH and citation exports."""

from django.urls import path

from kms import converters  # noqa: F401 (registers the <id:...> path converter)

from . import oai, views

app_name = "research"
urlpatterns = [
    path("oai", oai.endpoint, name="oai"),
    path("citations/publication/<id:page_id>.<str:fmt>", views.publication_citation, name="publication-citation"),
    path("citations/publications.<str:fmt>", views.list_citations, name="list-citations"),
]
