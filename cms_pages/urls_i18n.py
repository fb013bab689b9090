"""URLs under the language prefix that are not Wagtail pages."""

from django.urls import path

from . import views

urlpatterns = [path("sitemap.xml", views.locale_sitemap, name="sitemap")]
