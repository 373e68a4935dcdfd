"""The dashboard: a fixed number of queries whatever the history, a light page, htmx fragments, reports."""

import datetime
import io
import re

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from muster.force.models import Contingent, Movement

pytestmark = pytest.mark.django_db

PAGE_BUDGET = 150 * 1024  # DESIGN.md: HTML, CSS, JS and images of a page together, uncompressed


def dashboard_queries(client, on="2025-02-06"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/dashboard/MSS/", {"on": on})
    assert response.status_code == 200
    return len(queries)


def test_the_dashboard_issues_the_same_queries_whatever_the_size_of_the_history(signed_in):
    client = signed_in("j1")
    dashboard_queries(client)  # warm the caches a first request fills (content types, session)
    before = dashboard_queries(client)
    contingents = list(Contingent.objects.filter(mission__code="MSS"))
    Movement.objects.bulk_create(
        Movement(contingent=contingents[i % len(contingents)], kind=Movement.Kind.ARRIVAL,
                 date=datetime.date(2024, 7, 1) + datetime.timedelta(days=i % 200), count=3, unknown=3)
        for i in range(2000)
    )
    assert dashboard_queries(client) == before
    assert before <= 16, f"{before} queries for one dashboard"


def test_the_dashboard_with_everything_it_loads_stays_under_150_kb(signed_in):
    response = signed_in("j1").get("/dashboard/MSS/", {"on": "2025-12-31"})
    html = response.content.decode()
    assets = set(re.findall(r'(?:src|href)="/static/([^"]+)"', html))
    assert {"muster/muster.css", "muster/htmx.min.js"} <= assets
    external = re.findall(r'(?:src|href)="(https?:)?//', html)
    assert not [a for a in re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(https?://[^"]+)"', html)], external
    weight = len(response.content) + sum(len(open(finders.find(a), "rb").read()) for a in assets)
    assert weight < PAGE_BUDGET, f"the dashboard weighs {weight / 1024:.0f} KB"


def test_changing_the_date_with_htmx_returns_only_the_dashboard_body(signed_in):
    response = signed_in("j1").get("/dashboard/MSS/", {"on": "2025-01-18"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and 'id="strength-table"' in html
    assert "617" in html


def test_an_unreadable_date_says_so_and_shows_today(signed_in):
    html = signed_in("j1").get("/dashboard/MSS/", {"on": "6 February"}).content.decode()
    assert "is not a date" in html


def test_the_chart_is_svg_with_its_figures_in_a_table_beside_it(signed_in):
    html = signed_in("j1").get("/dashboard/MSS/", {"on": "2025-02-06"}).content.decode()
    chart = html[html.index('<figure class="chart'):html.index("</figure>")]
    assert "<svg" in chart and "<script" not in chart
    table = html[html.index('id="series-table"'):]
    last_row = table[table.index("6 Feb 2025"):table.index("</tr>", table.index("6 Feb 2025"))]
    assert "1,080" in last_row  # the mission total on the date asked for


def test_the_strength_report_exists_as_pdf_xlsx_and_csv(signed_in):
    client = signed_in("j1")
    pdf = client.get("/dashboard/MSS/strength.pdf", {"on": "2025-02-06"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert 'filename="strength_MSS_2025-02-06.pdf"' in pdf["Content-Disposition"]
    book = load_workbook(io.BytesIO(client.get("/dashboard/MSS/strength.xlsx", {"on": "2025-02-06"}).content))
    assert book.sheetnames == ["Strength", "Claims", "Over time"]
    kenya = next(r for r in book["Strength"].iter_rows(values_only=True) if r[1] == "KEN" and r[2] == "All categories")
    assert kenya[6] == 761 and kenya[8] == 1000
    claim = next(r for r in book["Claims"].iter_rows(values_only=True) if r[1] == "KEN" and r[3] == 744)
    assert claim[4:6] == (761, 17)
    csv = client.get("/dashboard/MSS/strength.csv", {"on": "2025-02-06"}).content.decode()
    assert "Kenya,KEN,All categories,120,54,587,761" in csv
    assert "Mission total,,,120,55,905,1080" in csv


def test_the_pdf_is_made_from_the_page_template(signed_in):
    from muster.reports import rendering

    seen = {}
    original = rendering.render_to_string

    def spy(template, context, request=None):
        seen["template"], seen["context"] = template, context
        return original(template, context, request=request)

    rendering.render_to_string = spy
    try:
        signed_in("j1").get("/dashboard/MSS/strength.pdf", {"on": "2025-02-06"})
    finally:
        rendering.render_to_string = original
    html = original(seen["template"], seen["context"])
    assert 'id="strength-table"' in html and 'id="reconciliation"' in html and ">761<" in html


def test_every_rule_of_the_charts_stylesheet_names_its_chart(demo):
    """WeasyPrint paints a chart black when a rule of its stylesheet has no selector."""
    import html as html_module

    import tinycss2

    from muster.missions.models import Mission
    from muster.reports.strength import strength_report

    svg = strength_report(mission=Mission.objects.get(code="MSS"), on=datetime.date(2025, 2, 6)).chart_svg()
    css = html_module.unescape(re.search(r"<style[^>]*>(.*?)</style>", svg, re.DOTALL).group(1))
    selectors = [tinycss2.serialize(rule.prelude).strip() for rule in tinycss2.parse_stylesheet(css, True, True)
                 if rule.type == "qualified-rule"]
    assert selectors and all(s.startswith("#chart-") for s in selectors)
