"""What the text boxes ask while a member writes: the preview of their Markdown, and members to mention."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from .. import permissions
from ..forms import LESSON_SECTION_MAX
from ..models import Membership
from ..writing import member_name, render
from .common import community_or_404

MENTION_RESULTS = 8


def writing_kwargs(community):
    """What a form with Markdown boxes needs: the community (for mentions) and the two addresses below."""
    return {
        "community": community,
        "preview_url": reverse("communities:preview", kwargs={"slug": community.slug}),
        "mentions_url": reverse("communities:mentions", kwargs={"slug": community.slug}),
    }


@login_required
@require_POST
def preview(request, slug):
    """The HTML the page will show for `text` (POST, with the CSRF token), for members of the community.

    The same function renders the page, so the preview cannot differ from it; the text is capped at
    the longest box's limit."""
    community = community_or_404(request, slug)
    if not permissions.can_write(request.user, community):
        return JsonResponse({"error": "members only"}, status=403)
    try:
        html = render(request.POST.get("text", ""), community, max_length=LESSON_SECTION_MAX)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse({"html": html})


@login_required
@require_GET
def mentions(request, slug):
    """Members of the community whose name contains `q`, for the @ autocomplete: names only, never an
    address (the search reads display and full names, not emails or usernames)."""
    community = community_or_404(request, slug)
    if not permissions.can_mention(request.user, community):
        return JsonResponse({"error": "members only"}, status=403)
    query = " ".join(request.GET.get("q", "").lstrip("@[").split())[:60]
    if not query:
        return JsonResponse({"members": []})
    memberships = Membership.objects.filter(
        community=community, state=Membership.State.ACTIVE, user__is_active=True
    ).select_related("user__profile")
    words = Q()
    for word in query.split():
        words &= (
            Q(user__profile__display_name__icontains=word)
            | Q(user__profile__display_name="", user__first_name__icontains=word)
            | Q(user__profile__display_name="", user__last_name__icontains=word)
        )
    found = [(m.user_id, member_name(m.user)) for m in memberships.filter(words).order_by("user_id")[:MENTION_RESULTS]]
    names = {}
    if found:
        same = Membership.objects.filter(community=community, state=Membership.State.ACTIVE).select_related(
            "user__profile"
        )
        for membership in same:
            key = member_name(membership.user).casefold()
            names[key] = names.get(key, 0) + 1
    results = [
        {
            "id": user_id,
            "name": name,
            # Two members with one name are told apart by number.
            "insert": f"@[{name} #{user_id}]" if names.get(name.casefold(), 0) > 1 else f"@[{name}]",
        }
        for user_id, name in found
    ]
    return JsonResponse({"members": results})
