"""A 10 MB DOCX bomb (about 10 GiB unpacked) uploaded as a lesson attachment: the request's time and the web
process's peak memory over its idle figure, five times (the safety issue's bounds are 2 s and 50 MB).

Run with `.venv/bin/python -m pytest tests/bench/bench_upload_bomb.py -q -s`; prints figures, asserts
nothing about time. The request runs in this process, as the web process would, and the extraction
that follows the commit reads the file in a child process.
"""

import statistics
import time

import pytest
from django.test.client import encode_multipart
from django.urls import reverse

from tests.communities.test_attachment_bounds import memory_kib, reset_peak_memory, upload
from tests.factories.communities import CommunityFactory, LessonFactory, MembershipFactory
from tests.search import bombs

ROUNDS = 5


@pytest.mark.django_db
def test_a_10_mb_docx_bomb_upload(client, tmp_path, settings, django_capture_on_commit_callbacks):
    settings.KMS_PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    bomb = bombs.raw_docx_bomb(tmp_path / "rapport.docx").read_bytes()
    community = CommunityFactory()
    member = MembershipFactory(community=community).user
    client.force_login(member)
    seconds, grown = [], []
    for _ in range(ROUNDS):
        lesson = LessonFactory(community=community, author=member)
        url = reverse("communities:attachment_upload", args=[community.slug, lesson.pk])
        body = encode_multipart("kms-bomb", {"file": upload("rapport.docx", bomb)})
        reset_peak_memory()
        idle = memory_kib("VmRSS")
        started = time.perf_counter()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, body, content_type="multipart/form-data; boundary=kms-bomb")
        seconds.append(time.perf_counter() - started)
        grown.append((memory_kib("VmHWM") - idle) / 1024)
        assert response.status_code == 302
    print(
        f"\n10 MB DOCX bomb ({len(bomb) / 1e6:.1f} MB) as a lesson attachment, {ROUNDS} rounds: "
        f"request median {statistics.median(seconds):.2f} s (max {max(seconds):.2f} s); "
        f"web process peak over idle median {statistics.median(grown):.1f} MiB (max {max(grown):.1f} MiB)"
    )
