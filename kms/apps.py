from django.apps import AppConfig


class KmsConfig(AppConfig):
    """The project package as an app: shared template tags and the demo loader."""

    name = "kms"
    verbose_name = "kms"

    def ready(self):
        from django.conf import settings
        from PIL import Image

        # Pillow refuses to open a picture of more than twice this many pixels (a decompression bomb)
        # and warns above it; so nothing anywhere (avatars, Wagtail images, covers) decodes more than the limit.
        Image.MAX_IMAGE_PIXELS = settings.KMS_EXTRACTION_LIMITS["max_pixels"] // 2

        from .choosers import harden_wagtail_choosers, start_choosers_without_inline_scripts

        harden_wagtail_choosers()
        start_choosers_without_inline_scripts()

        from . import admin_text, names, pagecache

        names.connect()
        pagecache.connect()
        admin_text.register()
