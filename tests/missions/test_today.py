"""The mission's today: reports default to the date where the mission is (its time zone), not the server's (UTC);
a mission that has ended opens on its last day, with a note; nobody is at its sites after it ended."""

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from muster.force.forms import SiteAssignmentForm
from muster.force.models import Contingent, SiteAssignment
from muster.force.selectors import personnel_by_site
from muster.missions.models import Mission, mission_report_day, mission_today
from muster.places.models import Site

D = datetime.date
# 03:00 UTC on 10 Jan 2026 is 22:00 on 9 Jan in Port-au-Prince (UTC−5 in winter): the server's date is a day ahead.
LATE_EVENING_IN_HAITI = datetime.datetime(2026, 1, 10, 3, 0, tzinfo=datetime.UTC)
NOTE = "The MSS ended on 2 Oct 2025; showing its last day."


@pytest.fixture
def late_evening():
    with mock.patch("django.utils.timezone.now", return_value=LATE_EVENING_IN_HAITI):
        yield


def test_the_demo_missions_keep_haitis_time_and_a_time_zone_is_checked(demo):
    assert set(Mission.objects.filter(code__in=["MSS", "GSF"]).values_list("time_zone", flat=True)) == {
        "America/Port-au-Prince"}
    mission = Mission(code="X", name="X", start=D(2025, 1, 1), time_zone="Mars/Olympus_Mons")
    with pytest.raises(ValidationError) as error:
        mission.full_clean()
    assert "is not a time zone" in str(error.value.message_dict["time_zone"])
    assert Mission(code="Y", name="Y", start=D(2025, 1, 1)).time_zone == "UTC"


def test_the_missions_today_is_the_date_where_it_is(demo, late_evening):
    gsf = Mission.objects.get(code="GSF")
    assert mission_today(gsf) == D(2026, 1, 9)
    assert mission_today(Mission(code="U", name="U", start=D(2025, 1, 1))) == D(2026, 1, 10)  # UTC
    mss = Mission.objects.get(code="MSS")
    assert mission_report_day(gsf) == (D(2026, 1, 9), None)
    assert mission_report_day(mss) == (D(2025, 10, 2), NOTE)


def test_the_gsf_dashboard_and_reports_open_on_the_missions_today(signed_in, late_evening):
    client = signed_in("admin")
    response = client.get("/dashboard/GSF/")
    assert response.context["report"].on == D(2026, 1, 9)
    assert "Personnel on 9 Jan 2026" in response.content.decode()
    assert client.get("/perstat/GSF/").context["report"].on == D(2026, 1, 9)
    assert client.get("/funding/dashboard/GSF/").context["report"].on == D(2026, 1, 9)
    assert client.get("/logistics/fleet/MSS/").context["report"].on == D(2026, 1, 9)  # the fleet: today, not clamped
    assert client.get("/api/strength/?mission=GSF").json()["on"] == "2026-01-09"
    out = StringIO()
    call_command("strength", mission="GSF", format="json", stdout=out)
    assert '"on": "2026-01-09"' in out.getvalue()


def test_an_ended_mission_opens_on_its_last_day_with_a_note(signed_in, late_evening):
    client = signed_in("admin")
    for address in ("/dashboard/MSS/", "/perstat/MSS/", "/logistics/map/MSS/"):
        response = client.get(address)
        assert NOTE in response.content.decode(), address
        on = response.context["on"] if "on" in response.context else response.context["report"].on
        assert on == D(2025, 10, 2), address
    # A date asked for is shown as asked, without the note.
    response = client.get("/dashboard/MSS/?on=2025-12-01")
    assert response.context["report"].on == D(2025, 12, 1) and NOTE not in response.content.decode()


def test_nobody_is_at_the_mss_sites_after_it_ended(signed_in):
    mss = Mission.objects.get(code="MSS")
    during = personnel_by_site(sites=Site.objects.filter(mission=mss), on=D(2025, 9, 1))
    assert sum(row["personnel"] for row in during) > 0
    after = personnel_by_site(sites=Site.objects.filter(mission=mss), on=D(2025, 10, 3))
    assert sum(row["personnel"] for row in after) == 0
    # Even an assignment left open (as before the migration that closed them) counts nobody after the end.
    SiteAssignment.objects.filter(site__mission=mss).update(until=None)
    after = personnel_by_site(sites=Site.objects.filter(mission=mss), on=D(2026, 1, 9))
    assert sum(row["personnel"] for row in after) == 0
    response = signed_in("admin").get("/logistics/map/MSS/?on=2026-01-09")
    assert response.context["on"] == D(2026, 1, 9) and response.context["total"] == 0


def test_an_assignment_cannot_run_past_its_missions_end(demo):
    from muster.core.models import User

    mss = Mission.objects.get(code="MSS")
    site = Site.objects.filter(mission=mss).first()
    kenya = Contingent.objects.filter(mission=mss, country_id="KEN").first()
    form = SiteAssignmentForm({"site": site.pk, "contingent": kenya.pk, "personnel": 10, "since": "2025-09-01",
                               "until": "2025-11-01"}, user=User.objects.get(username="admin"))
    assert not form.is_valid()
    assert form.errors["until"] == ["The MSS ended on 2025-10-02: an assignment ends with its mission, on that day "
                                    "at the latest."]
    form = SiteAssignmentForm({"site": site.pk, "contingent": kenya.pk, "personnel": 10, "since": "2025-09-01",
                               "until": "2025-10-02"}, user=User.objects.get(username="admin"))
    assert form.is_valid(), form.errors


def test_a_rehat_ends_the_predecessors_open_assignments(empty_world):
    from muster.force.models import Movement
    from muster.force.services import contingent_rehat, movement_record

    old = Mission.objects.create(code="OLD", name="Old", start=D(2024, 1, 1))
    new = Mission.objects.create(code="NEW", name="New", start=D(2025, 1, 1))
    contingent = Contingent.objects.create(mission=old, country_id="KEN", category="fpu")
    movement_record(user=None, contingent=contingent, kind=Movement.Kind.ARRIVAL, date=D(2024, 2, 1), count=100)
    site = Site.objects.create(mission=old, name="Base", kind=Site.Kind.HEADQUARTERS, latitude="18.5",
                               longitude="-72.3")
    open_one = SiteAssignment.objects.create(site=site, contingent=contingent, personnel=100, since=D(2024, 2, 1))
    contingent_rehat(predecessor_mission=old, successor_mission=new, on=D(2025, 1, 1))
    open_one.refresh_from_db()
    assert open_one.until == D(2025, 1, 1)
    from muster.core.models import ObjectChange

    assert ObjectChange.objects.filter(object_id=str(open_one.pk), action="update",
                                       object_type__model="siteassignment").exists()
    sites = Site.objects.filter(mission=old)
    assert personnel_by_site(sites=sites, on=D(2025, 1, 1))[0]["personnel"] == 100
    assert personnel_by_site(sites=sites, on=D(2025, 1, 2))[0]["personnel"] == 0
