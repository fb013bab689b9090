"""Facilitators add and change their community's events (webinars, meetings, trainings)."""

from django.utils.translation import gettext as _

from . import permissions
from .actions import Action, Refused


class SaveEvent(Action):
    """Add an event to `community`, or save changes to one.

    `form` is an EventForm (bound to the event when editing); it reads the times in the
    event's own time zone."""

    def __init__(self, user, form, community=None):
        super().__init__(user)
        self.form = form
        self.community = community if form.instance.pk is None else form.instance.community

    def check(self):
        if not permissions.can_manage_events(self.user, self.community):
            raise Refused(_("You are not allowed to do this."))

    def perform(self):
        event = self.form.save(commit=False)
        if event.pk is None:
            event.community = self.community
            event.created_by = self.user
        event.save()
        self.form.save_m2m()
        return event
