"""Strength at a date against the published figures, on the page, in the API and in the CLI."""

import datetime
import io
import json

import pytest
from django.core.management import call_command

from muster.force.models import Movement
from muster.force.selectors import strength_at
from muster.missions.models import Mission
from muster.sources.models import Claim

pytestmark = pytest.mark.django_db


def kenya_row(html):
    """The figures of Kenya's all-categories row on the dashboard."""
    start = html.index('data-country="KEN" data-category="all"')
    return html[start:html.index("</tr>", start)]


def reconciliation_row(html, claim):
    start = html.index(f'id="claim-{claim.pk}"')
    return html[start:html.index("</tr>", start)]


def kenya_total_claim(value, as_of):
    return Claim.objects.get(mission__code="MSS", countries="KEN", metric=Claim.Metric.STRENGTH, value=value,
                             as_of=as_of)


def test_the_dashboard_shows_kenyas_761_against_the_reported_744_and_flags_17(signed_in):
    html = signed_in("j1").get("/dashboard/MSS/", {"on": "2025-02-06"}).content.decode()
    assert ">761<" in kenya_row(html)
    claim = kenya_total_claim(744, datetime.date(2025, 2, 6))
    row = reconciliation_row(html, claim)
    assert ">744<" in row and ">761<" in row
    assert 'class="flag"' in row and "+17" in row
    assert "kenyans.co.ke" in row  # the source of the reported figure


def test_on_18_january_the_dashboard_shows_617_against_600(signed_in):
    html = signed_in("j1").get("/dashboard/MSS/", {"on": "2025-01-18"}).content.decode()
    assert ">617<" in kenya_row(html)
    row = reconciliation_row(html, kenya_total_claim(600, datetime.date(2025, 1, 18)))
    assert ">600<" in row and ">617<" in row and "+17" in row
    assert "mkenyaleo.co.ke" in row


def test_the_api_gives_the_same_figures_and_sources(signed_in):
    data = signed_in("j1").get("/api/strength/", {"mission": "MSS", "on": "2025-02-06"}).json()
    kenya = [r for r in data["rows"] if r["country"] == "KEN"]
    assert sum(r["total"] for r in kenya) == 761
    claim = next(c for c in data["claims"] if c["subject"] == "KEN" and c["metric"] == "strength"
                 and c["as_of"] == "2025-02-06")
    assert (claim["value"], claim["computed"], claim["difference"]) == (744, 761, 17)
    assert claim["source"]["publisher"] == "kenyans.co.ke"
    assert claim["source"]["address"].startswith("https://www.kenyans.co.ke/")


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_the_cli_prints_the_same_figures(demo, fmt):
    out = io.StringIO()
    call_command("strength", mission="MSS", on="2025-02-06", format=fmt, stdout=out)
    text = out.getvalue()
    if fmt == "json":
        data = json.loads(text)
        kenya = next(r for r in data["strength"] if r["ISO"] == "KEN" and r["Category"] == "All categories")
        assert kenya["Total"] == 761
        claim = next(c for c in data["claims"] if c["Subject"] == "KEN" and c["Reported"] == 744)
        assert (claim["From movements"], claim["Difference"], claim["Reported by"]) == (761, 17, "kenyans.co.ke")
    else:
        line = next(li for li in text.splitlines() if "744" in li and "761" in li)
        assert "17" in line and "kenyans.co.ke" in line
        assert any("KEN" in li and "All categories" in li and "761" in li for li in text.splitlines())


def test_the_cli_names_an_unknown_mission_and_a_bad_date(demo):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No mission with code 'XYZ'.*MSS"):
        call_command("strength", mission="XYZ", on="2025-02-06")
    with pytest.raises(CommandError, match="not a date"):
        call_command("strength", mission="MSS", on="6 Feb")


def test_the_first_kenyan_arrival_is_recorded_once_with_the_400_kept_as_disputed(demo):
    arrivals = Movement.objects.filter(contingent__mission__code="MSS", contingent__country="KEN",
                                       kind=Movement.Kind.ARRIVAL, date=datetime.date(2024, 6, 25))
    assert [m.count for m in arrivals] == [200]
    assert arrivals[0].citations.get().source.publisher == "kenyan-post.com"
    disputed = Claim.objects.filter(countries="KEN", value=400, as_of=datetime.date(2024, 6, 25),
                                    status=Claim.Status.DISPUTED)
    assert {c.source.publisher for c in disputed} == {"ACLED", "steningsimpson.com.au"}


def test_every_movement_of_the_demo_has_its_source(demo):
    assert not Movement.objects.filter(citations__isnull=True).exists()


def test_the_gsf_continues_from_the_mss_and_each_keeps_its_own_history(demo):
    mss, gsf = Mission.objects.get(code="MSS"), Mission.objects.get(code="GSF")
    before = strength_at(mission=mss, on=datetime.date(2025, 10, 1))
    after = strength_at(mission=gsf, on=datetime.date(2025, 10, 2))
    # Kenya 761 less two killed and one missing; Jamaica's relief teams 18 + 3; Belize 2; Bahamas 6 (the
    # naval team had left); Guatemala 150; El Salvador 78.
    assert after.total == before.total == 758 + 21 + 2 + 6 + 150 + 78
    assert {(r.country, r.category, r.total, r.women) for r in after.rows} == {
        (r.country, r.category, r.total, r.women) for r in before.rows}
    assert strength_at(mission=mss, on=datetime.date(2025, 10, 2)).total == 0
    assert strength_at(mission=mss, on=datetime.date(2025, 2, 6)).total == 1080  # MSS history unchanged
    assert strength_at(mission=gsf, on=datetime.date(2025, 10, 1)).total == 0  # GSF had nobody before
    kenya = [r for r in strength_at(mission=gsf, on=datetime.date(2025, 12, 9)).rows if r.country == "KEN"]
    assert sum(r.total for r in kenya) == 761 - 3 + 230 - 100


def test_the_ceiling_is_the_authorization_in_force(signed_in):
    client = signed_in("j1")
    mss = client.get("/api/strength/", {"mission": "MSS", "on": "2025-02-06"}).json()
    gsf = client.get("/api/strength/", {"mission": "GSF", "on": "2025-12-31"}).json()
    assert mss["ceiling"] is None  # resolution 2699 set none
    assert gsf["ceiling"] == 5550
    html = client.get("/dashboard/MSS/", {"on": "2025-02-06"}).content.decode()
    assert "none set" in html and "2,500" in html  # the planning figure, with its source


def test_re_hatting_cannot_date_the_transfer_before_the_successor_starts(demo):
    from django.core.exceptions import ValidationError

    from muster.force.services import contingent_rehat

    mss, gsf = Mission.objects.get(code="MSS"), Mission.objects.get(code="GSF")
    with pytest.raises(ValidationError, match="GSF starts on 2025-10-02"):
        contingent_rehat(predecessor_mission=mss, successor_mission=gsf, on=datetime.date(2025, 9, 1))


def test_re_hatted_contingents_point_to_their_predecessors(demo):
    from muster.force.models import Contingent

    kenya_gsf = Contingent.objects.get(mission__code="GSF", country="KEN")
    assert kenya_gsf.predecessor == Contingent.objects.get(mission__code="MSS", country="KEN")
    transfer = kenya_gsf.movements.get(kind=Movement.Kind.TRANSFER_IN)
    assert (transfer.count, transfer.women) == (758, 54)
    assert transfer.citations.get().source.publisher == "kdrtv.co.ke"
