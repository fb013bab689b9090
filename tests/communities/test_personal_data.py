"""The personal-data check where members submit and publish: lessons (and their files' text) and
discussion posts are refused without the author's confirmation, kept, and shown again with what
was found; confirmed, they go out and keep who confirmed; reviewers see the findings."""

import pytest
from django.urls import reverse

from communities import moderation
from communities.models import Attachment, Lesson, Reply, Thread
from tests.factories.communities import LessonFactory, ThreadFactory

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]
S = Lesson.State
PHONE = "+216 98 123 456"
MASKED = "+21• •• ••• •56"


def lesson_data(**overrides):
    return {
        "title": "Orientation des rapatriés à Médenine",
        "context": f"<p>Pour joindre Amira, appelez le {PHONE} le matin.</p>",
        "what_was_done": "<p>Des pairs formés animent des groupes.</p>",
        "what_worked": "",
        "what_did_not": "",
        "recommendations": "",
        "evidence_links": "",
        "language": "",
        **overrides,
    }


def test_submitting_a_lesson_with_a_phone_number_needs_a_confirmation(client, community, member):
    client.force_login(member)
    response = client.post(
        reverse("communities:lesson_create", args=[community.slug]), {**lesson_data(), "submit": "1"}, follow=True
    )
    lesson = Lesson.objects.get(author=member)
    # Kept as a draft, and the edit form is shown again with the snippet and the box to tick.
    assert lesson.state == S.DRAFT and PHONE in lesson.context
    assert response.redirect_chain[-1][0] == reverse("communities:lesson_edit", args=[community.slug, lesson.pk])
    page = response.content.decode()
    assert MASKED in page and "Amira, appelez le" in page
    assert 'type="checkbox" name="confirm_personal_data"' in page
    assert "seems to contain personal data" in page

    response = client.post(
        reverse("communities:lesson_edit", args=[community.slug, lesson.pk]),
        {**lesson_data(), "submit": "1", "confirm_personal_data": "on"},
    )
    lesson.refresh_from_db()
    assert lesson.state == S.SUBMITTED
    assert lesson.personal_data_kinds == "phone" and lesson.personal_data_confirmed_by == member
    assert lesson.personal_data_confirmed_at is not None


def test_a_clean_lesson_is_submitted_without_a_question(client, community, member):
    client.force_login(member)
    client.post(
        reverse("communities:lesson_create", args=[community.slug]),
        {**lesson_data(context="<p>Des groupes de parole en 2024 pour 11 200 personnes.</p>"), "submit": "1"},
    )
    lesson = Lesson.objects.get(author=member)
    assert lesson.state == S.SUBMITTED and lesson.personal_data_kinds == ""


def test_the_text_read_from_an_attached_file_is_checked_too(community, member):
    lesson = LessonFactory(community=community, author=member)
    Attachment.objects.create(
        lesson=lesson,
        file="communities/x/referral.pdf",
        original_name="referral.pdf",
        content_type="application/pdf",
        size=10,
        text="Fiche de référence. Date de naissance : 14/07/1996. Passeport n° A1234567.",
    )
    with pytest.raises(moderation.PersonalDataUnconfirmed) as refused:
        moderation.apply(member, lesson, "submit")
    assert {(f.kind, f.where) for f in refused.value.findings} == {
        ("birth_date", "referral.pdf"),
        ("id_number", "referral.pdf"),
    }
    assert Lesson.objects.get(pk=lesson.pk).state == S.DRAFT


