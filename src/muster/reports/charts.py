"""Server-rendered SVG charts (pygal): they work without JavaScript, in print and in PDF."""

import re

import pygal
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
    label_font_size=11,
    major_label_font_size=11,
    legend_font_size=11,
    title_font_size=13,
)


PYGAL_CONFIG_SCRIPT = re.compile(r"<script[^>]*>.*?</script>", re.DOTALL)


def stacked_strength_chart(*, title, points, series, width=760, height=320):
    """A stacked area chart of strength at each point, one colour per group (country).

    `series` maps a group label to its values, one per point. Returns the SVG markup to inline.
    An area rather than bars: one path per country instead of a shape per bar keeps the SVG near 20 KB
    at 24 points, inside the page-weight budget. The CSS keeps pygal's per-chart id prefix: without it
    pygal writes rules with empty selectors, and WeasyPrint then paints the PDF's chart black.
    """
    chart = pygal.StackedLine(
        fill=True, show_dots=False,
        width=width, height=height, style=MUSTER_STYLE, title=title, js=[], disable_xml_declaration=True,
        show_minor_x_labels=False, x_label_rotation=0, legend_at_bottom=True,
        legend_at_bottom_columns=min(max(len(series), 1), 6), truncate_legend=-1, truncate_label=-1,
        margin=8, spacing=8, include_x_axis=True, explicit_size=False, show_y_guides=True,
    )
    chart.x_labels = [p.strftime("%b %y") for p in points]
    # Label every third month so the axis stays legible at 24 points.
    chart.x_labels_major = chart.x_labels[::3] + chart.x_labels[-1:]
    for label, values in series.items():
        chart.add(label, values)
    # pygal always writes a <script> of settings for its tooltip code, which Muster does not load (and the
    # Content-Security-Policy would refuse): drop it, the chart is complete without.
    return PYGAL_CONFIG_SCRIPT.sub("", chart.render(is_unicode=True))
