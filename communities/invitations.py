"""Inviting people by email, including people who have no account yet.

The invitation is tied to the email address, not to a user: whoever signs in with a
verified address equal to it can accept (a new person signs up first; the token is
kept in the session across sign-up). An invitation that has expired or was already
used cannot be accepted.
"""

from allauth.account.models import EmailAddress
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Invitation, Membership


def send_invitation(request, community, email, message, invited_by):
    """Create (or renew) the invitation for `email` and send it."""
    email = email.strip().lower()
    invitation = Invitation.objects.filter(community=community, email__iexact=email, accepted_at__isnull=True).first()
    if invitation is None or invitation.is_expired:
        if invitation is not None:
            invitation.delete()
        invitation = Invitation.objects.create(community=community, email=email, message=message, invited_by=invited_by)
    link = request.build_absolute_uri(invitation.get_absolute_url())
    body = render_to_string(
        "communities/email/invitation.txt",
        {"invitation": invitation, "link": link, "inviter": invited_by.profile.name},
    )
    send_mail(
        _("[kms] You are invited to join %(community)s") % {"community": community},
        body,
        None,
        [email],
    )
    return invitation


def user_has_email(user, email):
    if user.email and user.email.lower() == email.lower():
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def accept_invitation(invitation, user):
    """Make `user` a member; True, or the reason it cannot be done."""
    if invitation.accepted_at is not None:
        return _("This invitation has already been accepted.")
    if invitation.is_expired:
        return _("This invitation has expired. Ask a facilitator to invite you again.")
    if not user_has_email(user, invitation.email):
        return _("This invitation was sent to %(email)s. Sign in with that address to accept it.") % {
            "email": invitation.email
        }
    now = timezone.now()
    membership, created = Membership.objects.get_or_create(
        community=invitation.community, user=user, defaults={"state": Membership.State.ACTIVE, "joined_at": now}
    )
    if not membership.is_active:
        membership.state = Membership.State.ACTIVE
        membership.joined_at = now
        membership.save(update_fields=["state", "joined_at"])
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return True


def accept_pending(sender, request, user, **kwargs):
    """On sign-in, accept open invitations sent to any of the person's verified addresses."""
    emails = set(EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True))
    if not emails:
        return
    query = Invitation.objects.filter(
        accepted_at__isnull=True, expires_at__gt=timezone.now(), email__in={e.lower() for e in emails}
    ).select_related("community")
    for invitation in query:
        if accept_invitation(invitation, user) is True:
            if request is not None and hasattr(request, "_messages"):
                from django.contrib import messages

                messages.success(request, _("Welcome to %(community)s.") % {"community": invitation.community})
