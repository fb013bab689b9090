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
    REPORT = "report", _("report")
    STUDY = "study", _("study")
    POLICY_BRIEF = "policy_brief", _("policy brief")
    WORKING_PAPER = "working_paper", _("working paper")
    DATASET = "dataset", _("dataset")
    ARTICLE = "article", _("article")
