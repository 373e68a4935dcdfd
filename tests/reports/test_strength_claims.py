"""The strength report compares the published figures that stand on its date, not every figure ever published.

A figure stands on a date when it is its publisher's latest, on or before the date, for its subject (countries and
category) and metric; arrivals are events, each day's its own (sources.selectors.claims_standing). The page, the
API and the command list and count those; the exports keep every figure up to the date, each marked. MINUSTAH's
contribution table (52 months, 11,211 figures) checks it at field scale: the report reads the same queries for one
month of the table as for all of them.
"""

import csv
import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from muster.force.contribution_history import contribution_table_import
from muster.missions.models import Mission, PersonnelCategory
from muster.reports.serializers import strength_answer
from muster.reports.strength import strength_report
from muster.sources.models import Claim, Source
from tests.force.test_contribution_history import expected_on, table_dates, table_of

pytestmark = pytest.mark.django_db

FEB_6 = datetime.date(2025, 2, 6)


def claim_row(html, claim):
    start = html.index(f'id="claim-{claim.pk}"')
    return html[start:html.index("</tr>", start)]


def kenyas_744():
    return Claim.objects.get(mission__code="MSS", countries="KEN", metric=Claim.Metric.STRENGTH, value=744,
                             as_of=FEB_6)


def later_figure(claim, *, value, as_of):
    """A newer figure from the publisher of `claim`, about the same subject and metric, in a statement of its own."""
    source = Source.objects.create(kind=Source.Kind.NEWS_ARTICLE, title="A later statement", published_on=as_of,
                                   publisher=claim.source.publisher, reliability="C", credibility="3")
    later = Claim.objects.create(source=source, mission=claim.mission, category=claim.category, metric=claim.metric,
                                 as_of=as_of, value=value)
    later.countries.set(claim.countries.all())
    return later


def test_a_publishers_newer_figure_replaces_its_older_one_and_no_other_publishers(signed_in):
    kenya = kenyas_744()  # kenyans.co.ke: 744 on 6 February, against 761 from movements
    others = Claim.objects.filter(mission__code="MSS", as_of__lte=FEB_6).exclude(metric=Claim.Metric.PLANNED)
    before = strength_report(mission=kenya.mission, on=FEB_6)
    assert kenya in before.claims and before.claims_total == others.count() == 13
    assert before.claims[:before.claims_differing] == [c for c in before.claims if c.difference]  # differing first

    newer = later_figure(kenya, value=761, as_of=datetime.date(2025, 2, 10))
    # On 6 February the newer figure is not yet given: the 744 stands.
    assert strength_report(mission=kenya.mission, on=FEB_6).claims_total == 13
    after = strength_report(mission=kenya.mission, on=newer.as_of)
    assert kenya not in after.claims and newer in after.claims
    assert after.claims_total == 13  # the 744 replaced, the 761 standing
    assert after.claims_differing == before.claims_differing - 1  # the 761 agrees; the 744 counts no more
    (shown,) = [c for c in after.claims if c.pk == newer.pk]
    assert (shown.computed, shown.difference) == (761, 0)

    html = signed_in("j1").get("/dashboard/MSS/", {"on": newer.as_of.isoformat()}).content.decode()
    assert f'id="claim-{kenya.pk}"' not in html and ">761<" in claim_row(html, newer)
    # Another publisher's older figure for Kenya stands: publishers never replace each other's.
    january = Claim.objects.get(mission__code="MSS", countries="KEN", metric=Claim.Metric.STRENGTH, value=600)
    assert january.source.publisher != kenya.source.publisher
    assert "+17" in claim_row(html, january)
    # Every figure is still in the claims list and the exports, the replaced one marked.
    export = signed_in("j1").get("/dashboard/MSS/strength.csv", {"on": newer.as_of.isoformat(), "part": "claims"})
    marks = {row["Reported by"] + " " + row["Reported"]: row["On the date"]
             for row in csv.DictReader(io.StringIO(export.content.decode())) if row["Subject"] == "KEN"}
    assert marks[f"{kenya.source.publisher} 744"] == "replaced by the publisher's newer figure"
    assert marks[f"{kenya.source.publisher} 761"] == "standing"


