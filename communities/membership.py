"""Who belongs to a community, and what its facilitators change about it: one action per change.

Joining, asking to join, leaving, answering a request, changing a member's role and
editing the community. Each checks `permissions` and raises `Refused` (or
`AlreadyDone`, for a second click) with a message the person reads. Invitations by
email are in `invitations`.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import notifying, permissions
from .actions import Action, AlreadyDone, Refused
from .models import Membership


def _forget(user):
    # The permission cache would still see the membership as it was before this change.
    permissions.forget_memberships(user)


class JoinCommunity(Action):
    """Join an open community at once."""

    def __init__(self, user, community):
        super().__init__(user)
        self.community = community

    def check(self):
        if permissions.is_member(self.user, self.community):
            raise AlreadyDone(_("You are already a member of this community."))
        if not permissions.can_join(self.user, self.community):
            raise Refused(_("This community cannot be joined directly."))

    def perform(self):
        membership = Membership.objects.update_or_create(
            community=self.community,
            user=self.user,
            defaults={"state": Membership.State.ACTIVE, "role": Membership.Role.MEMBER, "joined_at": timezone.now()},
        )[0]
        _forget(self.user)
        return membership


class RequestMembership(Action):
    """Ask the facilitators of a community that takes requests to let one in.

    `form` is a RequestMembershipForm (the message to the facilitators); without one,
    the action can only be checked."""

    def __init__(self, user, community, form=None):
        super().__init__(user)
        self.community = community
        self.form = form

    def check(self):
        membership = permissions.membership_of(self.user, self.community)
        if membership is not None and membership.is_active:
            raise AlreadyDone(_("You are already a member of this community."))
        if membership is not None and membership.state == Membership.State.REQUESTED:
            raise AlreadyDone(_("Your request is waiting for a facilitator's answer."))
        if not permissions.can_request_membership(self.user, self.community):
            raise Refused(_("This community does not take requests to join."))

    def perform(self):
        with transaction.atomic():
            membership = Membership.objects.update_or_create(
                community=self.community,
                user=self.user,
                defaults={
                    "state": Membership.State.REQUESTED,
                    "role": Membership.Role.MEMBER,
                    "request_message": self.form.cleaned_data["message"],
                    "decision_reason": "",
                    "decided_by": None,
                    "decided_at": None,
                    "created_at": timezone.now(),
                },
            )[0]
            notifying.membership_requested(membership)
        _forget(self.user)
        return membership


class LeaveCommunity(Action):
    """Leave a community; the membership is kept, marked as left, with its role dropped."""

    def __init__(self, user, community):
        super().__init__(user)
        self.community = community

    def check(self):
        if not permissions.can_leave(self.user, self.community):
            raise AlreadyDone(_("You are not a member of this community."))

    def perform(self):
        membership = permissions.membership_of(self.user, self.community)
        membership.state = Membership.State.LEFT
        membership.role = Membership.Role.MEMBER
        membership.save(update_fields=["state", "role"])
        _forget(self.user)
        return membership


class DecideMembership(Action):
    """A facilitator approves or declines a request to join; a decline needs a reason,
    which the person reads. The person is notified.

    `form` is a DecisionForm; without one, the action can only be checked."""

    def __init__(self, user, membership, form=None):
        super().__init__(user)
        self.membership = membership
        self.form = form

    def check(self):
        if not permissions.can_manage_members(self.user, self.membership.community):
            raise Refused(_("You are not allowed to do this."))
        if self.membership.state != Membership.State.REQUESTED:
            raise AlreadyDone(_("This request has already been answered."))

    def perform(self):
        membership = self.membership
        approve = self.form.cleaned_data["decision"] == "approve"
        membership.state = Membership.State.ACTIVE if approve else Membership.State.DECLINED
        membership.decision_reason = self.form.cleaned_data["reason"]
        membership.decided_by = self.user
        membership.decided_at = timezone.now()
        if approve:
            membership.joined_at = membership.decided_at
        with transaction.atomic():
            membership.save()
            notifying.membership_decided(membership, self.user)
        return membership


class ChangeRole(Action):
    """Make an active member a facilitator, or a facilitator a member again.

    `form` is a MembershipRoleForm."""

    def __init__(self, user, membership, form):
        super().__init__(user)
        self.membership = membership
        self.form = form

    def check(self):
        if not permissions.can_manage_members(self.user, self.membership.community) or not self.membership.is_active:
            raise Refused(_("You are not allowed to do this."))

    def perform(self):
        self.membership.role = self.form.cleaned_data["role"]
        self.membership.save(update_fields=["role"])
        return self.membership


class EditCommunity(Action):
    """Facilitators change their community's names, description and policies.

    `form` is a CommunityForm bound to the community."""

    def __init__(self, user, form):
        super().__init__(user)
        self.form = form

    def check(self):
        if not permissions.can_edit_community(self.user, self.form.instance):
            raise Refused(_("You are not allowed to do this."))

    def perform(self):
        return self.form.save()
