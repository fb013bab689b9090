"""Wagtail's choosers, answering 404 to an id that is not one.

Wagtail's choosers pass the id from their URL (`chosen/<str:pk>/`) and their `?id=`
parameters straight to the database: "abc" raises a ValueError and a 20-digit id
overflows, each a 500 instead of "not found". Every snippet of the project uses
`SnippetViewSet` from here; the document and image choosers, which are Wagtail's own
viewset instances, get the same views when the app is ready (`harden_wagtail_choosers`).
"""

from django.core.exceptions import ValidationError
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
