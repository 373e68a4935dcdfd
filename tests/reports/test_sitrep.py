"""The situation report compiled from the records: the demo's public record in a SITREP (strength and its changes,
funding events, published figures that disagree, fleet readiness), a week of operations (incidents by department,
the most serious described, own casualties), a fixed number of queries whatever the history's size, an issued
SITREP frozen while the live one follows the records, corrections as new versions with what changed, refusals
naming the field, and the command."""

import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from muster.core.models import User
from muster.missions.models import Mission
from muster.operations.models import Sitrep
from muster.reports import sitrep
from tests.operations import helpers

from .sitrep_world import ON, casualty, operations_week

FEB_6 = datetime.date(2025, 2, 6)


def mss():
    return Mission.objects.get(code="MSS")


def lines_by_label(report, section="strength"):
    return {line["label"]: line["figures"] for line in report.section(section)}


def test_the_week_to_6_feb_2025_gives_the_public_record(demo):
    report = sitrep.sitrep_report(mission=mss(), on=FEB_6, user=None, period="weekly")
    assert (report.start, report.on) == (datetime.date(2025, 1, 31), FEB_6)
    strength = lines_by_label(report)
    # 144 Kenyans arrived on 6 Feb and 70 Salvadorans on 4 Feb: 866 → 1,080.
    assert (strength["Kenya — Formed police unit"]["before"], strength["Kenya — Formed police unit"]["arrived"],
            strength["Kenya — Formed police unit"]["after"]) == (617, 144, 761)
    assert (strength["El Salvador — Military unit"]["arrived"], strength["El Salvador — Military unit"]["after"]) == (
        70, 78)
    assert (report.strength_total["before"], report.strength_total["after"]) == (866, 1080)
    assert str(report.strength_total_label) == "Mission total"
    kenya = next(line for line in report.strength if line["country"] == "KEN")
    assert [r["label"] for r in kenya["records"]] == ["Arrival of 144 on 06 Feb 2025"]
    assert kenya["records"][0]["url"].startswith("/movements/") and kenya["records"][0]["sources"]
    # The State Department's $13.3 and $40.7 million frozen on 4 Feb, the $40.7 million released by waiver on 6 Feb.
    assert [(f["date"], f["type"], f["usd_cents"]) for f in report.funding] == [
        ("2025-02-04", "frozen", 1_330_000_000), ("2025-02-04", "frozen", 4_070_000_000),
        ("2025-02-06", "released", 4_070_000_000)]
    # Published figures that disagree: 859 and 900 on 4 Feb against 936 from the movements, 744 Kenyans against 761.
    assert [(c["as_of"], c["figures"]["reported"], c["figures"]["computed"]) for c in report.claims] == [
        ("2025-02-04", 859, 936), ("2025-02-04", 900, 936), ("2025-02-06", 744, 761)]
    assert all(c["url"].startswith("/claims/") and c["sources"][0]["publisher"] for c in report.claims)
    # The 37 vehicles: 32 mission-capable the day before the week, all 37 at its end.
    whole = report.fleet[0]
    figures = whole["figures"]
    assert (whole["label"], figures["ready_before"], figures["fleet_before"], figures["ready"], whole["share"]) == (
        "Whole fleet", 32, 37, 37, 100.0)


def test_a_daily_sitrep_is_the_day_itself(demo):
    report = sitrep.sitrep_report(mission=mss(), on=FEB_6, user=None, period="daily")
    assert report.start == FEB_6
    strength = lines_by_label(report)
    assert strength["El Salvador — Military unit"]["before"] == 78 and strength["El Salvador — Military unit"][
        "arrived"] == 0
    assert [f["type"] for f in report.funding] == ["released"]
    assert [c["figures"]["reported"] for c in report.claims] == [744]


