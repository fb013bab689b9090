"""Wagtail's choosers, answering 404 to an id that is not one and started without an inline script.

Wagtail's choosers pass the id from their URL (`chosen/<str:pk>/`) and their `?id=`
parameters straight to the database: "abc" raises a ValueError and a 20-digit id
overflows, each a 500 instead of "not found". Every snippet of the project uses
`SnippetViewSet` from here; the document and image choosers, which are Wagtail's own
viewset instances, get the same views when the app is ready (`harden_wagtail_choosers`).

The admin runs under a Content-Security-Policy that refuses inline scripts, and Wagtail writes one after
each chooser (`new DocumentChooser(id, options)`), each date picker and each inline panel, with no way to
give it a nonce (widgets render without the request). Here, and in kms/templates/wagtailadmin/, each is an
inert element instead (`inert_init`), which static/js/admin-init.js starts in document order, once, on
every admin page and in whatever is added later (inline panel forms, chooser modals).
"""

import json

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.html import format_html
from wagtail.snippets.views.chooser import SnippetChooserViewSet, SnippetChosenMultipleView, SnippetChosenView
from wagtail.snippets.views.snippets import SnippetViewSet as WagtailSnippetViewSet

from kms.converters import parse_id

INTEGER_KEYS = ("AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField")


def is_valid_pk(model, value):
    field = model._meta.pk
    if field.get_internal_type() in INTEGER_KEYS:
        return parse_id(str(value)) is not None
    try:
        field.to_python(value)
    except (ValidationError, ValueError, TypeError):
        return False
    return True


class ValidIdChosenMixin:
    def get_object(self, pk):
        if not is_valid_pk(self.model_class, pk):
            raise self.model_class.DoesNotExist
        return super().get_object(pk)


class ValidIdChosenMultipleMixin:
    def get_objects(self, pks):
        return super().get_objects([pk for pk in pks if is_valid_pk(self.model_class, pk)])


class ChosenView(ValidIdChosenMixin, SnippetChosenView):
    pass


class ChosenMultipleView(ValidIdChosenMultipleMixin, SnippetChosenMultipleView):
    pass


class ChooserViewSet(SnippetChooserViewSet):
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView


class SnippetViewSet(WagtailSnippetViewSet):
    chooser_viewset_class = ChooserViewSet


def harden_wagtail_choosers():
    """Give Wagtail's document and image choosers the id-checking views (before the admin's URLs are built)."""
    from wagtail.documents.views.chooser import viewset as documents
    from wagtail.images.views.chooser import viewset as images

    for viewset in (documents, images):
        viewset.chosen_view_class = type(
            viewset.chosen_view_class.__name__, (ValidIdChosenMixin, viewset.chosen_view_class), {}
        )
        viewset.chosen_multiple_view_class = type(
            viewset.chosen_multiple_view_class.__name__,
            (ValidIdChosenMultipleMixin, viewset.chosen_multiple_view_class),
            {},
        )


def inert_init(name, id_, *args):
    """The element static/js/admin-init.js starts as `name(id_, *args)`, with `new` for a constructor.

    The id has an attribute of its own: an inline panel copies its empty form by replacing only the first
    `__prefix__` up to the next quote, and the id is where that prefix is.
    """
    return format_html(
        '<span hidden data-kms-init="{}" data-kms-id="{}" data-kms-args="{}"></span>', name, id_, json.dumps(args)
    )


def render_chooser(self, name, value, attrs=None, renderer=None):
    """`BaseChooser.render`, with the inert element in place of its inline script."""
    from wagtail.admin.widgets import BaseChooser

    try:
        id_ = attrs["id"]
    except (KeyError, TypeError) as error:
        raise TypeError("BaseChooser cannot be rendered without an 'id' attribute") from error
    widget = type(self)
    if widget.render_js_init is not BaseChooser.render_js_init and widget.js_init_call is BaseChooser.js_init_call:
        raise ImproperlyConfigured(f"{widget.__name__} overrides render_js_init: give it a js_init_call too")
    value_data = self.get_value_data(value)
    return format_html(
        "{}{}", self.render_html(name, value_data, attrs), inert_init(*self.js_init_call(id_, name, value_data))
    )


def start_choosers_without_inline_scripts():
    """Make every Wagtail chooser write `inert_init`'s element where it wrote `<script>{render_js_init}</script>`."""
    from wagtail.admin.widgets import BaseChooser
    from wagtail.admin.widgets.workflows import AdminTaskChooser

    BaseChooser.render = render_chooser
    BaseChooser.js_init_call = lambda self, id_, name, value_data: (
        self.js_constructor,
        id_,
        self.get_js_init_options(id_, name, value_data),
    )
    AdminTaskChooser.js_init_call = lambda self, id_, name, value_data: ("createTaskChooser", id_)
