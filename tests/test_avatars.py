"""Profile pictures: re-encoded without metadata, typed by their content, and bombs refused."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kms.accounts.models import Profile
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db]

GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def photo_with_location():
    """A JPEG as a phone writes it: camera make, serial number and where it was taken (Sfax)."""
    exif = Image.Exif()
    exif[0x010F] = "Téléphone"  # Make
    exif[0xA431] = "SN-4242"  # BodySerialNumber
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (34.0, 44.0, 26.0), 3: "E", 4: (10.0, 45.0, 36.0)})
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 40)).save(out, "JPEG", exif=exif, comment=b"Sfax, chez Amal")
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)[2] == (34.0, 44.0, 26.0)
    return data


def png_bytes(size=(64, 64)):
    out = io.BytesIO()
    Image.new("RGBA", size, (0, 90, 160, 255)).save(out, "PNG")
    return out.getvalue()


def png_bomb(width, height):
    """A valid grey PNG of width x height pixels, all zero: a few kilobytes that decode to width*height bytes."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"\0" * (width + 1) * 100
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(rows) for _ in range(height // 100)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def upload(client, name, data, content_type="image/jpeg"):
    return client.post(
        "/en/profile/edit/",
        {
            "display_name": "Amal Ben Salah",
            "bio": "Médiatrice à Sfax.",
            "avatar": SimpleUploadedFile(name, data, content_type),
        },
    )


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


def stored(user):
    return Profile.objects.get(user=user).avatar


def test_a_photo_is_stored_without_its_location_or_any_metadata(client, member):
    data = photo_with_location()
    response = upload(client, "amal-a-sfax.jpg", data)
    assert response.status_code == 302
    avatar = stored(member)
    assert avatar.name.endswith(".jpg")
    assert "amal" not in avatar.name
    with avatar.open("rb") as f:
        saved = f.read()
    image = Image.open(io.BytesIO(saved))
    assert image.format == "JPEG"
    assert image.size == (640, 480)
    assert not image.getexif()
    assert "comment" not in image.info
    for trace in (b"Exif", b"SN-4242", b"Sfax"):
        assert trace not in saved


def test_a_png_named_pdf_is_stored_as_the_png_it_is(client, member):
    response = upload(client, "curriculum.pdf", png_bytes(), "application/pdf")
    assert response.status_code == 302
    avatar = stored(member)
    assert avatar.name.endswith(".png")
    with avatar.open("rb") as f:
        assert Image.open(f).format == "PNG"
    assert client.get("/en/profile/").status_code == 200


def test_a_large_picture_is_scaled_down(client, member):
    out = io.BytesIO()
    Image.new("RGB", (3000, 1500), "white").save(out, "JPEG")
    assert upload(client, "banner.jpg", out.getvalue()).status_code == 302
    with stored(member).open("rb") as f:
        assert Image.open(f).size == (1024, 512)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.jpg", b"%PDF-1.7\n1 0 obj << >> endobj\n"),
        ("photo.png", png_bytes()[:60]),  # truncated
        ("photo.tiff", None),  # a real image in a format kms does not accept
    ],
)
def test_what_is_not_an_accepted_picture_is_refused_and_the_form_keeps_the_rest(client, member, name, data):
    if data is None:
        out = io.BytesIO()
        Image.new("RGB", (32, 32)).save(out, "TIFF")
        data = out.getvalue()
    response = upload(client, name, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Amal Ben Salah" in content
    assert "Médiatrice à Sfax." in content
    assert not stored(member)


@pytest.mark.parametrize("side", [6_000, pytest.param(14_000, marks=pytest.mark.slow)])
def test_a_decompression_bomb_is_refused_before_it_is_decoded(client, member, side):
    """6000² is over kms's own limit; 14000² (196 million pixels) is over twice Pillow's MAX_IMAGE_PIXELS too."""
    data = png_bomb(side, side)
    assert len(data) < 2 * 1024 * 1024
    response = upload(client, "bombe.png", data, "image/png")
    assert response.status_code == 200
    assert not stored(member)
    assert response.context["form"].errors["avatar"]


def test_the_refusal_speaks_the_members_language(client, member):
    response = client.post(
        "/fr/profile/edit/", {"avatar": SimpleUploadedFile("bombe.png", png_bomb(6_000, 6_000), "image/png")}
    )
    assert "L’image compte trop de pixels" in response.content.decode()


def test_pictures_stored_before_are_re_encoded_by_a_command(member):
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    profile = Profile.objects.get(user=member)
    profile.avatar.save("amal-a-sfax.pdf", ContentFile(photo_with_location()), save=True)
    broken = UserFactory().profile
    broken.avatar.save("broken.jpg", ContentFile(b"not a picture"), save=True)

    out = io.StringIO()
    call_command("reencode_avatars", "--dry-run", stdout=out)
    assert "Would have: 1 re-encoded, 1 removed, 0 missing." in out.getvalue()
    assert Profile.objects.get(user=member).avatar.name.endswith(".pdf")

    call_command("reencode_avatars", stdout=io.StringIO())
    avatar = Profile.objects.get(user=member).avatar
    assert avatar.name.endswith(".jpg")
    with avatar.open("rb") as f:
        assert b"Exif" not in f.read()
    assert not Profile.objects.get(pk=broken.pk).avatar
    assert not profile.avatar.storage.exists("avatars/amal-a-sfax.pdf")
