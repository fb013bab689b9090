"""Choices shared by the research models and the publication list's filters; a leaf module that imports nothing
of the app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

LANGUAGE_CHOICES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
    ("nl", _("Dutch")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("de", _("German")),
    ("it", _("Italian")),
]


class PublicationType(models.TextChoices):
    REPORT = "report", _("Report")
    STUDY = "study", _("Study")
    POLICY_BRIEF = "policy_brief", _("Policy brief")
    WORKING_PAPER = "working_paper", _("Working paper")
    DATASET = "dataset", _("Dataset")
    ARTICLE = "article", _("Article")