def test_a_week_of_operations_by_department_with_the_most_serious_described(demo):
    # The demo's own incidents of the week (its public record and SAMPLE ones) are counted before ours are added.
    before = {d["name"]: d for d in sitrep.sitrep_report(mission=mss(), on=ON, user=None,
                                                         period="weekly").departments}
    week = operations_week()
    report = sitrep.sitrep_report(mission=mss(), on=ON, user=None, period="weekly")
    ours = {f"incident:{i.pk}" for i in (week.restricted, week.shareable, week.public)}
    assert [i["title"] for i in report.incidents if i["key"] in ours] == [
        "SAMPLE clash in Delmas", "Gang attack on the Saint-Marc road", "Ambush of a Kenyan patrol at Kenscoff "
        "(restricted)"]
    departments = {d["name"]: d for d in report.departments}
    ouest, artibonite = departments["West"], departments["Artibonite"]  # COD-AB's English names: Ouest is "West"

    def added(department, figure):
        return department[figure] - before.get(department["name"], {}).get(figure, 0)

    # Ouest: the ambush (one of the mission and 30 civilians killed) and the SAMPLE clash (40 civilians killed).
    assert (added(ouest, "incidents"), added(ouest, "killed")) == (2, 71)
    assert (added(artibonite, "incidents"), added(artibonite, "killed"), added(artibonite, "wounded")) == (1, 30, 5)
    # The most serious: most killed first, then most wounded.
    assert ouest["most_serious"]["title"] == "SAMPLE clash in Delmas"
    assert artibonite["most_serious"]["title"] == "Gang attack on the Saint-Marc road"
    for department in report.departments:
        in_it = [i for i in report.incidents if (i["department"] or {}).get("name") == department["name"]]
        heaviest = max((i["figures"]["killed"], i["figures"]["wounded"]) for i in in_it)
        most = department["most_serious"]["figures"]
        assert (most["killed"], most["wounded"]) == heaviest
    # Own casualties by name for the system; the killed officer's movement takes one off Kenya's strength.
    mine = {f"casualty:{week.killed.pk}": "killed", f"casualty:{week.wounded.pk}": "wounded"}
    named = {c["key"]: (c["outcome"], c["name"]["text"]) for c in report.casualties if c["key"] in mine}
    assert {key: outcome for key, (outcome, _name) in named.items()} == mine
    assert "RESTRICTEDKENYAN" in named[f"casualty:{week.killed.pk}"][1]
    kenya = next(line for line in report.strength if line["country"] == "KEN")
    assert (kenya["figures"]["casualties"], kenya["figures"]["after"]) == (1, kenya["figures"]["before"] - 1)
    killed = next(c for c in report.casualties if c["key"] == f"casualty:{week.killed.pk}")
    assert killed["name"]["sources"][0]["title"] == week.source.title


def test_the_compilation_takes_the_same_queries_for_a_small_and_a_larger_history(demo):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            sitrep.sitrep_compile(mission=mss(), on=ON, period="weekly")
        return len(captured)

    operations_week()
    small = queries()
    incidents = len(sitrep.sitrep_compile(mission=mss(), on=ON, period="weekly")["incidents"])
    kenya = helpers.contingent()
    for n in range(25):  # more incidents, tolls, units, casualties and movements in the same week
        made = helpers.incident(title=f"Clash {n}", date=ON - datetime.timedelta(days=n % 7), units=[kenya],
                                personnel_involved=10, tolls=[("civilians", "killed", n), ("mission", "wounded", 1)])
        casualty(made, helpers.officer(kenya), "medevac", source=helpers.source())
    assert len(sitrep.sitrep_compile(mission=mss(), on=ON, period="weekly")["incidents"]) == incidents + 25
    assert queries() == small <= 16


def test_an_issued_sitrep_keeps_its_figures_and_the_live_one_follows_the_records(demo):
    operations_week()
    j3 = User.objects.get(username="j3")
    issued = sitrep.sitrep_issue(user=j3, mission=mss(), on=ON, period="weekly", assessment="Gangs test the Kenscoff "
                                 "road.")
    assert (issued.version, issued.issued_by_name) == (1, "j3")
    assert "SAMPLE clash in Delmas" in [i["title"] for i in issued.content["incidents"]]
    at_issue = sitrep.sitrep_report(mission=mss(), on=ON, user=j3, period="weekly").incident_totals
    helpers.incident(title="Later record: a clash at Pétion-Ville", date=ON, classification="public",
                     tolls=[("civilians", "killed", 7)])
    issued.refresh_from_db()
    frozen = sitrep.issued_report(issued, j3)
    live = sitrep.sitrep_report(mission=mss(), on=ON, user=j3, period="weekly")
    assert frozen.incident_totals == at_issue
    assert (live.incident_totals["incidents"], live.incident_totals["killed"]) == (
        at_issue["incidents"] + 1, at_issue["killed"] + 7)
    assert frozen.assessment == "Gangs test the Kenscoff road."


