"""The reports' charts: server-rendered SVG (pygal) in the house style of muster.core.charts."""

import pygal

from muster.core.charts import CHART_WIDTH, LEGEND_CHARACTERS, MUSTER_STYLE, X_LABEL_ROTATION, month_axis, svg_of


def stacked_strength_chart(*, title, points, series, width=CHART_WIDTH, height=360):
    """A stacked area chart of strength at each point, one colour per group (country).

    `series` maps a group label to its values, one per point. Returns the SVG markup to inline.
    An area rather than bars: one path per country instead of a shape per bar keeps the SVG near 20 KB
    at 24 points, inside the page-weight budget. The CSS keeps pygal's per-chart id prefix: without it
    pygal writes rules with empty selectors, and WeasyPrint then paints the PDF's chart black. The legend
    runs in three columns; a name longer than fits one ("Bolivia, Plurinational State of") is cut short with "…"
    (the table beside the chart names it whole).
    """
    chart = pygal.StackedLine(
        fill=True, show_dots=False,
        width=width, height=height, style=MUSTER_STYLE, title=title, js=[], disable_xml_declaration=True,
        show_minor_x_labels=False, x_label_rotation=X_LABEL_ROTATION, legend_at_bottom=True,
        legend_at_bottom_columns=min(max(len(series), 1), 3), truncate_legend=LEGEND_CHARACTERS, truncate_label=-1,
        margin=8, spacing=8, include_x_axis=True, explicit_size=False, show_y_guides=True,
    )
    month_axis(chart, points)
    for label, values in series.items():
        chart.add(label, values)
    return svg_of(chart)