def test_arrivals_are_events_each_days_figure_stands(demo):
    # ACLED gives Kenya's arrivals on 25 June 2024 and on 18 January 2025: the second does not replace the first.
    acled = Claim.objects.filter(mission__code="MSS", source__publisher="ACLED", metric=Claim.Metric.ARRIVED)
    assert acled.count() == 2
    report = strength_report(mission=Mission.objects.get(code="MSS"), on=FEB_6)
    assert set(acled) <= set(report.claims)
    (first,) = [c for c in report.claims if c.pk == acled.get(as_of=datetime.date(2024, 6, 25)).pk]
    assert first.value == 400 and first.difference == 200 - 400  # the Kenyan press's 200 arrived that day


def test_one_publishers_two_countries_together_are_a_subject_of_their_own(demo):
    mss = Mission.objects.get(code="MSS")
    source = Source.objects.create(kind=Source.Kind.NEWS_ARTICLE, title="Two contingents", publisher="example.org")

    def figure(countries, as_of, value):
        claim = Claim.objects.create(source=source, mission=mss, as_of=as_of, value=value)
        claim.countries.set(countries)
        return claim

    both = figure(["KEN", "GTM"], datetime.date(2025, 1, 20), 760)
    kenya = figure(["KEN"], datetime.date(2025, 1, 25), 617)
    guatemala_kenya = figure(["GTM", "KEN"], datetime.date(2025, 2, 1), 770)  # the same two, named the other way
    standing = strength_report(mission=mss, on=FEB_6).claims
    assert kenya in standing and guatemala_kenya in standing and both not in standing


def test_the_api_and_the_command_bound_what_they_print_and_say_so(demo):
    mss = Mission.objects.get(code="MSS")
    source = Source.objects.create(kind=Source.Kind.NEWS_ARTICLE, title="Daily arrivals", publisher="example.org")
    # 150 days' arrivals stand (each an event of its own day); 150 daily totals of one publisher are one figure.
    days = [datetime.date(2024, 7, 1) + datetime.timedelta(days=i) for i in range(150)]
    Claim.objects.bulk_create([Claim(source=source, mission=mss, metric=metric, as_of=day, value=5)
                               for day in days for metric in (Claim.Metric.ARRIVED, Claim.Metric.STRENGTH)])
    standing = 13 + 150 + 1

    answer = strength_answer(strength_report(mission=mss, on=FEB_6))
    assert (answer["claims_total"], answer["claims_limit"], len(answer["claims"])) == (standing, 100, 100)
    differing = answer["claims_differing"]
    assert [c["difference"] != 0 for c in answer["claims"]][:differing] == [True] * min(differing, 100)

    out = io.StringIO()
    call_command("strength", mission="MSS", on=FEB_6.isoformat(), format="json", stdout=out)
    printed = json.loads(out.getvalue())
    assert (len(printed["claims"]), printed["claims_total"], printed["claims_limit"]) == (100, standing, 100)
    assert printed["claims_differing"] == differing
    assert printed["claims_note"] == (
        f"100 listed of {standing} published figures standing on 2025-02-06 (each publisher's latest for each "
        f"subject and figure), {differing} differing. Every figure up to the date: the claims list "
        "(/api/claims/?mission=MSS&as_of_before=2025-02-06) or the CSV export (--format csv).")
    text = io.StringIO()
    call_command("strength", mission="MSS", on=FEB_6.isoformat(), format="table", stdout=text)
    assert text.getvalue().rstrip().endswith(printed["claims_note"])


# --- MINUSTAH at field scale ---------------------------------------------------------------------------------


