"""Text typed in the admin runs in its own direction: every text box and text area has dir="auto", so Arabic typed
into a field of an English admin (or English into an Arabic one) is written and shown right to left (or left to
right) from its first letter.

Fields the admin's model forms build get the attribute here, on the server; boxes drawn in the browser
(StreamField blocks, inline forms added later, choosers' search boxes) get it from static/js/admin-init.js.
A field that sets its own direction (figures are always left to right) keeps it.
"""

from django import forms
from django.db import models
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import AdminAutoHeightTextInput

AUTO = {"dir": "auto"}


class AutoDirectionTextInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__({**AUTO, **(attrs or {})})


class AutoDirectionTextarea(AdminAutoHeightTextInput):
    def __init__(self, attrs=None):
        super().__init__({**AUTO, **(attrs or {})})


def _text_input(db_field):
    return {} if db_field.choices else {"widget": AutoDirectionTextInput}


def _text_area(db_field):
    return {} if db_field.choices else {"widget": AutoDirectionTextarea}


def register():
    """Plain CharField and TextField only: slugs, e-mail and web addresses keep Wagtail's widgets (and run left to
    right), rich text keeps its editor."""
    register_form_field_override(models.CharField, override=_text_input, exact_class=True)
    register_form_field_override(models.TextField, override=_text_area, exact_class=True)
