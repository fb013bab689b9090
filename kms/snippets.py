"""Wagtail's SnippetViewSet, with a chooser that answers 404 to an id that is not one.

Wagtail's snippet chooser passes the id from its URL (`chosen/<str:pk>/`) and its
`?id=` parameters straight to the database: "abc" raises a ValueError (a 500)
instead of "not found". Every snippet of the project uses this viewset.
"""

from django.core.exceptions import ValidationError
from wagtail.snippets.views.chooser import SnippetChooserViewSet, SnippetChosenMultipleView, SnippetChosenView
from wagtail.snippets.views.snippets import SnippetViewSet as WagtailSnippetViewSet

from kms.converters import parse_id


def _valid_pk(model, value):
    field = model._meta.pk
    if field.get_internal_type() in ("AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"):
        return parse_id(str(value)) is not None
    try:
        field.to_python(value)
    except (ValidationError, ValueError, TypeError):
        return False
    return True


class ChosenView(SnippetChosenView):
    def get_object(self, pk):
        if not _valid_pk(self.model_class, pk):
            raise self.model_class.DoesNotExist
        return super().get_object(pk)


class ChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return super().get_objects([pk for pk in pks if _valid_pk(self.model_class, pk)])


class ChooserViewSet(SnippetChooserViewSet):
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView


class SnippetViewSet(WagtailSnippetViewSet):
    chooser_viewset_class = ChooserViewSet
