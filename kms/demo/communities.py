"""The communities' demo: partner accounts, three communities (one members-only), lessons in four languages
across the whole review lifecycle, evidence PDFs, discussions with replies and two events.

Rows are found again by their natural keys (email, slug, title), so a second run updates them.
"""

import datetime
import zoneinfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from communities import tasks
from communities.models import (
    Attachment,
    Community,
    Event,
    Follow,
    Lesson,
    LessonTransition,
    LessonVersion,
    Membership,
    Reply,
    Thread,
)
from kms.accounts.groups import PARTNER_MEMBERS
from kms.accounts.models import Profile
from kms.taxonomy.models import Country, Organisation, Theme

from .loader import only_language, read
from .pdf import build_pdf

S = Lesson.State


def load(out):
    """Create or refresh this part of the demo; return the partner logins to print at the end of the run."""
    data = read("communities")
    users = _partners(data["partners"], data["password"])
    out.write(f"  {len(users)} partner accounts")
    communities = _communities(data["communities"], users)
    out.write(f"  {len(communities)} communities")
    lessons = _lessons(data["lessons"], users, communities)
    _evidence(data["evidence"], lessons)
    out.write(f"  {len(lessons)} lessons, {len(data['evidence'])} with a PDF as evidence")
    threads = _threads(data["threads"], users, communities, lessons)
    for item in data["replies"]:
        Reply.objects.get_or_create(
            thread=threads[item["thread"]], author=users[item["author"]], body=only_language(item)[1]["body"]
        )
    # Who started or replied to a discussion follows it, as on the site.
    for thread in threads.values():
        for user_id in {thread.author_id, *thread.replies.values_list("author_id", flat=True)} - {None}:
            Follow.objects.get_or_create(thread=thread, user_id=user_id)
    out.write(f"  {len(threads)} discussions, {len(data['replies'])} replies")
    _events(data["events"], communities)
    out.write(f"  {len(data['events'])} events")
    _requests(data["requests"], users, communities)
    out.write(f"  {len(data['requests'])} requests to join")
    return [
        f"Partner login: {partner['email']} / {data['password']}   ({partner['name']})" for partner in data["partners"]
    ]


def _partners(partners, password):
    group, _created = Group.objects.get_or_create(name=PARTNER_MEMBERS)
    users = {}
    for partner in partners:
        email = partner["email"]
        user = get_user_model().objects.filter(email=email).first()
        if user is None:
            user = get_user_model()(email=email, username=email.split("@")[0].replace(".", "_"))
            user.set_password(password)
            user.save()
        user.groups.add(group)
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        profile, _created = Profile.objects.get_or_create(user=user)
        profile.display_name = partner["name"]
        profile.organisation = Organisation.objects.filter(slug=partner["organisation"]).first()
        profile.country = Country.objects.filter(code=partner["country"]).first()
        profile.languages = partner["languages"]
        profile.save()
        users[email] = user
    return users


def _communities(items, users):
    communities = {}
    joined = timezone.now() - datetime.timedelta(days=120)
    for item in items:
        fields = {name: item[name] for name in ("visibility", "join_policy", "original_language")}
        for code, words in item["words"].items():
            fields.update({f"name_{code}": words["name"], f"description_{code}": words["description"]})
        community, _created = Community.objects.update_or_create(slug=item["key"], defaults=fields)
        community.themes.set(Theme.objects.filter(slug__in=item["themes"]))
        community.countries.set(Country.objects.filter(code__in=item["countries"]))
        for role, emails in (
            (Membership.Role.FACILITATOR, item["facilitators"]),
            (Membership.Role.MEMBER, item["members"]),
        ):
            for email in emails:
                Membership.objects.update_or_create(
                    community=community,
                    user=users[email],
                    defaults={"role": role, "state": Membership.State.ACTIVE, "joined_at": joined},
                )
        communities[item["key"]] = community
    return communities


def _requests(items, users, communities):
    """People who asked to join and wait for an answer; a request already answered (in the demo site) stays
    answered."""
    for item in items:
        _language, words = only_language(item)
        Membership.objects.get_or_create(
            community=communities[item["community"]],
            user=users[item["person"]],
            defaults={"state": Membership.State.REQUESTED, "request_message": words["message"]},
        )


