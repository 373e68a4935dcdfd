"""PERSTAT: figures equal the roll (example and property), casualties stay on the roll, donors see suppressed cells."""

import csv as csv_module
import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from muster.force.models import Contingent, DutyStatus, Person, Tour, add_months
from muster.missions.models import Mission, PersonnelCategory
from muster.reports.perstat import perstat_report, perstat_table
from tests.factories import MissionFactory

ON = datetime.date(2025, 2, 6)


def officer(contingent, n, *, sex="male", arrival=datetime.date(2024, 6, 25), departure=None, statuses=()):
    person = Person.objects.create(country=contingent.country, service_number=f"{contingent.country_id}-{n}",
                                   family_name=f"Testname{n}", rank="Constable", grade="OR-3", sex=sex)
    tour = Tour.objects.create(person=person, contingent=contingent, arrival=arrival, departure=departure,
                               planned_end=add_months(arrival, 12))
    for since, status in statuses:
        DutyStatus.objects.create(tour=tour, since=since, status=status)
    return tour


@pytest.fixture
def kenya_roll(demo):
    """Twelve synthetic Kenyan officers on the MSS roll on 6 Feb 2025, with leave, a death and a new arrival."""
    kenya = Contingent.objects.get(mission__code="MSS", country_id="KEN")
    for n in range(8):
        officer(kenya, n, sex="female" if n < 3 else "male")
    officer(kenya, 8, statuses=[(datetime.date(2025, 2, 1), "leave")])
    officer(kenya, 9, statuses=[(datetime.date(2025, 1, 20), "hospitalized"), (datetime.date(2025, 2, 6), "present")])
    officer(kenya, 10, statuses=[(datetime.date(2025, 2, 2), "killed")])
    officer(kenya, 11, arrival=ON)  # arrived today
    officer(kenya, 12, departure=ON)  # left today: not on the roll tonight
    officer(kenya, 13, arrival=datetime.date(2024, 3, 1), departure=datetime.date(2024, 12, 1))
    return kenya


def test_perstat_counts_the_roll_by_status_and_flags_the_difference_from_movements(kenya_roll):
    report = perstat_report(mission=Mission.objects.get(code="MSS"), on=ON)
    state = next(s for s in report.contingents if s.contingent == kenya_roll)
    assert (state.on_roll, state.strength, state.present) == (12, 11, 10)
    assert state.by_status["leave"] == 1 and state.by_status["killed"] == 1
    assert (state.women, state.men) == (3, 8)
    assert (state.arrived, state.departed) == (1, 1)
    # The Kenyan movements of the public record add up to 761 by 6 Feb 2025; the synthetic roll holds 11.
    assert state.from_movements == 761 and state.difference == 11 - 761
    assert state.rotation == {}  # nobody's tour ends before 25 Jun 2025
    may = perstat_report(mission=Mission.objects.get(code="MSS"), on=datetime.date(2025, 5, 20))
    due = next(s for s in may.contingents if s.contingent == kenya_roll).rotation
    assert due == {30: 0, 60: 11, 90: 11}  # the 11 on the roll since 25 Jun 2024 (the killed officer too)
    share = next(s for s in report.shares if s.category == PersonnelCategory.FORMED_POLICE)
    assert (share.women, share.strength, float(share.target.share)) == (3, 11, 0.2)
    assert share.target.source.title == "Uniformed Gender Parity Strategy 2018–2028"


def test_perstat_takes_a_fixed_number_of_queries(kenya_roll):
    mission = Mission.objects.get(code="MSS")
    with CaptureQueriesContext(connection) as few:
        perstat_report(mission=mission, on=ON)
    for n in range(20, 60):
        officer(kenya_roll, n, statuses=[(datetime.date(2025, 1, 1), "leave")])
    with CaptureQueriesContext(connection) as many:
        perstat_report(mission=mission, on=ON)
    assert len(many) == len(few) <= 9


def test_a_donor_sees_the_perstat_without_names_and_with_small_cells_suppressed(kenya_roll, signed_in):
    page = signed_in("donor-usa").get("/perstat/MSS/", {"on": ON.isoformat()}).content.decode()
    assert "Testname" not in page and "Aggregates only" in page
    csv = signed_in("donor-usa").get("/perstat/MSS/perstat.csv", {"on": ON.isoformat()}).content.decode()
    kenya = next(line for line in csv.splitlines() if line.startswith("Kenya"))
    cells = kenya.split(",")
    assert cells[3:6] == ["12", "11", "10"]
    assert "<5" in cells  # leave 1, killed 1, women 3, arrived 1, departed 1
    assert "1" not in cells[6:]  # no count of one person left readable
    assert "“&lt;5”" in page and "“x”" in page  # the note explains both marks


def test_a_donor_sees_less_than_5_only_for_small_counts_and_x_for_the_others_withheld(kenya_roll, signed_in):
    """Against the exact table: "<5" stands only for a count from 1 to 4, "x" only for a larger count or a
    difference withheld; every other cell is the exact figure; no column keeps a lone hidden cell."""
    def table(username):
        text = signed_in(username).get("/perstat/MSS/perstat.csv", {"on": ON.isoformat()}).content.decode()
        return list(csv_module.reader(io.StringIO(text)))

    exact, donor = table("j1"), table("donor-usa")
    assert exact[0] == donor[0] and len(exact) == len(donor)
    marks = set()
    for exact_row, donor_row in zip(exact[1:], donor[1:], strict=True):
        for column, (value, shown) in enumerate(zip(exact_row, donor_row, strict=True)):
            if shown == "<5":
                assert 1 <= int(value) <= 4, (donor_row[0], donor[0][column], value)
            elif shown == "x":
                assert column == len(exact_row) - 1 or int(value) >= 5, (donor_row[0], donor[0][column], value)
            else:
                assert shown == value
            if shown in ("<5", "x"):
                marks.add(shown)
    assert marks == {"<5", "x"}  # the test shows both: the small cells, and the differences withheld with them
    for column in range(3, len(donor[0]) - 1):
        hidden = sum(row[column] in ("<5", "x") for row in donor[1:])
        assert hidden != 1, donor[0][column]


