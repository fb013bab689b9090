"""RSS feed of a research section's newest publications, for readers and aggregators."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from kms import public_url
from kms.public_url import PublicFeedMixin

FEED_LENGTH = 20


class PublicationFeed(PublicFeedMixin, Feed):
    """The newest of the publications a section passes (public, in its language, newest first), with authors and
    a link to the file; built per request for its section."""

    feed_type = Rss201rev2Feed

    def __init__(self, index_page, publications):
        super().__init__()
        self.index_page, self.publications = index_page, publications

    def get_object(self, request, *args, **kwargs):
        return self.index_page

    def title(self, index_page):
        return index_page.title

    def link(self, index_page):
        return index_page.url

    def description(self, index_page):
        return index_page.intro or _("New publications")

    def items(self, index_page):
        return self.publications[:FEED_LENGTH].select_related("primary_file").prefetch_related("authors")

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.abstract

    def item_link(self, item):
        return item.url

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.authors.all()) or None

    def item_pubdate(self, item):
        return item.first_published_at

    def item_categories(self, item):
        return [item.get_publication_type_display()]

    def item_enclosure_url(self, item):
        return public_url.absolute(item.primary_file.url) if item.primary_file else None

    def item_enclosure_length(self, item):
        return item.primary_file.get_file_size() or 0 if item.primary_file else None

    def item_enclosure_mime_type(self, item):
        return "application/pdf" if item.primary_file else None
