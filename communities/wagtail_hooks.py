"""Staff manage communities in the Wagtail admin; partners never need it (they use the member pages)."""

from django.conf import settings
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.admin.ui.components import Component
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import InspectView, SnippetViewSetGroup

from kms import converters  # noqa: F401 (registers the <id:...> path converter the review URLs use)
from kms.choosers import SnippetViewSet

from . import permissions, review
from .models import Community, Event, Lesson, Membership
from .views.review import AdminReviewView, review_lesson, review_post

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


class LessonPermissionPolicy(ModelPermissionPolicy):
    """Nobody adds a lesson in the admin, superusers included: a lesson is written by a member of its
    community on the member pages, which clean its HTML, keep its versions, check it for personal
    data and start its review. An admin form would skip all of that (and had no community or author)."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Lesson, LessonPermissionPolicy(Lesson))


class LessonInspectView(InspectView):
    """The lesson as reviewers read it: its sections are member HTML, cleaned when saved."""

    def get_field_display_value(self, field_name, field):
        if field_name in Lesson.SECTIONS:
            # Member HTML is cleaned by communities.sanitize when it is saved; shown as the lesson page shows it.
            return mark_safe(getattr(self.object, field_name))
        return super().get_field_display_value(field_name, field)


LESSON_TEXT = HelpPanel(heading=_("Text of the lesson"), template="communities/admin/lesson_text.html")


class LessonViewSet(SnippetViewSet):
    """Lessons are written and reviewed on the member pages; here staff can find and correct them.

    The text is shown, not edited: only its author changes it (see LessonPermissionPolicy)."""

    model = Lesson
    icon = "doc-full"
    list_display = ["title", "community", "author", "state", "language", "submitted_at", "personal_data_summary"]
    list_filter = ["community", "state", "language"]
    search_backend_name = None
    search_fields = ["title"]
    inspect_view_enabled = True
    inspect_view_class = LessonInspectView
    inspect_view_fields = [
        "title",
        "community",
        "author",
        "state",
        "moderation_reason",
        "language",
        "submitted_at",
        "published_at",
        *Lesson.SECTIONS,
        "evidence_links",
    ]
    panels = [
        FieldPanel("state", read_only=True),
        FieldPanel("community", read_only=True),
        FieldPanel("author", read_only=True),
        LESSON_TEXT,
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


# --- Community review: what waits for the moderators, in the admin ------------------------

PANEL_SHOWN = 5
BACK = {"back": "kms_community_review"}


@hooks.register("register_admin_urls")
def _review_urls():
    return [
        path("community-review/", AdminReviewView.as_view(), name="kms_community_review"),
        path("community-review/lessons/<id:pk>/", review_lesson, BACK, name="kms_community_review_lesson"),
        path("community-review/<str:kind>/<id:pk>/<str:step>/", review_post, BACK, name="kms_community_review_post"),
    ]


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(permissions.reviewable_community_ids(request.user))


@hooks.register("register_admin_menu_item")
def _review_menu_item():
    return ReviewMenuItem(
        _("Community review"), reverse("kms_community_review"), name="community-review", icon_name="tick", order=305
    )


class ReviewPanel(Component):
    """The dashboard's list of what waits longest, for the people who review it."""

    name = "community_review"
    order = 60
    template_name = "communities/review/panel.html"

    def __init__(self, waiting):
        self.waiting = waiting

    def get_context_data(self, parent_context):
        return {"waiting": self.waiting, "shown": self.waiting[:PANEL_SHOWN]}


@hooks.register("construct_homepage_panels")
def _review_panel(request, panels):
    if permissions.reviewable_community_ids(request.user):
        panels.append(ReviewPanel(review.waiting(request.user, with_findings=False)))