def test_the_personnel_officer_sees_exact_figures_and_rotation_names(kenya_roll, signed_in):
    client = signed_in("j1")
    page = client.get("/perstat/MSS/", {"on": "2025-05-20"}).content.decode()
    assert "TESTNAME0" in page  # tours from 25 Jun 2024 end on 25 Jun 2025, within 90 days
    due = Tour.objects.filter(contingent=kenya_roll, planned_end__lte=datetime.date(2025, 8, 18),
                              departure__isnull=True).select_related("person").order_by("planned_end", "pk")
    rotation = page[page.index('id="rotation"'):]
    assert rotation.count("<tr>") == due.count() + 1  # and its header
    first = due[0].person
    assert (f'<td>{first.service_number}</td><td>{first.rank}</td><td><a href="{first.get_absolute_url()}">'
            f'{first.family_name.upper()}, {first.given_names}</a></td><td>KEN</td>') in rotation
    for fmt in ("pdf", "xlsx", "csv"):
        response = client.get(f"/perstat/MSS/perstat.{fmt}", {"on": ON.isoformat()})
        assert response.status_code == 200, fmt


def test_the_cli_prints_the_perstat(kenya_roll):
    out = io.StringIO()
    call_command("perstat", mission="MSS", on=ON.isoformat(), format="csv", stdout=out)
    kenya = next(line for line in out.getvalue().splitlines() if line.startswith("perstat,Kenya"))
    assert kenya.split(",")[4:7] == ["12", "11", "10"]


STATUSES = [s.value for s in DutyStatus.Status]


class PerstatEqualsTheRoll(HypothesisTestCase):
    """For any roll and status history, the PERSTAT counts what a plain walk over the roll counts."""

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.tuples(st.integers(0, 60), st.one_of(st.none(), st.integers(0, 80)), st.booleans(),
                              st.lists(st.tuples(st.integers(0, 80), st.sampled_from(STATUSES)), max_size=3)),
                    max_size=15),
           st.integers(0, 90))
    def test_perstat_counts_equal_the_roll(self, people, day):
        mission = MissionFactory(code="PROP", start=datetime.date(2024, 1, 1))
        contingent, _ = Contingent.objects.get_or_create(mission=mission, country_id="JAM",
                                                         category=PersonnelCategory.MILITARY)
        start, on = datetime.date(2024, 1, 1), datetime.date(2024, 1, 1) + datetime.timedelta(days=day)
        expected = {"on_roll": 0, "strength": 0, "women": 0}
        for n, (arrive, stay, woman, history) in enumerate(people):
            arrival = start + datetime.timedelta(days=arrive)
            departure = arrival + datetime.timedelta(days=stay + 1) if stay is not None else None
            statuses = {}
            for offset, status in history:
                since = arrival + datetime.timedelta(days=offset)
                if departure is None or since < departure:
                    statuses[since] = status
            officer(contingent, n, sex="female" if woman else "male", arrival=arrival, departure=departure,
                    statuses=sorted(statuses.items()))
            if arrival <= on and (departure is None or departure > on):
                current = max(((s, st_) for s, st_ in statuses.items() if s <= on), default=(None, "present"))[1]
                expected["on_roll"] += 1
                if current in DutyStatus.IN_STRENGTH:
                    expected["strength"] += 1
                    expected["women"] += woman
        report = perstat_report(mission=mission, on=on)
        state = next((s for s in report.contingents if s.contingent == contingent), None)
        got = {"on_roll": state.on_roll, "strength": state.strength, "women": state.women} if state and \
            state.has_roll else {"on_roll": 0, "strength": 0, "women": 0}
        assert got == expected
        headers, rows = perstat_table(report)
        assert rows[-1][3] == expected["on_roll"]


def test_the_demo_has_a_synthetic_guatemalan_roll_that_matches_its_movements(demo):
    from muster.sources.models import Source

    report = perstat_report(mission=Mission.objects.get(code="MSS"), on=datetime.date(2025, 2, 6))
    guatemala = next(s for s in report.contingents if s.contingent.country_id == "GTM")
    assert (guatemala.on_roll, guatemala.strength, guatemala.from_movements, guatemala.difference) == (150, 150, 150, 0)
    assert (guatemala.women, guatemala.present) == (19, 147)  # 19 women, as the record says; 3 absent that day
    assert guatemala.by_status[DutyStatus.Status.LEAVE] == 2 and guatemala.by_status["hospitalized"] == 1
    names = set(Person.objects.filter(country="GTM").values_list("family_name", flat=True))
    assert names == {f"Sample Officer {n:03d}" for n in range(1, 151)}
    source = Source.objects.get(publisher="Muster demo")
    assert "Synthetic" in source.title and "not real people" in source.title
    # On the re-hat the roll moves to the GSF with the movements: nobody is left on the MSS roll, all 150 in the GSF.
    gsf = perstat_report(mission=Mission.objects.get(code="GSF"), on=datetime.date(2025, 10, 2))
    assert [(s.strength, s.difference) for s in gsf.contingents if s.contingent.country_id == "GTM"] == [(150, 0)]
