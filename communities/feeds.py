"""RSS and Atom feeds of a public community's published lessons.

Feed readers fetch without signing in, so members-only communities have no feed at
all (404), rather than a feed that would have to leak or be empty.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from kms.public_url import PublicFeedMixin

from . import permissions
from .models import Community

FEED_SIZE = 30


class LessonRssFeed(PublicFeedMixin, Feed):
    """The latest published lessons of one public community."""

    def get_object(self, request, slug):
        community = get_object_or_404(Community, slug=slug)
        if not permissions.can_have_feed(community):
            raise Http404
        return community

    def title(self, community):
        return _("Lessons learned · %(community)s") % {"community": community}

    def link(self, community):
        return community.get_absolute_url()

    def description(self, community):
        return strip_tags(community.description)

    def items(self, community):
        return (
            community.lessons.published()
            .select_related("community", "author__profile")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, lesson):
        return lesson.title

    def item_description(self, lesson):
        return Truncator(strip_tags(lesson.context)).words(80)

    def item_pubdate(self, lesson):
        return lesson.published_at

    def item_updateddate(self, lesson):
        return lesson.updated_at

    def item_author_name(self, lesson):
        return lesson.author.profile.name if lesson.author else ""

    def item_guid(self, lesson):
        return f"kms-lesson-{lesson.pk}"

    item_guid_is_permalink = False


class LessonAtomFeed(LessonRssFeed):
    feed_type = Atom1Feed
    subtitle = LessonRssFeed.description
