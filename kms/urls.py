from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from kms import po_upload
from search import saved as saved_searches
from search import views as search_views

urlpatterns = [
    # Before the admin's own route: a PO file wagtail-localize cannot take gets a message, not an error page.
    path(
        "admin/localize/translate/<int:translation_id>/pofile/upload/",
        po_upload.upload_pofile,
        name="kms-localize-upload-pofile",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include("cms_pages.document_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/search", search_views.search_api, name="api-search"),
    path("api/v1/autocomplete", search_views.autocomplete_api, name="api-autocomplete"),
    path("api/v1/openapi.json", search_views.openapi_schema, name="api-schema"),
    # Private feeds live outside the language prefix: the saved search knows its language.
    path("search/feed/<slug:token>.xml", saved_searches.SavedSearchFeed(), name="search-feed"),
    path("", include("research.urls")),
    path("", include("cms_pages.urls")),
]

if settings.DEBUG:
    urlpatterns += [path("", include("kms.media_urls"))]

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("profile/", include("kms.accounts.urls")),
    path("search/", include("search.urls")),
    path("communities/", include("communities.urls")),
    path("notifications/", include("communities.notifications.urls")),
    path("newsletter/", include("cms_pages.outreach.urls")),
    path("services/", include("cms_pages.mapping.urls")),
    path("", include("cms_pages.urls_i18n")),
    path("", include(wagtail_urls)),
)
