"""The moments members are told about: one place that calls the notifications helper.

`communities.notifications.notify(...)` decides in-site versus email, immediate
versus digest, per member's choice; this module only says who should hear what.
"""

from .models import Membership


def _notify(**kwargs):
    from .notifications import notify

    notify(**kwargs)


def _members(community, exclude=None, facilitators_only=False):
    memberships = Membership.objects.filter(community=community, state=Membership.State.ACTIVE)
    if facilitators_only:
        memberships = memberships.filter(role=Membership.Role.FACILITATOR)
    users = [m.user for m in memberships.select_related("user")]
    return [u for u in users if exclude is None or u.pk != exclude.pk]


def lesson_published(lesson, actor):
    pass


def moderation_outcome(lesson, actor, name, reason):
    pass


def lesson_submitted(lesson, actor):
    pass


def membership_requested(membership):
    pass


def membership_decided(membership, actor):
    pass


def reply_posted(reply):
    pass
