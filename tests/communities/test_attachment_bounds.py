"""Hostile attachments through the real views: a bomb is kept with a status, a damaged file is refused with a message.

The text of an attachment is read by the task worker after the upload is committed
(here the immediate task backend, run when the test's transaction "commits"), in a
child process; the web process only checks the container's directory.
"""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import encode_multipart
from django.urls import reverse
from django.utils import translation

from communities.models import Attachment, Lesson
from search.extraction import UNPACKED_MESSAGE, Status
from tests.communities.test_files_events_feeds import docx_bytes, lesson_post
from tests.factories.communities import LessonFactory
from tests.search import bombs, files

pytestmark = [pytest.mark.django_db]
MIB = 1024 * 1024


@pytest.fixture(scope="module")
def ten_mb_bomb(tmp_path_factory):
    path = bombs.raw_docx_bomb(tmp_path_factory.mktemp("bombs") / "rapport.docx")
    return path.read_bytes()


def memory_kib(field):
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))


def reset_peak_memory():
    """Start a new peak resident memory (VmHWM) for this process: Linux resets it on writing 5 to clear_refs."""
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_a_10_mb_docx_bomb_is_kept_with_a_status_and_the_web_process_stays_flat(
    client, community, member, ten_mb_bomb, django_capture_on_commit_callbacks
):
    assert 10 * 1000 * 1000 < len(ten_mb_bomb) <= 10 * MIB  # just under the attachment limit, ~10 GiB unpacked
    lesson = LessonFactory(community=community, author=member)
    client.force_login(member)
    url = reverse("communities:attachment_upload", args=[community.slug, lesson.pk])
    # The multipart body is built before measuring: it is the test client's memory, not the server's.
    body = encode_multipart("kms-bomb", {"file": upload("rapport.docx", ten_mb_bomb)})

    # This process is the web process here: the request and then, as the transaction
    # commits, the immediate task backend's extraction (whose parsing is in a child).
    reset_peak_memory()
    idle = memory_kib("VmRSS")
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, body, content_type="multipart/form-data; boundary=kms-bomb")
    elapsed = time.monotonic() - started
    grew_mib = (memory_kib("VmHWM") - idle) / 1024

    assert response.status_code == 302
    attachment = lesson.attachments.get()
    assert attachment.size == len(ten_mb_bomb)
    assert attachment.file.size == len(ten_mb_bomb)  # the upload is kept
    assert (attachment.text_status, attachment.text_message, attachment.text) == (
        Status.TOO_LARGE,
        UNPACKED_MESSAGE,
        "",
    )
    # The request body (10 MB) is parsed into a temporary file; nothing is inflated or parsed here.
    assert grew_mib < 50, f"grew by {grew_mib:.1f} MiB in {elapsed:.2f} s"


def test_the_author_is_told_why_the_text_of_a_bomb_is_not_searchable(
    client, community, member, django_capture_on_commit_callbacks, tmp_path
):
    data = bombs.docx_bomb(tmp_path / "bomb.docx", unpacked_mib=150).read_bytes()
    lesson = LessonFactory(community=community, author=member)
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("communities:attachment_upload", args=[community.slug, lesson.pk]),
            {"file": upload("bilan.docx", data)},
        )

    attachment = lesson.attachments.get()
    assert attachment.text_status == Status.TOO_LARGE
    with translation.override("fr"):
        page = client.get(lesson.get_absolute_url()).content.decode()
        problem = attachment.text_problem
    assert "bilan.docx" in page
    assert problem != UNPACKED_MESSAGE and problem in page  # told in the reader's language


def test_sound_attachment_text_is_read_by_the_worker(client, community, member, django_capture_on_commit_callbacks):
    lesson = LessonFactory(community=community, author=member)
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("communities:attachment_upload", args=[community.slug, lesson.pk]),
            {"file": upload("compte-rendu.docx", docx_bytes())},
        )

    attachment = lesson.attachments.get()
    assert (attachment.text_status, attachment.text_problem) == (Status.OK, "")
    assert "ورشة صفاقس" in attachment.text


@pytest.mark.parametrize(
    "parts",
    [
        {"word/document.xml": b"<w:document><w:body><w:p>unclosed"},
        {"word/document.xml": b"\x00\x01\x02 binary garbage"},
        {"[Content_Types].xml": b"<Types"},
    ],
    ids=["cut-xml", "garbage", "broken-content-types"],
)
def test_damaged_docx_is_refused_and_the_rest_of_the_lesson_comes_back(client, community, member, parts):
    client.force_login(member)

    response = client.post(
        reverse("communities:lesson_create", args=[community.slug]),
        lesson_post(attachment=upload("compte-rendu.docx", bombs.docx_with_parts(parts))),
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "is a damaged Word file" in body
    assert "Centres de ressources pour migrants au Caire" in body and "guichet unique" in body
    assert not Lesson.objects.exists() and not Attachment.objects.exists()


def test_damaged_docx_is_refused_on_the_upload_page(client, community, member):
    lesson = LessonFactory(community=community, author=member)
    client.force_login(member)
    data = bombs.docx_with_parts({"word/document.xml": files.FRENCH.encode()})

    response = client.post(
        reverse("communities:attachment_upload", args=[community.slug, lesson.pk]), {"file": upload("notes.docx", data)}
    )

    assert response.status_code == 400 and "is a damaged Word file" in response.content.decode()
    assert not lesson.attachments.exists()


def test_png_decompression_bomb_is_refused_from_its_header(client, community, member):
    lesson = LessonFactory(community=community, author=member)
    client.force_login(member)

    response = client.post(
        reverse("communities:attachment_upload", args=[community.slug, lesson.pk]),
        {"file": upload("photo.png", bombs.png_bomb(100_000, 100_000))},
    )

    assert response.status_code == 400
    assert "has more pixels than a picture may have (at most 50 million)" in response.content.decode()
    assert not lesson.attachments.exists()
