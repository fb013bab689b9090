"""The admin's "Researcher requests": members asking for the researcher role, oldest first; staff approve or refuse."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import researchers
from .forms import DecisionForm
from .models import Profile, ResearcherRequest, public_name

RECENT = 20


class ResearcherRequestsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "accounts/admin/researcher_requests.html"
    page_title = gettext_lazy("Researcher requests")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not researchers.can_decide(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        requests = ResearcherRequest.objects.select_related("user__profile", "decided_by__profile")
        return {
            **super().get_context_data(**kwargs),
            "pending": requests.filter(status=ResearcherRequest.Status.PENDING),
            "decided": requests.exclude(status=ResearcherRequest.Status.PENDING).order_by("-decided_at")[:RECENT],
        }


def _name(user):
    try:
        return user.profile.name
    except Profile.DoesNotExist:
        return public_name(user)


@require_POST
def decide(request, pk, step):
    """Approve or refuse one request (the buttons of the list); the member is emailed."""
    if step not in ("approve", "refuse"):
        raise PermissionDenied
    if not researchers.can_decide(request.user):
        raise PermissionDenied
    researcher_request = get_object_or_404(ResearcherRequest, pk=pk)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        researchers.decide(researcher_request, request.user, approve=step == "approve", note=note)
    except researchers.Refused as refused:
        messages.error(request, str(refused))
    else:
        name = _name(researcher_request.user)
        if step == "approve":
            messages.success(request, _("%(name)s is now a researcher and has been told.") % {"name": name})
        else:
            messages.success(
                request, _("The request of %(name)s was refused and they have been told.") % {"name": name}
            )
    return redirect("kms_researcher_requests")
