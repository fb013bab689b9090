"""Saved searches: save from the search page, manage, follow by private RSS feed, and email digests.

A saved search stores the search page's parameters, never results or audiences: each run asks the
engine again with the owner's audiences *at that moment*, so content hidden from them since (a
revoked membership, a staff role removed) stops reaching their inbox and feed.

"New" means: dated no earlier than the day before the last check (one day of margin for items
indexed late, e.g. published just before a run but indexed after it) and not announced before.
`seen_ids` remembers what was announced, so the margin never repeats an item.
"""

import datetime
import html
import logging
from dataclasses import asdict, dataclass

from allauth.account.models import EmailAddress
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.translation import get_language, get_language_info, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from kms import public_url
from kms.public_url import PublicFeedMixin

from .engine import get_engine
from .engines.base import EngineUnavailable
from .models import SavedSearch, new_feed_token
from .params import DATE_PARAMS, FILTER_PARAMS, BadParameter, query_from_params
from .permissions import audiences_for
from .views import FACET_TITLES, KIND_LABELS, _as_date, facet_labels

logger = logging.getLogger(__name__)

SAVED_PARAMS = ("q", *FILTER_PARAMS, *DATE_PARAMS, "sort")  # never page or page_size: a saved search is not a page
MAX_SAVED_PER_USER = 50
FEED_ITEMS = 20
LOOKBACK = 50  # newest matches examined per run; more than this between two runs is not a digest
SHOWN_PER_SEARCH = 10  # listed in the email; the rest behind "see all results"
NEW_MARGIN = datetime.timedelta(days=1)
DUE_AFTER = {
    # A little under the period, so a cron job at the same hour every day (or week) always finds them due.
    SavedSearch.Frequency.DAILY: datetime.timedelta(hours=23),
    SavedSearch.Frequency.WEEKLY: datetime.timedelta(days=7) - datetime.timedelta(hours=2),
}
UNSUBSCRIBE_SALT = "kms.search.saved.unsubscribe"


# --- Parameters and engine runs -------------------------------------------------------------


def normalise_params(params):
    """The urlencoded form of a search: known parameters only, values sorted, default sort dropped."""
    pairs = []
    for name in SAVED_PARAMS:
        if name == "q":
            text = " ".join(params.get("q", "").split())
            if text:
                pairs.append(("q", text))
            continue
        values = sorted({value.strip() for value in params.getlist(name) if value.strip()})
        if name == "sort":
            values = [value for value in values[:1] if value != "relevance"]
        pairs.extend((name, value) for value in values)
    query = QueryDict(mutable=True)
    for name, value in pairs:
        query.appendlist(name, value)
    return query.urlencode()


def _query_for(saved, count):
    params = QueryDict(saved.query, mutable=True)
    params.setlist("sort", ["date"])
    params.setlist("page_size", [str(count)])
    return query_from_params(params, audiences_for(saved.user), reader_language=saved.language)


def newest_matches(saved, count):
    """The newest hits of a saved search, as its owner may see them today. Raises EngineUnavailable."""
    if not saved.user.is_active:
        return []
    return get_engine().search(_query_for(saved, count)).hits


def _ids(hit):
    """A hit and its other language versions: the representative of a group may change between runs."""
    return [hit.id, *(version.id for version in hit.also_in)]


def _cutoff(saved):
    return (saved.seen_until - NEW_MARGIN).date()


def new_matches(saved):
    seen, cutoff, found = set(saved.seen_ids), _cutoff(saved), []
    for hit in newest_matches(saved, LOOKBACK):
        date = _as_date(hit.date)
        if date is None or date < cutoff:
            break  # sorted newest first: nothing further down is new
        if seen.isdisjoint(_ids(hit)):
            found.append(hit)
    return found


def mark_seen(saved, hits, now):
    ids = [record_id for hit in hits for record_id in _ids(hit)]
    saved.seen_ids = (ids + [i for i in saved.seen_ids if i not in ids])[: SavedSearch.SEEN_IDS_KEPT]
    saved.seen_until = now


def start_from_now(saved):
    """What matches when a search is saved is not news: remember it so the first digest skips it."""
    saved.seen_until = timezone.now()
    try:
        hits = newest_matches(saved, LOOKBACK)
        recent = [hit for hit in hits if (_as_date(hit.date) or datetime.date.min) >= _cutoff(saved)]
    except EngineUnavailable:
        recent = []  # the first digest may then repeat today's matches; saving must not fail for it
    mark_seen(saved, recent, saved.seen_until)


