from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import rendering
from .delivery import read_unsubscribe_token, remember_language
from .forms import PreferenceForm
from .models import CommunityPreference, EmailChoice, Notification, NotificationPreference

PER_PAGE = 30


def _member_communities(user):
    from communities.models import Membership

    memberships = Membership.objects.filter(user=user, state=Membership.State.ACTIVE).select_related("community")
    return sorted((m.community for m in memberships), key=lambda c: c.name.lower())


@login_required
def notification_list(request):
    """A person's notifications, newest first, the unread ones marked, with their unread count."""
    remember_language(request.user, get_language())
    mine = Notification.objects.filter(recipient=request.user)
    unread = mine.filter(read_at__isnull=True).count()
    page = Paginator(rendering.with_references(mine), PER_PAGE).get_page(request.GET.get("page"))
    language = get_language()
    items = [(notification, rendering.render(notification, language)) for notification in page.object_list]
    return render(request, "notifications/list.html", {"page_obj": page, "items": items, "unread": unread})


@login_required
def open_notification(request, pk):
    """Follow a notification's link, marking it read on the way."""
    notification = get_object_or_404(rendering.with_references(Notification.objects), pk=pk, recipient=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    target = rendering.link(notification)
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect("notifications:list")
    return redirect(target)


def _back_to_list(request):
    page = request.POST.get("page", "")
    url = reverse("notifications:list")
    return redirect(f"{url}?page={page}" if page.isdigit() else url)


@login_required
@require_POST
def mark_read(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    return _back_to_list(request)


@login_required
@require_POST
def mark_all_read(request):
    count = Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    messages.success(
        request,
        ngettext("%(count)d notification marked as read.", "%(count)d notifications marked as read.", count)
        % {"count": count},
    )
    return _back_to_list(request)


@login_required
def preferences(request):
    """Where a person chooses immediate emails, a weekly digest or none, generally and per community."""
    remember_language(request.user, get_language())
    preference, _created = NotificationPreference.objects.get_or_create(user=request.user)
    communities = _member_communities(request.user)
    form = PreferenceForm(request.POST or None, instance=preference, communities=communities)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your notification choices are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@csrf_exempt  # the signed token is the authority; mail clients POST here without a session (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One click from an email. GET asks (link scanners must not unsubscribe anyone); POST stops the emails."""
    try:
        user_id, community_id = read_unsubscribe_token(token)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    user = get_user_model().objects.filter(pk=user_id).first()
    community = None
    if community_id is not None:
        from communities.models import Community

        community = Community.objects.filter(pk=community_id).first()
    if user is None or (community_id is not None and community is None):
        return render(request, "notifications/unsubscribe.html", {"gone": True}, status=404)
    done = False
    if request.method == "POST":
        if community is not None:
            CommunityPreference.objects.update_or_create(
                user=user, community=community, defaults={"email": EmailChoice.OFF}
            )
        else:
            NotificationPreference.objects.update_or_create(user=user, defaults={"email": EmailChoice.OFF})
            CommunityPreference.objects.filter(user=user).update(email=EmailChoice.OFF)
        done = True
    context = {"done": done, "community": community, "token": token}
    return render(request, "notifications/unsubscribe.html", context)
