"""robots.txt and the sitemap index, outside the language prefix."""

from django.urls import path

from . import views

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", views.sitemap_index, name="sitemap-index"),
]
