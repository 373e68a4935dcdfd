"""The mission administrator's SITREP in real Chromium: they record an incident on the Kenscoff road on its form (its
place, actors, Kenyan unit, a mission member killed, its source) and, from its page, the Kenyan officer killed in it
on the casualty form; the weekly SITREP shows the officer by name and one casualty off Kenya's strength; they add the
commander's assessment and issue it; the issued version keeps its figure after a second officer is recorded killed
(stored here through operations' services, the act those forms perform), while the live report follows the records.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect
from tests.operations import helpers

from muster.core.store import record_store
from muster.force.models import Movement
from muster.operations.models import Casualty, Sitrep
from muster.operations.services import casualty_record

pytestmark = pytest.mark.browser

ON = datetime.date(2025, 3, 18)
SITREP = f"/sitrep/MSS/?on={ON.isoformat()}&period=weekly"


def killed_on_the_kenscoff_road(family_name):
    """Another incident of 18 March 2025 with one Kenyan officer killed, stored through operations' services (what
    the two forms do): the casualty, its movement off strength and the officer's duty status, citing a source."""
    kenya = helpers.contingent()
    incident = helpers.incident(title=f"Ambush on the Kenscoff road ({family_name})", date=ON, units=[kenya],
                                personnel_involved=8, tolls=[("mission", "killed", 1)])
    officer = helpers.officer(kenya, family_name=family_name)
    return casualty_record(user=None, casualty=Casualty(incident=incident, contingent=kenya, tour=officer,
                                                        outcome=Casualty.Outcome.KILLED), source=helpers.source())


def kenya_row(page):
    return page.locator("#sitrep-strength tbody tr", has_text="Kenya — Formed police unit")


def arrivals_before_the_week():
    """The demo's Kenyans all leave on 2 October 2025 (re-hatted): ten more arrive first, so that the dead recorded
    here leave nobody below none then."""
    record_store(user=None, record=Movement(contingent=helpers.contingent(), kind=Movement.Kind.ARRIVAL,
                                            date=datetime.date(2025, 3, 1), count=10, men=10, women=0, unknown=0))


def record_the_incident_and_the_officer_killed(page, officer):
    """The incident form, then the casualty form reached from the incident's page, as an officer fills them in."""
    page.goto("/operations/incidents/add/?mission=MSS")
    page.locator("#id_title").fill("Ambush on the Kenscoff road (Browserfirst)")
    page.locator("#id_date").fill(ON.isoformat())
    page.locator("#id_event_type").select_option(label="Armed clash")
    page.locator("#id_adm2").select_option(label="HT0115 Kenscoff (West)")
    page.locator("#id_actor1").select_option(label="Viv Ansanm (3: Political militia)")
    page.locator("#id_units").select_option(label="Kenya — Formed police unit (MSS)")
    page.locator("#id_personnel_involved").fill("8")
    page.locator("#id_tolls-0-group").select_option(label="Mission personnel")
    page.locator("#id_tolls-0-outcome").select_option(label="Killed")
    page.locator("#id_tolls-0-count").fill("1")
    page.locator("#id_tolls-0-as_reported").fill("one officer killed")
    page.locator("#id_new_source_title").fill("MSS statement on the Kenscoff road ambush")
    page.locator("#id_new_source_publisher").fill("MSS")
    page.locator("#id_new_source_kind").select_option(label="Press statement")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_contain_text("Ambush on the Kenscoff road (Browserfirst)")

    page.get_by_role("link", name="Record a casualty").click()
    page.locator("#id_contingent").select_option(label="Kenya — Formed police unit (MSS)")
    page.locator("#id_outcome").select_option(label="Killed")
    page.locator("#id_tour").select_option(
        value=page.locator("#id_tour option", has_text=officer.person.family_name.upper()).get_attribute("value"))
    page.locator("#id_source").select_option(
        value=page.locator("#id_source option", has_text="Kenscoff road ambush").get_attribute("value"))
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_contain_text("BROWSERFIRST")


def test_the_administrator_records_an_officer_killed_issues_the_sitrep_and_sees_the_figure_frozen(open_page):
    arrivals_before_the_week()
    officer = helpers.officer(helpers.contingent(), family_name="Browserfirst")
    page = open_page(javascript=True, signed_in_as="admin")
    record_the_incident_and_the_officer_killed(page, officer)

    page.goto(SITREP)
    expect(page.locator("h1")).to_have_text("SITREP MSS, weekly, 12 March 2025 to 18 March 2025")
    casualties = page.locator("#sitrep-casualties tbody")
    expect(casualties).to_contain_text("BROWSERFIRST")
    expect(kenya_row(page).locator("td").nth(8)).to_have_text("1")  # killed, missing, evacuated in the week
    after = kenya_row(page).locator("td").nth(9).inner_text()

    page.get_by_label("Commander's assessment").fill("An ambush on the Kenscoff road; patrols reinforced.")
    page.get_by_role("button", name="Issue", exact=True).click()

    expect(page).to_have_url(re.compile(r"/sitrep/issued/\d+/$"))
    issued = Sitrep.objects.get(mission__code="MSS", on=ON, period="weekly")
    expect(page).to_have_url(re.compile(re.escape(issued.get_absolute_url()) + "$"))
    expect(page.locator("#issued-by")).to_contain_text("issued by admin")
    expect(page.locator("#assessment + p")).to_have_text("An ambush on the Kenscoff road; patrols reinforced.")
    expect(kenya_row(page).locator("td").nth(8)).to_have_text("1")

    killed_on_the_kenscoff_road("Browsersecond")  # recorded after the SITREP was issued
    page.reload()
    expect(kenya_row(page).locator("td").nth(8)).to_have_text("1")  # frozen as issued
    expect(kenya_row(page).locator("td").nth(9)).to_have_text(after)
    expect(page.locator("#sitrep-casualties tbody")).not_to_contain_text("BROWSERSECOND")

    page.get_by_role("link", name="The records now").click()
    expect(kenya_row(page).locator("td").nth(8)).to_have_text("2")  # the live report follows the records
    expect(page.locator("#sitrep-casualties tbody")).to_contain_text("BROWSERSECOND")
    expect(page.locator("#issued-versions")).to_contain_text("version 1")
