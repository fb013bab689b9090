"""What search engines may list: public communities and what they publish (picked up by cms_pages.sitemaps).

Nothing from a members-only community appears here; unpublished lessons and hidden
discussions do not either. Each language's sitemap lists the same items under its prefix.
"""

from django.contrib.sitemaps import Sitemap

from kms.public_url import PublicSitemapMixin

from .models import Community, Event, Lesson, Thread

PUBLIC = Community.Visibility.PUBLIC


class CommunitySitemap(PublicSitemapMixin, Sitemap):
    changefreq = "weekly"

    def items(self):
        return Community.objects.filter(visibility=PUBLIC).order_by("slug")

    def lastmod(self, community):
        return community.updated_at


class LessonSitemap(PublicSitemapMixin, Sitemap):
    changefreq = "monthly"

    def items(self):
        return (
            Lesson.objects.published().filter(community__visibility=PUBLIC).select_related("community").order_by("pk")
        )

    def lastmod(self, lesson):
        return lesson.updated_at


class ThreadSitemap(PublicSitemapMixin, Sitemap):
    changefreq = "weekly"

    def items(self):
        return (
            Thread.objects.filter(community__visibility=PUBLIC, hidden_at__isnull=True)
            .exclude(
                lesson__isnull=False, lesson__state__in=[s for s in Lesson.State.values if s != Lesson.State.PUBLISHED]
            )
            .select_related("community")
            .order_by("pk")
        )

    def lastmod(self, thread):
        return thread.last_activity_at


class EventSitemap(PublicSitemapMixin, Sitemap):
    changefreq = "weekly"

    def items(self):
        return Event.objects.filter(community__visibility=PUBLIC).select_related("community").order_by("pk")

    def lastmod(self, event):
        return event.updated_at
