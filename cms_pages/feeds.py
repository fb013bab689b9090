"""RSS 2.0 and Atom feeds of a news index: everything, one theme or one country, in the index's language."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from kms.public_url import PublicFeedMixin

FEED_LENGTH = 30


class NewsFeed(PublicFeedMixin, Feed):
    """One feed of the news the index passes (live and public, newest first), perhaps about one theme or country
    (the `subject`); built per request because its index, news and format vary."""

    def __init__(self, index, news, request, flavour, subject=None):
        super().__init__()
        self.index, self.news, self.request, self.subject = index, news, request, subject
        self.feed_type = Atom1Feed if flavour == "atom" else Rss201rev2Feed
        self.language = index.locale.language_code

    def title(self):
        return f"{self.index.title} · {self.subject.name}" if self.subject else self.index.title

    def link(self):
        return self.index.get_url(self.request)

    def description(self):
        return self.index.intro or _("News from the network")

    subtitle = description

    def items(self):
        return self.news[:FEED_LENGTH]

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
