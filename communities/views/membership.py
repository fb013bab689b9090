"""Joining, asking to join, leaving, the member list, answering requests, roles and invitations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions
from ..actions import AlreadyDone, Refused
from ..forms import DecisionForm, InvitationForm, MembershipRoleForm, RequestMembershipForm
from ..invitations import AcceptInvitation, InvitePerson
from ..membership import ChangeRole, DecideMembership, JoinCommunity, LeaveCommunity, RequestMembership
from ..models import Invitation, Membership
from .common import MembersOnly, community_or_404


@login_required
@require_POST
def join(request, slug):
    community = community_or_404(request, slug)
    try:
        JoinCommunity(request.user, community).execute()
    except AlreadyDone as done:
        messages.info(request, done.message)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Welcome to %(community)s.") % {"community": community})
    return redirect(community)


@login_required
def request_membership(request, slug):
    community = community_or_404(request, slug)
    form = RequestMembershipForm(request.POST or None)
    try:
        RequestMembership(request.user, community).check()
    except AlreadyDone as done:
        messages.info(request, done.message)
        return redirect(community)
    except Refused as refused:
        if request.method == "POST":
            messages.error(request, refused.message)
    else:
        if request.method == "POST" and form.is_valid():
            RequestMembership(request.user, community, form).execute()
            messages.success(request, _("Your request has been sent to the facilitators."))
            return redirect(community)
    return render(request, "communities/request.html", {"community": community, "form": form})


@login_required
@require_POST
def leave(request, slug):
    community = community_or_404(request, slug)
    try:
        LeaveCommunity(request.user, community).execute()
    except AlreadyDone as done:
        messages.info(request, done.message)
    else:
        messages.success(request, _("You have left %(community)s.") % {"community": community})
    return redirect(community)


def members(request, slug):
    community = community_or_404(request, slug)
    if not permissions.can_view_members(request.user, community):
        raise MembersOnly(community)
    active = Membership.objects.filter(community=community, state=Membership.State.ACTIVE).select_related(
        "user__profile__organisation", "user__profile__country"
    )
    context = {"community": community, "members": active, "can_manage": False}
    if permissions.can_manage_members(request.user, community):
        context.update(
            can_manage=True,
            requests=Membership.objects.filter(community=community, state=Membership.State.REQUESTED).select_related(
                "user__profile"
            ),
            invitations=community.invitations.filter(accepted_at__isnull=True, expires_at__gt=timezone.now()),
            decision_form=DecisionForm(),
        )
    return render(request, "communities/members.html", context)


def member(request, slug, pk):
    community = community_or_404(request, slug)
    if not permissions.can_view_members(request.user, community):
        raise MembersOnly(community)
    membership = get_object_or_404(
        Membership.objects.select_related("user__profile__organisation", "user__profile__country"),
        community=community,
        user_id=pk,
        state=Membership.State.ACTIVE,
    )
    return render(request, "communities/member.html", {"community": community, "membership": membership})


@login_required
@require_POST
def decide_membership(request, slug, pk):
    community = community_or_404(request, slug)
    if not permissions.can_manage_members(request.user, community):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    decide = DecideMembership(request.user, get_object_or_404(Membership, community=community, pk=pk), form)
    try:
        decide.check()
    except AlreadyDone as done:
        messages.info(request, done.message)
    else:
        if form.is_valid():
            decide.execute()
            messages.success(request, _("The request has been answered."))
        else:
            messages.error(request, _("Please tell the person why their request is declined."))
    return redirect("communities:members", slug=community.slug)


@login_required
@require_POST
def promote(request, slug, pk):
    community = community_or_404(request, slug)
    if not permissions.can_manage_members(request.user, community):
        raise PermissionDenied
    membership = get_object_or_404(Membership, community=community, pk=pk, state=Membership.State.ACTIVE)
    form = MembershipRoleForm(request.POST)
    if not form.is_valid():
        raise Http404
    ChangeRole(request.user, membership, form).execute()
    messages.success(
        request,
        _("%(name)s is now: %(role)s.") % {"name": membership.user.profile, "role": membership.get_role_display()},
    )
    return redirect("communities:members", slug=community.slug)


@login_required
def invite(request, slug):
    community = community_or_404(request, slug)
    form = InvitationForm(request.POST or None)
    action = InvitePerson(request.user, community, form, site_url=request.build_absolute_uri("/"))
    action.check()
    if request.method == "POST" and form.is_valid():
        action.execute()
        messages.success(
            request, _("The invitation has been sent to %(email)s.") % {"email": form.cleaned_data["email"]}
        )
        return redirect("communities:members", slug=community.slug)
    return render(request, "communities/invite.html", {"community": community, "form": form})


def invitation(request, token):
    """The link in the invitation email: sign in (or sign up) with the invited address to accept."""
    invitation = get_object_or_404(Invitation.objects.select_related("community"), token=token)
    if invitation.accepted_at is not None:
        messages.info(request, _("This invitation has already been accepted."))
        return redirect(invitation.community)
    if invitation.is_expired:
        return render(request, "communities/invitation_expired.html", {"invitation": invitation}, status=410)
    if not request.user.is_authenticated:
        request.session["community_invitation"] = invitation.token
        return render(request, "communities/invitation.html", {"invitation": invitation})
    if request.method == "POST":
        try:
            AcceptInvitation(request.user, invitation).execute()
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Welcome to %(community)s.") % {"community": invitation.community})
            return redirect(invitation.community)
    return render(request, "communities/invitation.html", {"invitation": invitation})
