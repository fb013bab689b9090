"""Events: adding and editing them, the event page, and calendar (iCal) exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import ical, permissions
from ..events import SaveEvent
from ..forms import EventForm
from ..models import Event
from .common import MembersOnly, community_or_404, content_community_or_404
from .discussions import previewing
from .writing import writing_kwargs


@login_required
def event_create(request, slug):
    community = community_or_404(request, slug)
    form = EventForm(request.POST or None, **writing_kwargs(community))
    action = SaveEvent(request.user, form, community)
    action.check()
    if previewing(request, form):
        pass
    elif request.method == "POST" and form.is_valid():
        event = action.execute()
        messages.success(request, _("The event has been added."))
        return redirect(event)
    return render(request, "communities/event_form.html", {"community": community, "form": form})


@login_required
def event_edit(request, slug, pk):
    event = get_object_or_404(Event.objects.select_related("community"), pk=pk, community__slug=slug)
    form = EventForm(request.POST or None, instance=event, **writing_kwargs(event.community))
    action = SaveEvent(request.user, form)
    action.check()
    if previewing(request, form):
        pass
    elif request.method == "POST" and form.is_valid():
        action.execute()
        messages.success(request, _("Your changes have been saved."))
        return redirect(event)
    return render(request, "communities/event_form.html", {"community": event.community, "form": form, "event": event})


def _event(request, slug, pk):
    community = content_community_or_404(request, slug)
    return get_object_or_404(Event.objects.select_related("community"), pk=pk, community=community)


def event_detail(request, slug, pk):
    event = _event(request, slug, pk)
    return render(
        request,
        "communities/event.html",
        {
            "community": event.community,
            "event": event,
            "show_link": permissions.can_see_online_link(request.user, event),
            "can_edit": permissions.can_manage_events(request.user, event.community),
        },
    )


def _ical_response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_ical(request, slug, pk):
    try:
        event = _event(request, slug, pk)
    except MembersOnly:
        raise Http404 from None  # calendar programs fetch without a session: no sign-in page for them
    body = ical.calendar([event], event.community, with_links=permissions.can_see_online_link(request.user, event))
    return _ical_response(body, f"{event.community.slug}-{event.pk}.ics")


def community_ical(request, slug):
    try:
        community = content_community_or_404(request, slug)
    except MembersOnly:
        raise Http404 from None
    events = list(community.events.all())
    with_links = permissions.is_member(request.user, community) or permissions.is_moderator(request.user)
    return _ical_response(ical.calendar(events, community, with_links=with_links), f"{community.slug}.ics")
