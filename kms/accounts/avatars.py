"""Profile pictures as kms stores them: decoded and re-encoded, with nothing of the upload but its pixels.

A photo's metadata can carry where it was taken (EXIF GPS), the camera's serial number and the
original file name; for people on the move that is where they live. So every picture is decoded,
turned upright, stripped of every metadata block and saved again, in the format its content is
(never its name) and under a random name with that format's extension.
"""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

# Content formats accepted, and the format and extension each is stored as (a GIF keeps its first frame).
FORMATS = {"JPEG": ("JPEG", "jpg"), "PNG": ("PNG", "png"), "WEBP": ("WEBP", "webp"), "GIF": ("PNG", "png")}
# A 2 MB upload can declare a huge canvas that decodes to gigabytes (a decompression bomb); 25 million
# pixels is twice a phone camera's 12 MP and decodes to about 100 MB at most.
MAX_PIXELS = 25_000_000
SAVE_OPTIONS = {"JPEG": {"quality": 85, "optimize": True}, "PNG": {"optimize": True}, "WEBP": {"quality": 85}}
TOO_MANY_PIXELS = _("The picture has too many pixels; please choose a smaller one.")
NOT_A_PICTURE = _("Please choose a JPEG, PNG, WebP or GIF picture.")
# Pictures are shown at 96 px; 1024 px keeps them sharp on any screen and small on disk.
MAX_SIDE = 1024


def reencode(upload):
    """The picture in `upload` as a new file with no metadata, or ValidationError with a message for the member."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Only the decoders of the accepted formats ever see the bytes.
            image = Image.open(upload, formats=list(FORMATS))
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(TOO_MANY_PIXELS, code="pixels")
            source_format = image.format
            if source_format == "JPEG":
                # Lets the decoder scale down while reading: a large photo never sits whole in memory.
                image.draft("RGB", (MAX_SIDE, MAX_SIDE))
            image.load()
            image = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(TOO_MANY_PIXELS, code="pixels") from None
    except ValidationError:
        raise
    except Exception:
        # Pillow's decoders raise many kinds of errors on hostile files; each one means "not a picture".
        raise ValidationError(NOT_A_PICTURE, code="invalid") from None

    target_format, extension = FORMATS[source_format]
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    strip(image, target_format).save(out, target_format, **SAVE_OPTIONS[target_format])
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


def strip(image, target_format):
    """A new image holding the pixels alone: no EXIF, XMP, ICC profile, text chunks or comments."""
    if target_format == "JPEG":
        image = image.convert("L" if image.mode == "L" else "RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")
    clean = Image.new(image.mode, image.size)
    clean.paste(image, (0, 0))
    return clean
