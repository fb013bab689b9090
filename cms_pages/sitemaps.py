"""sitemap.xml for each site language: the live public pages of that language, plus what other apps list."""

import datetime
import importlib
import inspect

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.models import Page, Site

# Other apps' sitemap modules, picked up by import path once they exist.
APP_SITEMAP_MODULES = ("communities.sitemaps", "research.sitemaps")


class PageSitemap(WagtailSitemap):
    """Wagtail's page sitemap, limited to the active language's tree: live, public pages only."""

    def items(self):
        try:
            site = self.get_wagtail_site()
        except Site.DoesNotExist:  # no site configured yet: no pages, and the other apps' entries still listed
            return Page.objects.none()
        root = site.root_page.localized
        return root.get_descendants(inclusive=True).live().public().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        """Wagtail's, with each lastmod made a datetime: page types may give a date or a datetime."""
        urls = []
        for item in self.paginator.page(page).object_list.iterator():
            for url_info in item.get_sitemap_urls(self.request):
                lastmod = url_info.get("lastmod")
                if isinstance(lastmod, datetime.date) and not isinstance(lastmod, datetime.datetime):
                    url_info = {
                        **url_info,
                        "lastmod": datetime.datetime.combine(lastmod, datetime.time(), datetime.UTC),
                    }
                urls.append(url_info)
        last_mods = [url_info.get("lastmod") for url_info in urls]
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


def app_sitemaps():
    found = {}
    for module_name in APP_SITEMAP_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, DjangoSitemap) and value.__module__ == module.__name__:
                found[f"{module_name.split('.')[0]}-{name}"] = value
    return found


def sitemaps(request):
    return {"pages": PageSitemap(request), **app_sitemaps()}
