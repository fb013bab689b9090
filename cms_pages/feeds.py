"""RSS 2.0 and Atom feeds of a news index: everything, one theme or one country, in the index's language."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from kms.taxonomy.models import Country, Theme

from .listings import public_news

FEED_LENGTH = 30


class NewsFeed(Feed):
    """One feed of live, public news; built per request because its index, filter and format vary."""

    def __init__(self, index, request, flavour, theme=None, country=None):
        super().__init__()
        self.index, self.request, self.theme, self.country = index, request, theme, country
        self.feed_type = Atom1Feed if flavour == "atom" else Rss201rev2Feed
        self.language = index.locale.language_code

    def title(self):
        subject = self.theme or self.country
        return f"{self.index.title} · {subject.name}" if subject else self.index.title

    def link(self):
        return self.index.get_url(self.request)

    def description(self):
        return self.index.intro or _("News from the network")

    subtitle = description

    def items(self):
        news = public_news(self.index)
        if self.theme:
            news = news.filter(themes=self.theme)
        if self.country:
            news = news.filter(countries=self.country)
        return news[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9)), datetime.UTC)

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return [theme.name for theme in item.themes.all()]


def news_feed(index, request, flavour, theme_slug=None, country_code=None):
    theme = country = None
    if theme_slug is not None:
        theme = Theme.objects.filter(slug=theme_slug).first()
        if theme is None:
            raise Http404
    if country_code is not None:
        country = Country.objects.filter(code=country_code).first()
        if country is None:
            raise Http404
    return NewsFeed(index, request, flavour, theme=theme, country=country)(request)
