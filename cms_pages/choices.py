"""Choices shared by the page models and the forms that filter them; a leaf module that imports nothing of the app."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

FILE_LANGUAGES = [(code, name) for code, name in settings.LANGUAGES] + [("other", _("Other language"))]


class DocumentKind(models.TextChoices):
    """What a document is; shared by the library's files and the pages that present them."""

    REPORT = "report", _("Report")
    BROCHURE = "brochure", _("Brochure")
    CAPACITY_STATEMENT = "capacity_statement", _("Capacity statement")
    FACTSHEET = "factsheet", _("Factsheet")
    STUDY = "study", _("Study")
    OTHER = "other", _("Other")


class NewsType(models.TextChoices):
    RELEASE = "release", _("News release")
    STORY = "story", _("Story or testimony")
    REPORT_HIGHLIGHT = "report_highlight", _("Report highlight")
    BEST_PRACTICE = "best_practice", _("Best practice")