def _lessons(items, users, communities):
    lessons = {}
    now = timezone.now()
    for number, item in enumerate(items):
        language, words = only_language(item)
        community, state = communities[item["community"]], item["state"]
        sections = {name: f"<p>{words[name]}</p>" if words.get(name) else "" for name in Lesson.SECTIONS}
        day = now - datetime.timedelta(days=60 - number * 4)
        lesson, created = Lesson.objects.update_or_create(
            community=community,
            title=words["title"],
            defaults={
                "author": users[item["author"]],
                "language": language,
                "state": state,
                "moderation_reason": words.get("reason", ""),
                "submitted_at": day if state != S.DRAFT else None,
                "published_at": day + datetime.timedelta(days=1) if state == S.PUBLISHED else None,
                **sections,
            },
        )
        lesson.countries.set(Country.objects.filter(code__in=item["countries"]))
        lesson.themes.set(Theme.objects.filter(slug__in=item["themes"]))
        if created:
            _history(lesson, community)
        lessons[item["key"]] = lesson
    return lessons


def _history(lesson, community):
    """The versions and moderation steps a lesson in this state would have gone through."""
    reviewer = (
        Membership.objects.filter(community=community, role=Membership.Role.FACILITATOR)
        .exclude(user=lesson.author)
        .first()
    )
    reviewer = reviewer.user if reviewer else None
    LessonVersion.objects.create(
        lesson=lesson, number=1, content=lesson.snapshot(), state=S.DRAFT, created_by=lesson.author
    )
    if lesson.state == S.DRAFT:
        return
    steps = [(S.DRAFT, S.SUBMITTED, lesson.author, "")]
    if lesson.state != S.SUBMITTED:
        steps.append((S.SUBMITTED, lesson.state, reviewer, lesson.moderation_reason))
    for source, target, actor, reason in steps:
        LessonTransition.objects.create(lesson=lesson, from_state=source, to_state=target, actor=actor, reason=reason)


def _evidence(items, lessons):
    """Each lesson's evidence PDF, written at load time, and its evidence links."""
    for item in items:
        lesson = lessons[item["key"]]
        language, words = only_language(item)
        links = "\n".join(item.get("links", []))
        if links and lesson.evidence_links != links:
            lesson.evidence_links = links
            lesson.save(update_fields=["evidence_links"])
        if lesson.attachments.filter(original_name=words["file"]).exists():
            continue
        pdf = build_pdf(words["title"], words["paragraphs"], language, author=lesson.author.profile.name)
        content = ContentFile(pdf, name=words["file"])
        attachment = Attachment.objects.create(
            lesson=lesson,
            file=content,
            original_name=words["file"],
            content_type="application/pdf",
            size=content.size,
            uploaded_by=lesson.author,
        )
        tasks.extract_attachment_text.call(attachment.pk)


def _threads(items, users, communities, lessons):
    threads = {}
    for item in items:
        language, words = only_language(item)
        threads[item["key"]], _created = Thread.objects.update_or_create(
            community=communities[item["community"]],
            title=words["title"],
            defaults={
                "author": users[item["author"]],
                "body": words["body"],
                "language": language,
                "lesson": lessons.get(item.get("lesson")),
            },
        )
    return threads


def _events(items, communities):
    today = timezone.now().date()
    for item in items:
        _language, words = only_language(item)
        zone = item["time_zone"]
        day = today + datetime.timedelta(days=item["in_days"])
        start = datetime.datetime(day.year, day.month, day.day, 14, 0, tzinfo=zoneinfo.ZoneInfo(zone))
        Event.objects.update_or_create(
            community=communities[item["community"]],
            title=words["title"],
            defaults={
                "kind": item["kind"],
                "time_zone": zone,
                "starts_at": start,
                "ends_at": start + datetime.timedelta(hours=2),
                "place": words.get("place", ""),
                "online_link": item.get("online_link", ""),
                "agenda": words["agenda"],
            },
        )
