"""Titles cleaned wherever they are saved: pages, documents and images, from the admin, the importer or code.

Forms of our own clean names as they are typed (`kms.text.NameField`); Wagtail's page, document and image
forms are not ours, and the importer and the demo save models directly. So the titles are cleaned once more
just before any of these is written: right-to-left overrides, zero-width and control characters go (see
`kms.text.clean_name`); the text people meant stays.
"""

from django.db.models.signals import pre_save

from .text import clean_name

PAGE_FIELDS = ("title", "draft_title", "seo_title")


def clean_titles(sender, instance, **kwargs):
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.models import Page

    if isinstance(instance, Page):
        fields = PAGE_FIELDS
    elif isinstance(instance, (AbstractDocument, AbstractImage)):
        fields = ("title",)
    else:
        return
    for name in fields:
        value = getattr(instance, name, None)
        if value:
            cleaned = clean_name(value)
            # A title of nothing but invisible characters keeps them rather than becoming empty:
            # the form's own validation says what is wrong with it.
            if cleaned:
                setattr(instance, name, cleaned)


def connect():
    pre_save.connect(clean_titles, dispatch_uid="kms.names.clean_titles")