def search_url(saved):
    return reverse("search:search") + ("?" + saved.query if saved.query else "")


def _snippet_text(snippet):
    return html.unescape(strip_tags(snippet or ""))


# --- Unsubscribe tokens ----------------------------------------------------------------------


def unsubscribe_token(saved=None, user=None):
    """A signed, non-expiring token: one saved search, or (for List-Unsubscribe) all of a person's digests."""
    payload = {"s": saved.pk} if saved is not None else {"u": user.pk}
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT)


def _searches_for_token(token):
    """The saved searches a token stops, and whether it means all of them. Raises signing.BadSignature."""
    payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if "s" in payload:
        return SavedSearch.objects.filter(pk=payload["s"]), False
    return SavedSearch.objects.filter(user_id=payload["u"]), True


def unsubscribe_url(saved=None, user=None):
    return public_url.absolute(reverse("search:unsubscribe", args=[unsubscribe_token(saved, user)]))


# --- Forms -----------------------------------------------------------------------------------


class SaveSearchForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200, required=False)
    frequency = forms.ChoiceField(label=gettext_lazy("Email me new results"), choices=SavedSearch.Frequency.choices)


class SavedSearchForm(forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ["name", "frequency"]


# --- Views -----------------------------------------------------------------------------------


@require_POST
def save_search(request):
    """The "Save this search" form of the search page: save, say so, and go back to the results."""
    query = normalise_params(request.POST)
    back = reverse("search:search") + ("?" + query if query else "")
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    form = SaveSearchForm(request.POST)
    try:
        query_from_params(QueryDict(query), audiences_for(request.user))
    except BadParameter as error:
        messages.error(request, _("This search cannot be saved: %(error)s") % {"error": error})
        return redirect(back)
    if len(query) > SavedSearch._meta.get_field("query").max_length:
        messages.error(request, _("This search has too many filters to be saved. Remove a few and try again."))
        return redirect(back)
    if not form.is_valid():
        messages.error(request, _("Choose how often you want to receive new results: daily or weekly."))
        return redirect(back)
    name = form.cleaned_data["name"].strip() or " ".join(request.POST.get("q", "").split())[:200] or _("All documents")
    existing = SavedSearch.objects.filter(user=request.user, query=query).first()
    if existing:
        existing.name, existing.frequency, existing.active = name, form.cleaned_data["frequency"], True
        existing.save(update_fields=["name", "frequency", "active"])
        messages.success(request, _("You had already saved this search; its name and email frequency are updated."))
        return redirect(back)
    if SavedSearch.objects.filter(user=request.user).count() >= MAX_SAVED_PER_USER:
        messages.error(
            request,
            _("You already have %(count)s saved searches, the most allowed. Delete one to save this search.")
            % {"count": MAX_SAVED_PER_USER},
        )
        return redirect(back)
    saved = SavedSearch(
        user=request.user,
        name=name,
        query=query,
        language=get_language() or settings.LANGUAGE_CODE,
        frequency=form.cleaned_data["frequency"],
    )
    start_from_now(saved)
    try:
        with transaction.atomic():
            saved.save()
    except IntegrityError:  # the same search saved twice at once: the first one stands
        pass
    messages.success(
        request,
        _("Search saved. New results will reach you by email (%(frequency)s); manage it under “My saved searches”.")
        % {"frequency": saved.get_frequency_display().lower()},
    )
    return redirect(back)


def _describe(saved, labels):
    """The filters of a saved search in words, for people who did not write the URL."""
    params = QueryDict(saved.query)
    parts = []
    for param, facet in FILTER_PARAMS.items():
        values = params.getlist(param)
        if values:
            names = ", ".join(str(labels[facet].get(value, value)) for value in values)
            parts.append(f"{FACET_TITLES[facet]}: {names}")
    for param, title in zip(DATE_PARAMS, (_("From"), _("To")), strict=True):
        if params.get(param):
            parts.append(f"{title}: {params[param]}")
    return parts


@login_required
def saved_list(request):
    searches = list(SavedSearch.objects.filter(user=request.user))
    labels = facet_labels() if searches else {}
    rows = [
        {
            "saved": saved,
            "form": SavedSearchForm(instance=saved, auto_id=f"saved-{saved.pk}-%s"),
            "run_url": search_url(saved),
            "text": QueryDict(saved.query).get("q", ""),
            "filters": _describe(saved, labels),
            "feed_url": public_url.absolute(reverse("search-feed", args=[saved.feed_token])),
        }
        for saved in searches
    ]
    return render(request, "search/saved_list.html", {"rows": rows, "max_saved": MAX_SAVED_PER_USER})


def _own(request, pk):
    return get_object_or_404(SavedSearch, pk=pk, user=request.user)


@login_required
@require_POST
def update_saved(request, pk):
    saved = _own(request, pk)
    form = SavedSearchForm(request.POST, instance=saved)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your saved search “%(name)s” is updated.") % {"name": saved.name})
    else:
        messages.error(request, _("Give the saved search a name and choose daily or weekly emails."))
    return redirect("search:saved")


@login_required
@require_POST
def toggle_emails(request, pk):
    saved = _own(request, pk)
    saved.active = request.POST.get("active") == "1"
    if saved.active:
        saved.seen_until = max(saved.seen_until, timezone.now())  # resume with what is new from now on
    saved.save(update_fields=["active", "seen_until"])
    if saved.active:
        messages.success(request, _("Emails for “%(name)s” are on again.") % {"name": saved.name})
    else:
        messages.success(request, _("Emails for “%(name)s” are paused. The feed keeps working.") % {"name": saved.name})
    return redirect("search:saved")


@login_required
@require_POST
def delete_saved(request, pk):
    saved = _own(request, pk)
    saved.delete()
    messages.success(request, _("The saved search “%(name)s” is deleted, with its feed.") % {"name": saved.name})
    return redirect("search:saved")


@login_required
@require_POST
def reset_feed(request, pk):
    """A new feed address, for when the old one was shared by mistake: the old one stops at once."""
    saved = _own(request, pk)
    saved.feed_token = new_feed_token()
    saved.save(update_fields=["feed_token"])
    messages.success(
        request, _("The feed of “%(name)s” has a new address; the old one no longer works.") % {"name": saved.name}
    )
    return redirect("search:saved")


@csrf_exempt  # the signed token is the authority; mail clients POST here without a session (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One click from an email. GET asks (link scanners must not unsubscribe anyone); POST stops the emails."""
    try:
        searches, everything = _searches_for_token(token)
    except (signing.BadSignature, KeyError, TypeError):
        return render(request, "search/unsubscribe.html", {"invalid": True}, status=400)
    searches = list(searches)
    if not searches:
        return render(request, "search/unsubscribe.html", {"gone": True}, status=404)
    done = False
    if request.method == "POST":
        SavedSearch.objects.filter(pk__in=[s.pk for s in searches]).update(active=False)
        done = True
    context = {"searches": searches, "done": done, "token": token, "all": everything}
    return render(request, "search/unsubscribe.html", context)


class SavedSearchFeed(PublicFeedMixin, Feed):
    """A private RSS 2.0 feed of a saved search's newest matches; the unguessable token is the only key."""

    feed_type = Rss201rev2Feed
    language = None  # the framework then takes the active language: the saved search's, see __call__

    def __call__(self, request, token):
        saved = SavedSearch.objects.select_related("user").filter(feed_token=token, user__is_active=True).first()
        if saved is None:
            raise Http404("No such feed.")
        request.saved_search = saved
        with translation.override(saved.language):
            try:
                response = super().__call__(request, token=token)
            except EngineUnavailable:
                return HttpResponse(
                    _("Search is temporarily unavailable."),
                    status=503,
                    content_type="text/plain; charset=utf-8",
                    headers={"Retry-After": "300"},
                )
        response["Cache-Control"] = "private, max-age=300"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def get_object(self, request, token):
        return request.saved_search

    def title(self, saved):
        return _("kms: %(name)s") % {"name": saved.name}

    def link(self, saved):
        return search_url(saved)

    def description(self, saved):
        return _("The newest results of your saved search “%(name)s”. This feed address is private.") % {
            "name": saved.name
        }

    def items(self, saved):
        return newest_matches(saved, FEED_ITEMS)

    def item_title(self, hit):
        return hit.title

    def item_link(self, hit):
        return hit.url

    def item_description(self, hit):
        return _snippet_text(hit.snippet)

    def item_guid(self, hit):
        return hit.id

    item_guid_is_permalink = False

    def item_pubdate(self, hit):
        date = _as_date(hit.date)
        return datetime.datetime.combine(date, datetime.time(), tzinfo=datetime.UTC) if date else None

    def item_categories(self, hit):
        return [str(KIND_LABELS.get(hit.kind, hit.kind))]


# --- Digests ---------------------------------------------------------------------------------


@dataclass
class DigestSummary:
    frequency: str
    checked: int = 0  # saved searches that were due
    emails: int = 0  # sent, or that would be sent in a dry run
    matches: int = 0  # new matches in those emails
    no_email: int = 0  # people with new matches but no verified email address
    failed: int = 0  # searches the engine could not run, or emails that could not be sent
    dry_run: bool = False

    def as_dict(self):
        return asdict(self)


def due(frequency, now):
    return (
        SavedSearch.objects.filter(frequency=frequency, active=True, user__is_active=True)
        .filter(Q(checked_at__isnull=True) | Q(checked_at__lte=now - DUE_AFTER[frequency]))
        .select_related("user")
        .order_by("user_id", "-created_at")
    )


def verified_email(user):
    addresses = EmailAddress.objects.filter(user=user, verified=True).order_by("-primary", "pk")
    return addresses.values_list("email", flat=True).first()


def _digest_message(user, address, found):
    """One email for one person: every saved search with news, in the language of the newest of them."""
    language = found[0][0].language
    with translation.override(language):
        sections = [
            {
                "name": saved.name,
                "search_url": public_url.absolute(search_url(saved)),
                "unsubscribe_url": unsubscribe_url(saved),
                "frequency": saved.get_frequency_display(),
                "more": max(0, len(hits) - SHOWN_PER_SEARCH),
                "hits": [
                    {
                        "title": hit.title,
                        "url": public_url.absolute(hit.url),
                        "language": hit.language,
                        "kind": KIND_LABELS.get(hit.kind, hit.kind),
                        "date": _as_date(hit.date),
                        "snippet": _snippet_text(hit.snippet),
                    }
                    for hit in hits[:SHOWN_PER_SEARCH]
                ],
            }
            for saved, hits in found
        ]
        count = sum(len(hits) for _saved, hits in found)
        all_url = unsubscribe_url(user=user)
        context = {
            "sections": sections,
            "count": count,
            "manage_url": public_url.absolute(reverse("search:saved")),
            "unsubscribe_all_url": all_url,
            "language": language,
            "bidi": get_language_info(language)["bidi"],
        }
        subject = ngettext(
            "%(count)s new result for your saved searches", "%(count)s new results for your saved searches", count
        ) % {"count": count}
        message = EmailMultiAlternatives(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
            body=render_to_string("search/email/digest.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
            headers={
                "List-Unsubscribe": f"<{all_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Auto-Submitted": "auto-generated",
            },
        )
        message.attach_alternative(render_to_string("search/email/digest.html", context), "text/html")
    return message, count


def send_saved_search_digests(frequency, dry_run=False, now=None):
    """Check every due saved search of one frequency and send each person one email with what is new.

    Nothing is sent to a person with nothing new. A search the engine cannot run, or an email that
    cannot be sent, leaves its saved searches unchanged, so the next run tries again.
    """
    now = now or timezone.now()
    summary = DigestSummary(frequency=str(frequency), dry_run=dry_run)
    by_user = {}
    for saved in due(frequency, now):
        by_user.setdefault(saved.user, []).append(saved)
    connection = None if dry_run else get_connection()
    for user, searches in by_user.items():
        summary.checked += len(searches)
        found, checked = [], []
        for saved in searches:
            try:
                hits = new_matches(saved)
            except EngineUnavailable:
                logger.warning("saved search %s not checked: search engine unavailable", saved.pk)
                summary.failed += 1
                continue
            checked.append((saved, hits))
            if hits:
                found.append((saved, hits))
        sent = False
        if found:
            address = verified_email(user)
            if not address:
                summary.no_email += 1
                continue
            message, count = _digest_message(user, address, found)
            if not dry_run:
                message.connection = connection
                try:
                    message.send()
                except Exception:  # SMTP and network errors alike: count, log, retry next run
                    logger.exception("saved-search digest to user %s not sent", user.pk)
                    summary.failed += 1
                    continue
            summary.emails += 1
            summary.matches += count
            sent = True
        if dry_run:
            continue
        for saved, hits in checked:
            mark_seen(saved, hits, now)
            saved.checked_at = now
            if hits and sent:
                saved.last_sent_at = now
            saved.save(update_fields=["seen_ids", "seen_until", "checked_at", "last_sent_at"])
    return summary
