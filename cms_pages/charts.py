"""Small charts drawn on the server as inline SVG: no JavaScript, light, and mirrored for right-to-left readers."""

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH, HEIGHT = 480, 220
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_SIDE = 28, 30, 12


# Left-to-right isolate: a grouped number ("11 200") keeps its digits in order inside right-to-left text.
LRI, PDI = "\u2066", "\u2069"


def _nice(value):
    return number_format(round(value), force_grouping=True) if value == int(value) else number_format(value, 1)


def bar_chart(points, *, title="", rtl=False, number=_nice):
    """An SVG bar chart of (label, value) pairs in time order; `number` writes a value for the reader.

    In right-to-left languages time runs from right to left, as the reader's eye
    does; the labels stay upright text so they are read and announced normally,
    and each number is isolated left to right, so "11 200" never reads "200 11".
    """
    if not points:
        return ""
    points = [(label, float(value), f"{LRI}{number(value)}{PDI}") for label, value in points]
    top = max(value for _label, value, _text in points) or 1
    slot = (WIDTH - 2 * MARGIN_SIDE) / len(points)
    bar = slot * 0.62
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{MARGIN_SIDE}" y1="{HEIGHT - MARGIN_BOTTOM}" x2="{WIDTH - MARGIN_SIDE}" '
        f'y2="{HEIGHT - MARGIN_BOTTOM}" stroke="#4a5566" stroke-width="1"/>',
    ]
    for index, (label, value, text) in enumerate(points):
        position = len(points) - 1 - index if rtl else index
        x = MARGIN_SIDE + position * slot + (slot - bar) / 2
        height = plot_height * value / top
        y = HEIGHT - MARGIN_BOTTOM - height
        centre = x + bar / 2
        parts.append(
            f'<g><rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{height:.1f}" fill="#0b5cad">'
            f"<title>{escape(label)}: {escape(text)}</title></rect>"
            f'<text x="{centre:.1f}" y="{y - 6:.1f}" text-anchor="middle" font-size="13" fill="#1d2430">'
            f"{escape(text)}</text>"
            f'<text x="{centre:.1f}" y="{HEIGHT - MARGIN_BOTTOM + 18}" text-anchor="middle" font-size="13" '
            f'fill="#1d2430">{escape(label)}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
