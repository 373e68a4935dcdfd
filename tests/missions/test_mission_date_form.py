"""missions.forms.MissionDateForm on its own, the one reader of every report's mission and date: the default date is
the mission's today where it is, an ended mission opens on its last day with its note, and a date that is not one,
or is outside 1945–2199, is refused with the words the page, the API and the command show."""

import datetime
from unittest import mock

import pytest

from muster.missions.forms import MissionDateForm
from muster.missions.models import Mission

D = datetime.date
# 00:30 UTC on 10 Jan 2026 is 19:30 on 9 Jan in Port-au-Prince (UTC−5 in winter): still the 9th there.
EVENING_IN_HAITI = datetime.datetime(2026, 1, 10, 0, 30, tzinfo=datetime.UTC)
NOTE = "The MSS ended on 2 Oct 2025; showing its last day."


@pytest.fixture
def evening_in_haiti(demo):
    with mock.patch("django.utils.timezone.now", return_value=EVENING_IN_HAITI):
        yield


def read(on, *, mission="GSF", ended=False, missions=None):
    form = MissionDateForm({"mission": mission, "on": on}, missions=missions or Mission.objects.all(), ended=ended)
    form.is_valid()
    return form


def test_no_date_is_the_missions_today_in_its_time_zone(evening_in_haiti):
    form = read("")
    assert form.is_valid() and form.cleaned_data == {"mission": Mission.objects.get(code="GSF"), "on": D(2026, 1, 9)}
    assert form.note is None
    assert read("", ended=True).cleaned_data["on"] == D(2026, 1, 9)  # the GSF has not ended: today, no note


def test_an_ended_mission_opens_on_its_last_day_with_its_note(evening_in_haiti):
    form = read("", mission="MSS", ended=True)
    assert form.cleaned_data["on"] == D(2025, 10, 2) and form.note == NOTE
    # Where the form is not told to (the bulk forms, the API), the ended mission's today is its today.
    plain = read("", mission="MSS")
    assert plain.cleaned_data["on"] == D(2026, 1, 9) and plain.note is None
    # A date asked for is the date, without the note.
    asked = read("2025-12-01", mission="MSS", ended=True)
    assert asked.cleaned_data["on"] == D(2025, 12, 1) and asked.note is None


@pytest.mark.parametrize("typed", ["2025-02-30", "6 Feb 2025", "06/02/2025", "2025-2-6x", "1944-12-31", "2200-01-01",
                                   "0001-01-01", "9999-12-31"])
def test_a_date_that_is_not_one_or_out_of_range_is_refused_quoting_it(evening_in_haiti, typed):
    form = read(typed)
    assert form.errors == {"on": [f"“{typed}” is not a date in the form YYYY-MM-DD."]}
    # A page still shows something: the default date, saying why.
    assert form.page_parameters() == (Mission.objects.get(code="GSF"), D(2026, 1, 9),
                                      f"“{typed}” is not a date; showing today.")
    ended = read(typed, mission="MSS", ended=True)
    assert ended.page_parameters()[1:] == (D(2025, 10, 2), f"“{typed}” is not a date. {NOTE}")


def test_the_ends_of_the_range_are_dates(demo):
    assert read("1945-01-01").cleaned_data["on"] == D(1945, 1, 1)
    assert read("2199-12-31").cleaned_data["on"] == D(2199, 12, 31)


def test_a_mission_outside_those_given_is_refused_as_one_that_does_not_exist(demo):
    outside = read("2025-02-06", mission="MSS", missions=Mission.objects.exclude(code="MSS"))
    missing = read("2025-02-06", mission="NOPE")
    assert outside.errors == {"mission": ["No mission with code “MSS”."]}
    assert missing.errors == {"mission": ["No mission with code “NOPE”."]}
