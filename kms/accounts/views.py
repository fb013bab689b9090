from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import researchers
from .forms import ProfileForm, ResearcherRequestForm
from .models import Profile, ResearcherRequest


def _researcher_context(user, profile, form=None):
    """What the profile shows about the researcher role: the role, the waiting request, or the form to ask."""
    last = ResearcherRequest.objects.filter(user=user).order_by("-created_at", "-pk").first()
    if form is None and researchers.can_ask(user):
        form = ResearcherRequestForm(initial={"organisation": profile.organisation_name})
    return {"is_researcher": researchers.is_researcher(user), "researcher_request": last, "researcher_form": form}


@login_required
def profile(request, researcher_form=None, status=200):
    profile, _created = Profile.objects.select_related("organisation", "country").get_or_create(user=request.user)
    context = {"profile": profile, **_researcher_context(request.user, profile, researcher_form)}
    return render(request, "accounts/profile.html", context, status=status)


@login_required
@require_POST
def ask_researcher(request):
    """The profile's "become a researcher" form; a bad form comes back with what was typed."""
    form = ResearcherRequestForm(request.POST)
    if not form.is_valid():
        return profile(request, researcher_form=form, status=400)
    try:
        researchers.ask(request.user, form.cleaned_data["organisation"], form.cleaned_data["reason"], get_language())
    except researchers.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Your request has been sent. You will get an email when staff have decided."))
    return redirect("accounts:profile")


@login_required
def edit_profile(request):
    profile, _created = Profile.objects.get_or_create(user=request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=profile)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    else:
        form = ProfileForm(instance=profile)
    return render(request, "accounts/profile_form.html", {"form": form})
