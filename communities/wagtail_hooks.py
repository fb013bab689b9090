"""Staff manage communities in the Wagtail admin; partners never need it (they use the member pages)."""

from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from kms.choosers import SnippetViewSet

from .models import Community, Event, Lesson, Membership

LANGUAGE_NAMES = tuple((code, get_language_info(code)["name_translated"]) for code, _name in settings.LANGUAGES)


class CommunityViewSet(SnippetViewSet):
    model = Community
    icon = "group"
    list_display = ["name_en", "slug", "visibility", "join_policy"]
    list_filter = ["visibility", "join_policy"]
    search_backend_name = None
    search_fields = ["name_en", "name_fr", "name_ar", "name_nl", "slug"]
    panels = [
        FieldPanel("slug"),
        FieldPanel("original_language"),
        *[
            MultiFieldPanel([FieldPanel(f"name_{code}"), FieldPanel(f"description_{code}")], heading=label)
            for code, label in LANGUAGE_NAMES
        ],
        FieldRowPanel([FieldPanel("visibility"), FieldPanel("join_policy")]),
        FieldPanel("themes"),
        FieldPanel("countries"),
    ]


class MembershipViewSet(SnippetViewSet):
    model = Membership
    icon = "user"
    list_display = ["user", "community", "role", "state", "joined_at"]
    list_filter = ["community", "role", "state"]
    panels = [
        FieldPanel("community"),
        FieldPanel("user"),
        FieldPanel("role"),
        FieldPanel("state"),
        FieldPanel("decision_reason"),
    ]


class LessonViewSet(SnippetViewSet):
    """Lessons are written and reviewed on the member pages; here staff can find and correct them."""

    model = Lesson
    icon = "doc-full"
    list_display = ["title", "community", "state", "language", "published_at", "personal_data_summary"]
    list_filter = ["community", "state", "language"]
    search_backend_name = None
    search_fields = ["title"]
    panels = [
        FieldPanel("title"),
        FieldPanel("language"),
        FieldPanel("countries"),
        FieldPanel("themes"),
        FieldPanel("related_pages"),
    ]


class EventViewSet(SnippetViewSet):
    model = Event
    icon = "date"
    list_display = ["title", "community", "starts_at", "time_zone"]
    list_filter = ["community", "kind"]
    panels = [
        FieldPanel("community"),
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("starts_at"),
        FieldPanel("ends_at"),
        FieldPanel("time_zone"),
        FieldPanel("place"),
        FieldPanel("online_link"),
    ]


class CommunitiesGroup(SnippetViewSetGroup):
    menu_label = _("Communities")
    menu_icon = "group"
    menu_order = 310
    items = (CommunityViewSet, MembershipViewSet, LessonViewSet, EventViewSet)


register_snippet(CommunitiesGroup)