def test_the_reviewer_sees_the_findings_and_must_confirm_to_publish(client, community, member, facilitator):
    lesson = LessonFactory(community=community, author=member, context=f"<p>Tél. {PHONE}</p>")
    moderation.apply(member, lesson, "submit", confirmed=True)
    client.force_login(facilitator)
    queue = client.get(reverse("communities:queue")).content.decode()
    assert MASKED in queue and "Personal data confirmed by" in queue
    assert MASKED in client.get(lesson.get_absolute_url()).content.decode()

    review = reverse("communities:lesson_review", args=[community.slug, lesson.pk])
    response = client.post(review, {"action": "publish", "reason": "", "next": "queue"})
    assert response.status_code == 400 and MASKED in response.content.decode()
    assert Lesson.objects.get(pk=lesson.pk).state == S.SUBMITTED

    client.post(review, {"action": "publish", "reason": "", "confirm_personal_data": "on"})
    lesson.refresh_from_db()
    assert lesson.state == S.PUBLISHED and lesson.personal_data_confirmed_by == facilitator
    listed = client.get(reverse("communities:queue")).content.decode()
    assert "Published over a personal-data warning" in listed and lesson.title in listed


def test_readers_of_a_published_lesson_never_see_the_findings(client, community, member, facilitator, outsider):
    lesson = LessonFactory(community=community, author=member, context="<p>mail: amira.b@example.org</p>")
    moderation.apply(member, lesson, "submit", confirmed=True)
    moderation.apply(facilitator, lesson, "publish", confirmed=True)
    client.force_login(outsider)
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert "am•••" not in page and "Personal data confirmed" not in page


def test_a_discussion_with_an_email_address_is_refused_then_posted_with_confirmation(client, community, member):
    client.force_login(member)
    url = reverse("communities:thread_create", args=[community.slug])
    data = {
        "title": "Orientation santé mentale",
        "body": "<p>Écrivez à fatou.diallo@orange.sn pour un rendez-vous.</p>",
    }
    response = client.post(url, data)
    assert not Thread.objects.exists()
    page = response.content.decode()
    assert "fa•••" in page and "fatou.diallo@orange.sn" in page  # the snippet, and the text kept in the form
    assert 'type="checkbox" name="confirm_personal_data"' in page

    client.post(url, {**data, "confirm_personal_data": "on"})
    thread = Thread.objects.get()
    assert thread.personal_data_kinds == "email" and thread.personal_data_confirmed_by == member


def test_a_reply_in_arabic_with_a_phone_number_needs_a_confirmation(client, community, member, facilitator):
    thread = ThreadFactory(community=community)
    client.force_login(member)
    body = "<p>رقم هاتفه ٠١٠١٢٣٤٥٦٧٨ للتواصل</p>"
    response = client.post(thread.get_absolute_url(), {"body": body})
    assert response.status_code == 400 and not Reply.objects.exists()
    assert "٠١•••••••٧٨" in response.content.decode()
    client.post(thread.get_absolute_url(), {"body": body, "confirm_personal_data": "on"})
    reply = Reply.objects.get()
    assert reply.personal_data_kinds == "phone"
    # Moderators see which messages went out over a warning.
    client.force_login(facilitator)
    assert "Personal data confirmed by" in client.get(thread.get_absolute_url()).content.decode()


def test_editing_a_message_to_add_personal_data_needs_a_confirmation(client, community, member):
    thread = ThreadFactory(community=community, author=member)
    client.force_login(member)
    url = reverse("communities:thread_edit", args=[community.slug, thread.pk])
    client.post(url, {"title": thread.title, "body": "<p>Geboren op 5 maart 1988 in Conakry.</p>"})
    assert "Geboren" not in Thread.objects.get(pk=thread.pk).body
    client.post(url, {"title": thread.title, "body": "<p>Geboren op 5 maart 1988.</p>", "confirm_personal_data": "on"})
    thread.refresh_from_db()
    assert "Geboren" in thread.body and thread.personal_data_kinds == "birth_date"


@pytest.mark.parametrize("language", ["fr", "ar", "nl"])
def test_the_findings_speak_the_authors_language(client, community, member, language):
    lesson = LessonFactory(community=community, author=member, context=f"<p>Tél. {PHONE}</p>")
    client.force_login(member)
    page = client.get(f"/{language}" + lesson.get_absolute_url()[3:]).content.decode()
    label = {"fr": "numéro de téléphone", "ar": "رقم هاتف", "nl": "telefoonnummer"}[language]
    assert label in page and MASKED in page
