"""Inviting people by email, including people who have no account yet.

The invitation is tied to the email address, not to a user: whoever signs in with a
verified address equal to it can accept (a new person signs up first; the token is
kept in the session across sign-up). An invitation that has expired or was already
used cannot be accepted. Inviting and accepting are actions (see `actions`).
"""

from urllib.parse import urljoin

from allauth.account.models import EmailAddress
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from kms import public_url

from . import permissions
from .actions import Action, AlreadyDone, Refused
from .models import Invitation, Membership


class InvitePerson(Action):
    """A facilitator invites an email address: creates (or renews) the invitation and sends it.

    `form` is an InvitationForm; `site_url` is where the link in the email points
    (the site's public address unless given)."""

    def __init__(self, user, community, form, site_url=None):
        super().__init__(user)
        self.community = community
        self.form = form
        self.site_url = site_url or public_url.origin()

    def check(self):
        if not permissions.can_invite(self.user, self.community):
            raise Refused(_("You are not allowed to do this."))

    def perform(self):
        community, email = self.community, self.form.cleaned_data["email"].strip().lower()
        invitation = Invitation.objects.filter(
            community=community, email__iexact=email, accepted_at__isnull=True
        ).first()
        if invitation is None or invitation.is_expired:
            if invitation is not None:
                invitation.delete()
            invitation = Invitation.objects.create(
                community=community, email=email, message=self.form.cleaned_data["message"], invited_by=self.user
            )
        body = render_to_string(
            "communities/email/invitation.txt",
            {
                "invitation": invitation,
                "link": urljoin(self.site_url, invitation.get_absolute_url()),
                "inviter": self.user.profile.name,
            },
        )
        send_mail(_("[kms] You are invited to join %(community)s") % {"community": community}, body, None, [email])
        return invitation


def user_has_email(user, email):
    if user.email and user.email.lower() == email.lower():
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


class AcceptInvitation(Action):
    """The invited person becomes a member, when signed in with the invited address."""

    def __init__(self, user, invitation):
        super().__init__(user)
        self.invitation = invitation

    def check(self):
        invitation = self.invitation
        if invitation.accepted_at is not None:
            raise AlreadyDone(_("This invitation has already been accepted."))
        if invitation.is_expired:
            raise Refused(_("This invitation has expired. Ask a facilitator to invite you again."))
        if not user_has_email(self.user, invitation.email):
            raise Refused(
                _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
                % {"email": invitation.email}
            )

    def perform(self):
        invitation, user, now = self.invitation, self.user, timezone.now()
        membership = Membership.objects.get_or_create(
            community=invitation.community, user=user, defaults={"state": Membership.State.ACTIVE, "joined_at": now}
        )[0]
        if not membership.is_active:
            membership.state = Membership.State.ACTIVE
            membership.joined_at = now
            membership.save(update_fields=["state", "joined_at"])
        invitation.accepted_at = now
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        permissions.forget_memberships(user)
        return membership


def accept_pending(sender, request, user, **kwargs):
    """On sign-in, accept open invitations sent to any of the person's verified addresses."""
    emails = set(EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True))
    if not emails:
        return
    query = Invitation.objects.filter(
        accepted_at__isnull=True, expires_at__gt=timezone.now(), email__in={e.lower() for e in emails}
    ).select_related("community")
    for invitation in query:
        try:
            AcceptInvitation(user, invitation).execute()
        except Refused:
            continue
        if request is not None and hasattr(request, "_messages"):
            from django.contrib import messages

            messages.success(request, _("Welcome to %(community)s.") % {"community": invitation.community})
