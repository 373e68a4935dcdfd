"""Server-rendered SVG charts (pygal): they work without JavaScript, in print and in PDF.

The house style and the SVG every chart goes through, below every app that draws one: the reports (strength,
funding, fleet readiness) and operations' weekly incidents chart.
"""

import re

from django.utils.formats import date_format
from pygal.style import Style

# System fonts only (no web fonts); colours distinguishable in greyscale print as well.
MUSTER_STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#222",
    foreground_strong="#111",
    foreground_subtle="#888",
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif",
    colors=("#1f4e79", "#c55a11", "#548235", "#7030a0", "#bf9000", "#2e75b6", "#a9302a", "#5b5b5b",
            "#38761d", "#0b5394"),
    label_font_size=14,
    major_label_font_size=14,
    legend_font_size=14,
    title_font_size=15,
)

# One SVG for every screen, drawn CHART_WIDTH units wide and scaled to the page's width (no script measures the
# screen): on a phone the chart is about 350 CSS pixels wide and a 14-unit label is drawn at about 9.5 px; on a
# wide screen the stylesheet caps the chart at 40rem, and the same label is about 15 px, like the text around it.
CHART_WIDTH = 520
LEGEND_CHARACTERS = 20  # what fits a third of the chart's width


PYGAL_CONFIG_SCRIPT = re.compile(r"<script[^>]*>.*?</script>", re.DOTALL)
# pygal names each chart by a UUID and repeats that name in every rule of the chart's stylesheet (a hundred
# times): its first eight hex digits name it as well among the few charts of a page, 3 KB lighter.
PYGAL_CHART_ID = re.compile(r"\bchart-([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")


# Month labels slant, so that two neighbouring months (the last month's end and the date asked for) stay apart at
# the chart's width, where a level label would run into the next.
X_LABEL_ROTATION = -45


def month_axis(chart, points):
    """Label the x axis with the points' months, every third one and the last (the date asked for)."""
    chart.x_labels = [date_format(p, "M y") for p in points]  # the month in the reader's language
    majors = chart.x_labels[::3]
    chart.x_labels_major = majors + chart.x_labels[-1:] if (len(points) - 1) % 3 else majors


# What pygal writes for its tooltip script alone: each value's <desc> elements (its value and where to show it) and
# the classes the script looks for; and coordinates to the fifteenth decimal.
PYGAL_TOOLTIP_DATA = re.compile(r"<desc\b[^>]*>[^<]*</desc>")
PYGAL_LONG_NUMBER = re.compile(r'="(-?\d+\.\d{2,})"')


def svg_of(chart, *, lean=False):
    """The chart's SVG markup to inline in a page. pygal always writes a <script> of settings for its tooltip
    code, which Muster does not load (and the Content-Security-Policy would refuse): dropped, the chart is complete
    without it.

    `lean` drops as well what only that script reads, and rounds coordinates to a tenth of a unit (the chart is drawn
    CHART_WIDTH units wide): for a chart of many shapes (a year of weekly bars by type), about a quarter of the
    weight per bar. The chart looks the same."""
    svg = PYGAL_CHART_ID.sub(r"chart-\1", PYGAL_CONFIG_SCRIPT.sub("", chart.render(is_unicode=True)))
    if lean:
        svg = PYGAL_TOOLTIP_DATA.sub("", svg).replace(' rx="0" ry="0"', "").replace(" reactive tooltip-trigger", "")
        svg = PYGAL_LONG_NUMBER.sub(lambda number: f'="{round(float(number.group(1)), 1):g}"', svg)
    return svg
