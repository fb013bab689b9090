"""Attachments (type by content, size, scan hook, served after the permission check), iCal, feeds."""

import datetime
import html
import io
import zipfile
import zoneinfo

import docx
import feedparser
import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from communities.models import Attachment, Community, Event, Lesson
from kms.demo.pdf import build_pdf
from tests.factories import UserFactory
from tests.factories.communities import (
    CommunityFactory,
    EventFactory,
    LessonFactory,
    MembershipFactory,
    PublishedLessonFactory,
)

pytestmark = pytest.mark.django_db

# Events lie ahead, as the pages that list them show only upcoming ones.
YEAR = datetime.date.today().year + 1


def pdf_bytes():
    return build_pdf("Rapport d'évaluation", ["Réintégration à Médenine.", "إعادة الإدماج في مدنين."], "fr")


def docx_bytes():
    document = docx.Document()
    document.add_paragraph("Compte rendu de l'atelier de Sfax — ورشة صفاقس")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def lesson_post(**extra):
    return {
        "title": "Centres de ressources pour migrants au Caire",
        "context": "<p>Un guichet unique d'information et d'orientation au Caire.</p>",
        "evidence_links": "",
        "language": "fr",
        **extra,
    }


# --- Type, size, scan --------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,builder,expected",
    [
        ("rapport.pdf", pdf_bytes, "application/pdf"),
        ("compte-rendu.docx", docx_bytes, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("photo.png", png_bytes, "image/png"),
        ("photo-sans-extension", png_bytes, "image/png"),  # the name does not matter, the content does
    ],
)
def test_accepted_types_are_recognised_by_content(client, community, member, name, builder, expected):
    client.force_login(member)
    response = client.post(
        reverse("communities:lesson_create", args=[community.slug]), lesson_post(attachment=upload(name, builder()))
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == expected
    assert attachment.size == len(builder()) or expected == "application/pdf"


@pytest.mark.parametrize(
    "name,content",
    [
        ("rapport.pdf", b"#!/bin/sh\necho not a pdf\n"),
        ("page.docx", b"<html><script>alert(1)</script></html>"),
        ("archive.docx", None),  # a ZIP that is not a Word document
        ("image.png", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
    ],
)
def test_wrong_type_is_refused_and_the_text_comes_back(client, community, member, name, content):
    if content is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("notes.txt", "pas un document Word")
        content = buffer.getvalue()
    client.force_login(member)
    response = client.post(
        reverse("communities:lesson_create", args=[community.slug]), lesson_post(attachment=upload(name, content))
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "is not a PDF, Word (DOCX), PNG or JPEG file" in body
    assert "Centres de ressources pour migrants au Caire" in body
    assert "guichet unique" in body
    assert not Lesson.objects.exists() and not Attachment.objects.exists()


def test_oversize_file_is_refused_with_the_limit_stated(client, settings, community, member):
    settings.KMS_ATTACHMENT_MAX_BYTES = 1024
    client.force_login(member)
    response = client.post(
        reverse("communities:lesson_create", args=[community.slug]),
        lesson_post(attachment=upload("rapport.pdf", pdf_bytes())),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "files may be at most 1.0\xa0KB" in body
    assert "guichet unique" in body
    assert not Lesson.objects.exists()


def refuse_everything(uploaded):
    raise ValidationError("Le fichier est infecté (EICAR).")


def test_scan_hook_is_called_and_can_refuse(client, settings, community, member):
    settings.KMS_ATTACHMENT_SCANNER = "tests.communities.test_files_events_feeds.refuse_everything"
    client.force_login(member)
    response = client.post(
        reverse("communities:lesson_create", args=[community.slug]),
        lesson_post(attachment=upload("rapport.pdf", pdf_bytes())),
    )
    assert "Le fichier est infecté (EICAR)." in response.content.decode()
    assert not Attachment.objects.exists()


# --- Storage and serving -------------------------------------------------------------------


def attach(lesson, content=None, name="rapport.pdf"):
    from communities.attachments import check

    uploaded = upload(name, content or pdf_bytes())
    return Attachment.objects.create(
        lesson=lesson, file=uploaded, original_name=name, content_type=check(uploaded), size=uploaded.size
    )


def test_files_live_outside_media_root_and_have_no_public_url(settings, private_media, community):
    attachment = attach(PublishedLessonFactory(community=community))
    path = attachment.file.path
    assert path.startswith(str(private_media))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        _ = attachment.file.url


def test_public_file_is_served_to_anyone(client, community):
    attachment = attach(PublishedLessonFactory(community=community))
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "public, max-age=3600"


def test_members_only_file_is_served_to_members_only(client, moderator):
    community = CommunityFactory(visibility=Community.Visibility.MEMBERS_ONLY)
    attachment = attach(PublishedLessonFactory(community=community))
    url = attachment.get_absolute_url()
    response = client.get(url)  # a signed-out visitor is asked to sign in, and comes back here
    assert response.status_code == 302 and response["Location"].endswith(f"/accounts/login/?next={url}")
    for person in (
        UserFactory(),
        MembershipFactory().user,
        UserFactory(is_staff=True),
        MembershipFactory(community=community, state="left").user,
    ):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 403 and b"%PDF" not in response.content
    client.force_login(MembershipFactory(community=community).user)
    response = client.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    client.force_login(moderator)
    assert client.get(url).status_code == 200


def test_draft_lesson_file_is_for_its_author(client, community, member):
    attachment = attach(LessonFactory(community=community, author=member))
    client.force_login(MembershipFactory(community=community).user)
    assert client.get(attachment.get_absolute_url()).status_code == 404
    client.force_login(member)
    response = client.get(attachment.get_absolute_url())
    # The lesson is still a draft in a public community: no shared cache may keep its file.
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("state", ["submitted", "changes_requested", "rejected"])
def test_unpublished_lesson_file_is_never_cached_publicly(client, community, member, state):
    attachment = attach(LessonFactory(community=community, author=member, state=state))
    client.force_login(member)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"


def test_upload_page_adds_a_file_and_refuses_a_wrong_one(client, community, member):
    lesson = LessonFactory(community=community, author=member)
    client.force_login(member)
    url = reverse("communities:attachment_upload", args=[community.slug, lesson.pk])
    response = client.post(url, {"file": upload("notes.pdf", b"plain text pretending")})
    assert response.status_code == 400 and "is not a PDF" in response.content.decode()
    client.post(url, {"file": upload("photo.png", png_bytes())})
    assert lesson.attachments.get().content_type == "image/png"


# --- Events and iCal -----------------------------------------------------------------------


def test_event_ical_parses_back_with_time_zone_and_hides_the_link_from_non_members(client, community, member):
    start = datetime.datetime(YEAR, 12, 3, 10, 0, tzinfo=zoneinfo.ZoneInfo("Africa/Tunis"))
    event = EventFactory(community=community, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    url = reverse("communities:event_ical", args=[community.slug, event.pk])
    calendar = icalendar.Calendar.from_ical(client.get(url).content)
    (item,) = calendar.walk("VEVENT")
    assert str(item["summary"]) == event.title
    assert item.decoded("dtstart") == start
    assert str(item.decoded("dtstart").tzinfo) == "Africa/Tunis"
    assert item.decoded("dtend") - item.decoded("dtstart") == datetime.timedelta(hours=2)
    assert "meet.example.org" not in client.get(url).content.decode()
    assert calendar.walk("VTIMEZONE")
    client.force_login(member)
    (item,) = icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")
    assert str(item["url"]) == event.online_link


def test_community_ical_lists_every_event(client, community):
    events = [EventFactory(community=community) for _ in range(3)]
    calendar = icalendar.Calendar.from_ical(
        client.get(reverse("communities:community_ical", args=[community.slug])).content
    )
    assert sorted(str(e["summary"]) for e in calendar.walk("VEVENT")) == sorted(e.title for e in events)


def test_members_only_calendar_is_not_public(client):
    community = CommunityFactory(visibility=Community.Visibility.MEMBERS_ONLY)
    event = EventFactory(community=community)
    assert client.get(reverse("communities:community_ical", args=[community.slug])).status_code == 404
    assert client.get(reverse("communities:event_ical", args=[community.slug, event.pk])).status_code == 404
    assert client.get(event.get_absolute_url()).status_code == 302  # to the sign-in page


def test_event_page_shows_the_link_to_members_only(client, community, member):
    event = EventFactory(community=community)
    assert event.online_link not in client.get(event.get_absolute_url()).content.decode()
    client.force_login(member)
    assert event.online_link in client.get(event.get_absolute_url()).content.decode()


def test_facilitator_adds_an_event_in_its_own_time_zone(client, community, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("communities:event_create", args=[community.slug]),
        {
            "kind": "meeting",
            "title": "Réunion des partenaires au Caire",
            "starts_at": f"{YEAR}-12-10T14:00",
            "ends_at": f"{YEAR}-12-10T16:00",
            "time_zone": "Africa/Cairo",
            "place": "Garden City, Le Caire",
            "online_link": "",
            "agenda": "<p>Tour de table</p>",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.local_start.hour == 14 and str(event.local_start.tzinfo) == "Africa/Cairo"
    assert event.starts_at.astimezone(datetime.UTC).hour == 12


def test_an_agenda_is_written_in_markdown_previewed_and_edited_as_typed(client, community, facilitator):
    client.force_login(facilitator)
    agenda = (
        "### Programme\n- Accueil\n- **Tour de table** <script>alert(1)</script>\n\n[Notes](https://example.org/notes)"
    )
    data = {
        "kind": "webinar",
        "title": "Webinaire réintégration",
        "starts_at": f"{YEAR}-12-10T14:00",
        "ends_at": f"{YEAR}-12-10T15:00",
        "time_zone": "Africa/Tunis",
        "agenda": agenda,
    }
    url = reverse("communities:event_create", args=[community.slug])
    # Preview: the form comes back with the agenda as the page will show it, and nothing is saved.
    preview = client.post(url, {**data, "preview": ""}).content.decode()
    assert "<strong>Tour de table</strong>" in preview and "alert(1)</script>" not in preview
    assert not Event.objects.exists()
    assert client.post(url, data).status_code == 302
    event = Event.objects.get()
    assert "<h3>Programme</h3>" in event.agenda and "<li><strong>Tour de table</strong>" in event.agenda
    assert "script" not in event.agenda and 'href="https://example.org/notes"' in event.agenda
    assert "<h3>Programme</h3>" in client.get(event.get_absolute_url()).content.decode()
    # Editing starts from the text as typed; an agenda stored before Markdown starts from its HTML.
    edit = reverse("communities:event_edit", args=[community.slug, event.pk])
    assert html.escape("### Programme") in client.get(edit).content.decode()
    older = EventFactory(community=community)
    form = client.get(reverse("communities:event_edit", args=[community.slug, older.pk])).content.decode()
    assert html.escape(older.agenda) in form


def test_event_form_refuses_an_unknown_zone_and_end_before_start(client, community, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("communities:event_create", args=[community.slug]),
        {
            "kind": "webinar",
            "title": "Webinaire réintégration",
            "starts_at": f"{YEAR}-12-10T14:00",
            "ends_at": f"{YEAR}-12-10T13:00",
            "time_zone": "Mars/Olympus",
            "agenda": "",
        },
    )
    body = response.content.decode()
    assert "is not a time zone we know" in body
    assert "Webinaire réintégration" in body
    assert not Event.objects.exists()


# --- Feeds ---------------------------------------------------------------------------------


def test_feeds_list_published_lessons_of_public_communities(client, community, member):
    published = [PublishedLessonFactory(community=community, author=member) for _ in range(3)]
    draft = LessonFactory(community=community, author=member, title="Brouillon à ne pas diffuser")
    for name in ("communities:feed_rss", "communities:feed_atom"):
        response = client.get(reverse(name, args=[community.slug]))
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.bozo_exception
        titles = {entry.title for entry in feed.entries}
        assert titles == {lesson.title for lesson in published}
        assert draft.title not in titles
        assert all(entry.link.startswith("http") for entry in feed.entries)


def test_members_only_community_has_no_feed(client):
    community = CommunityFactory(visibility=Community.Visibility.MEMBERS_ONLY)
    PublishedLessonFactory(community=community)
    client.force_login(MembershipFactory(community=community).user)
    assert client.get(reverse("communities:feed_rss", args=[community.slug])).status_code == 404
    assert client.get(reverse("communities:feed_atom", args=[community.slug])).status_code == 404


def test_event_times_are_shown_in_the_events_own_time_zone(client, community):
    start = datetime.datetime(YEAR, 12, 3, 14, 30, tzinfo=zoneinfo.ZoneInfo("Africa/Cairo"))
    event = EventFactory(
        community=community, starts_at=start, ends_at=start + datetime.timedelta(hours=1), time_zone="Africa/Cairo"
    )
    for url in (event.get_absolute_url(), community.get_absolute_url()):
        body = client.get(url).content.decode()
        assert "2:30 p.m." in body and "12:30 p.m." not in body, url


def test_facilitator_edits_an_event_in_its_wall_clock_time(client, community, facilitator, member):
    start = datetime.datetime(YEAR, 12, 3, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Brussels"))
    event = EventFactory(
        community=community, starts_at=start, ends_at=start + datetime.timedelta(hours=1), time_zone="Europe/Brussels"
    )
    url = reverse("communities:event_edit", args=[community.slug, event.pk])
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(facilitator)
    assert f'value="{YEAR}-12-03T09:00"' in client.get(url).content.decode()
    client.post(
        url,
        {
            "kind": "webinar",
            "title": event.title,
            "starts_at": f"{YEAR}-12-03T10:00",
            "ends_at": f"{YEAR}-12-03T11:30",
            "time_zone": "Europe/Brussels",
            "place": "",
            "online_link": "",
            "agenda": "",
        },
    )
    event.refresh_from_db()
    assert event.local_start.hour == 10 and event.ends_at - event.starts_at == datetime.timedelta(minutes=90)
