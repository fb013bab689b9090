"""Becoming a researcher: a member asks from their profile, staff approve or refuse in the admin, the member is told.

Approval puts the member in the Researchers group (who draft and submit publications in the
research section, kms.accounts.groups and research.workflow). Views, the admin and tests call
these functions; each checks who may act and changes one request.
"""

from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kms import public_url

from .groups import RESEARCHERS
from .models import ResearcherRequest

DECIDE_PERMISSION = "accounts.change_researcherrequest"


class Refused(Exception):
    """The action is not allowed now; the message says why, in the reader's language."""


def is_researcher(user):
    return user.is_authenticated and user.groups.filter(name=RESEARCHERS).exists()


def pending_request(user):
    return ResearcherRequest.objects.filter(user=user, status=ResearcherRequest.Status.PENDING).first()


def can_ask(user):
    return user.is_authenticated and not is_researcher(user) and pending_request(user) is None


def can_decide(user):
    return user.is_active and (user.is_superuser or user.has_perm(DECIDE_PERMISSION))


def ask(user, organisation, reason, language):
    """A new pending request from `user`; refused when they are a researcher already or one is waiting."""
    if not can_ask(user):
        raise Refused(_("You are a researcher already, or your request is waiting for a decision."))
    try:
        with transaction.atomic():
            return ResearcherRequest.objects.create(
                user=user, organisation=organisation, reason=reason, language=language
            )
    except IntegrityError as exc:  # a second request sent at the same moment
        raise Refused(_("Your request is waiting for a decision.")) from exc


def decide(request, by, *, approve, note=""):
    """Approve or refuse a pending request: the group changes, the decision is stored and the member is emailed."""
    if not can_decide(by):
        raise Refused(_("You are not allowed to do this."))
    with transaction.atomic():
        request = ResearcherRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != ResearcherRequest.Status.PENDING:
            raise Refused(_("This request has already been decided."))
        request.status = ResearcherRequest.Status.APPROVED if approve else ResearcherRequest.Status.REFUSED
        request.decided_at, request.decided_by, request.note = timezone.now(), by, note.strip()
        request.save()
        if approve:
            request.user.groups.add(Group.objects.get_or_create(name=RESEARCHERS)[0])
        transaction.on_commit(lambda: _tell(request))
    return request


def _tell(request):
    """The decision, emailed to the member in the language they asked in."""
    with translation.override(request.language):
        approved = request.status == ResearcherRequest.Status.APPROVED
        subject = _("[kms] You are now a researcher") if approved else _("[kms] Your researcher request")
        body = render_to_string(
            "accounts/email/researcher_decision.txt",
            {
                "request": request,
                "approved": approved,
                "admin_url": public_url.absolute(reverse("wagtailadmin_home")),
                "profile_url": public_url.absolute(reverse("accounts:profile")),
            },
        )
    send_mail(subject, body, None, [request.user.email])