def test_a_correction_is_the_next_version_and_says_what_changed(demo, signed_in):
    operations_week()
    j3 = User.objects.get(username="j3")
    first = sitrep.sitrep_issue(user=j3, mission=mss(), on=ON, period="weekly", assessment="Calm.")
    helpers.incident(title="Later record: a clash at Pétion-Ville", date=ON, classification="public",
                     tolls=[("civilians", "killed", 7)])
    with pytest.raises(ValidationError) as refused:
        sitrep.sitrep_issue(user=j3, mission=mss(), on=ON, period="weekly", assessment="Calm.")
    assert "correction" in refused.value.message_dict
    assert Sitrep.objects.filter(mission__code="MSS", on=ON).count() == 1
    second = sitrep.sitrep_issue(user=j3, mission=mss(), on=ON, period="weekly", assessment="Not calm.",
                                 correction="A clash at Pétion-Ville was reported late.")
    assert (second.version, second.correction) == (2, "A clash at Pétion-Ville was reported late.")
    changes = sitrep.sitrep_diff(first.content, second.content)
    added = [c for c in changes if c["change"] == "added"]
    assert [(c["section"], c["label"]) for c in added] == [("incidents", "Later record: a clash at Pétion-Ville")]
    page = signed_in("j3").get(second.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "What changed since version 1" in text and "Later record: a clash at Pétion-Ville" in text
    assert "The commander&#x27;s assessment was rewritten." in text or "assessment was rewritten" in text


def test_issuing_refuses_a_day_before_the_mission_or_not_yet_over_naming_it(demo):
    j3 = User.objects.get(username="j3")
    gsf = Mission.objects.get(code="GSF")
    for mission, on in [(mss(), datetime.date(2023, 10, 1)), (gsf, datetime.date(2199, 1, 1))]:
        with pytest.raises(ValidationError) as refused:
            sitrep.sitrep_issue(user=j3, mission=mission, on=on, period="daily", assessment="")
        assert list(refused.value.message_dict) == ["on"]
    assert not Sitrep.objects.exists()


def test_issuing_through_the_page_needs_the_grant_and_shows_the_issued_version(demo, signed_in):
    operations_week()
    address = "/sitrep/MSS/issue/"
    data = {"on": ON.isoformat(), "period": "weekly", "assessment": "The Kenscoff road stays contested."}
    assert signed_in("j1").post(address, data).status_code == 403  # J1 reads SITREPs, does not issue them
    assert not Sitrep.objects.exists()
    issued = signed_in("j3").post(address, data)
    sitrep_row = Sitrep.objects.get()
    assert issued.status_code == 302 and issued["Location"] == sitrep_row.get_absolute_url()
    refused = signed_in("j3").post(address, data)  # a second version needs its correction note
    assert refused.status_code == 400 and "say what this version corrects" in refused.content.decode()
    assert Sitrep.objects.count() == 1


def test_the_live_page_and_its_files(demo, signed_in):
    client = signed_in("j3")
    page = client.get("/sitrep/MSS/", {"on": FEB_6.isoformat(), "period": "weekly"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "SITREP MSS, weekly, 31 January 2025 to 6 February 2025" in text and "1,080" in text
    assert 'action="/sitrep/MSS/issue/"' in text
    assert "Issue" in text
    odd = client.get("/sitrep/MSS/", {"on": FEB_6.isoformat(), "period": "monthly"})
    assert odd.status_code == 200 and "“monthly” is not a period" in odd.content.decode()
    for fmt, start in [("docx", b"PK"), ("xlsx", b"PK"), ("csv", b"Contingent")]:
        response = client.get(f"/sitrep/MSS/sitrep.{fmt}", {"on": FEB_6.isoformat(), "period": "weekly"})
        assert response.status_code == 200 and start in response.content[:20]
        assert f'filename="sitrep_MSS_2025-02-06_weekly.{fmt}"' in response["Content-Disposition"]


def test_the_command_prints_the_sitrep_and_writes_its_files(demo, tmp_path):
    out = io.StringIO()
    call_command("sitrep", "--mission", "MSS", "--on", "2025-02-06", "--period", "weekly", stdout=out)
    text = out.getvalue()
    assert text.startswith("SITREP MSS, weekly, 31 January 2025 to 6 February 2025")
    assert "Kenya — Formed police unit" in text and "1080" in text and "Released by waiver" in text
    out = io.StringIO()
    call_command("sitrep", "--mission", "MSS", "--on", "2025-02-06", "--format", "json", stdout=out)
    answer = json.loads(out.getvalue())
    assert (answer["period"], answer["strength_total"]["after"]) == ("daily", 1080)
    target = tmp_path / "sitrep.docx"
    out = io.StringIO()
    call_command("sitrep", "--mission", "MSS", "--on", "2025-02-06", "--format", "docx", "--output", str(target),
                 stdout=out)
    assert target.read_bytes()[:2] == b"PK" and f"Wrote {target}" in out.getvalue()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--output"):
        call_command("sitrep", "--mission", "MSS", "--format", "pdf")
