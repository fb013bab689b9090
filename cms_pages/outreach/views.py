from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from kms.pagecache import origin_checked

from . import newsletter, ratelimit
from .forms import SignupForm
from .models import Subscription


def _signup_page(request, form, status=200, **context):
    return render(request, "outreach/signup.html", {"newsletter_form": form, **context}, status=status)


@origin_checked  # the footer form is on every cached page, so it carries no CSRF token (kms.pagecache)
@require_http_methods(["GET", "POST"])
def signup(request):
    """The newsletter signup; the footer form posts here, and errors come back on this page, filled in."""
    if request.method == "GET":
        return _signup_page(request, SignupForm())
    form = SignupForm(request.POST)
    if ratelimit.is_limited("signup", request):
        return _signup_page(
            request, form, status=429, rate_limited=True, rate_limit_minutes=ratelimit.window_minutes("signup")
        )
    if not form.is_valid():
        return _signup_page(request, form, status=400)
    if not form.caught_in_honeypot:
        newsletter.request_subscription(form.cleaned_data["email"], get_language())
    ratelimit.record("signup", request)  # only once the sign-up went through: a failure costs the visitor nothing
    return redirect("outreach:signup-sent")


def signup_sent(request):
    return render(request, "outreach/signup_sent.html")


def _invalid_link(request, error, kind):
    status = {"damaged": 400, "expired": 410, "gone": 404}[error.reason]
    context = {"reason": error.reason, "kind": kind, "newsletter_form": SignupForm()}
    return render(request, "outreach/invalid_link.html", context, status=status)


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """The link in the confirmation email. GET asks (mail scanners follow links); POST confirms."""
    try:
        subscription = newsletter.subscription_to_confirm(token)
    except newsletter.InvalidLink as error:
        return _invalid_link(request, error, "confirm")
    if subscription.status == Subscription.Status.UNSUBSCRIBED:
        # The address left after this link was sent; only a new signup brings it back.
        return _invalid_link(request, newsletter.InvalidLink("gone"), "confirm")
    done = subscription.status == Subscription.Status.SUBSCRIBED
    if request.method == "POST" and not done:
        newsletter.confirm(subscription)
        done = True
    return render(request, "outreach/confirm.html", {"subscription": subscription, "done": done})


@csrf_exempt  # the signed token is the authority; mail clients POST here without a session (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """The link in every newsletter email. GET shows a button; POST, from it or from the mail client, unsubscribes."""
    try:
        subscription = newsletter.subscription_to_unsubscribe(token)
    except newsletter.InvalidLink as error:
        return _invalid_link(request, error, "unsubscribe")
    done = subscription.status == Subscription.Status.UNSUBSCRIBED
    if request.method == "POST" and not done:
        newsletter.unsubscribe(subscription)
        done = True
    again = SignupForm(initial={"email": subscription.email})
    context = {"subscription": subscription, "done": done, "newsletter_form": again}
    return render(request, "outreach/unsubscribe.html", context)
