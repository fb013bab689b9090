"""The charts of a place's figures over time, drawn in the reader's language and direction."""

from django import template
from django.utils.translation import get_language_bidi

from ..charts import bar_chart
from ..figures import format_number

register = template.Library()


@register.inclusion_tag("cms_pages/includes/figure_series.html")
def figure_chart(series):
    rows = series.rows()
    title = series.title

    def number(value):
        return format_number(value, series.unit)

    return {
        "series": series,
        "svg": bar_chart(rows, title=title, rtl=get_language_bidi(), number=number),
        "rows": [(period, number(value)) for period, value in rows],
    }