def minustah_import(code, dates):
    """A mission `code` whose history is MINUSTAH's table on `dates` (its figures and the movements they make)."""
    mission = Mission.objects.create(code=code, name=f"MINUSTAH ({code})", start=datetime.date(2004, 6, 1),
                                     end=datetime.date(2017, 10, 15))
    table = table_of(dates).decode().replace('"MINUSTAH"', f'"{code}"').encode()
    contribution_table_import(user=None, mission=mission, content=table, filename=f"{code}.csv", fmt="ipi")
    return mission


def report_queries(client, mission, on):
    with CaptureQueriesContext(connection) as page:
        html = client.get(f"/dashboard/{mission.code}/", {"on": on.isoformat()}).content.decode()
    with CaptureQueriesContext(connection) as api:
        answer = client.get("/api/strength/", {"mission": mission.code, "on": on.isoformat()}).json()
    return len(page), len(api), html, answer


def test_minustah_mid_2013_compares_the_tables_latest_figures_in_the_same_queries_as_one_month(signed_in):
    on = datetime.date(2013, 6, 30)
    dates = table_dates()
    one_month = minustah_import("ONEMONTH", [on])
    whole = minustah_import("WHOLE", dates)
    client = signed_in("j3")
    report_queries(client, one_month, on)  # warm the caches a first request fills (content types, session)

    page_one, api_one, _html, _answer = report_queries(client, one_month, on)
    page_all, api_all, html, answer = report_queries(client, whole, on)

    assert len(dates) == 52 and Claim.objects.filter(mission=whole).count() == 11_211
    assert (page_all, api_all) == (page_one, api_one)
    # What stands: of each country and category the table gave up to mid-2013, its latest figures (strength, men,
    # women), a country gone before then with its last month's; 9,570 figures up to the date, 276 standing.
    subjects = set().union(*(expected_on(day)[0] for day in dates if day <= on))
    report = strength_report(mission=whole, on=on)
    assert report.claims_total == answer["claims_total"] == 3 * len(subjects) == 276
    assert Claim.objects.filter(mission=whole, as_of__lte=on).count() == 9_570
    assert report.claims_differing == answer["claims_differing"] == 0  # the history was built from them
    assert len(answer["claims"]) == answer["claims_limit"] == 100
    assert all(c["as_of"] == on.isoformat() for c in answer["claims"])  # the most recent first
    assert '<div class="figure">0</div>' in html.split("Published figures that differ")[1]
    assert f"20 shown of the {report.claims_total} published figures standing on this date" in html
    # Brazil's troops: the June 2013 figure stands, January 2010's is replaced.
    brazil = Claim.objects.filter(mission=whole, countries="BRA", category=PersonnelCategory.MILITARY,
                                  metric=Claim.Metric.STRENGTH)
    assert brazil.get(as_of=on).pk in report.claims_standing_ids
    assert brazil.get(as_of=datetime.date(2010, 1, 31)).pk not in report.claims_standing_ids


def test_the_planning_figure_beside_no_ceiling_is_the_latest_standing_and_not_rejected(signed_in):
    planned = Claim.objects.get(mission__code="MSS", metric=Claim.Metric.PLANNED)  # 2,500, June 2024
    client = signed_in("j3")

    def card():
        html = client.get("/dashboard/MSS/", {"on": FEB_6.isoformat()}).content.decode()
        return html.split("Authorized ceiling")[1].split('<div class="card">')[0]

    assert "none set" in card() and "planned 2,500" in card()
    other = Source.objects.create(kind=Source.Kind.NEWS_ARTICLE, title="Planning", publisher="example.org")
    Claim.objects.create(source=other, mission=planned.mission, metric=Claim.Metric.PLANNED, value=5_000,
                         as_of=datetime.date(2025, 1, 10), status=Claim.Status.REJECTED)
    assert "planned 2,500" in card()  # another publisher's newer figure, rejected, is not shown
    newer = later_figure(planned, value=2_800, as_of=datetime.date(2025, 1, 5))
    newer.status = Claim.Status.ACCEPTED
    newer.save()
    assert "planned 2,800" in card()
