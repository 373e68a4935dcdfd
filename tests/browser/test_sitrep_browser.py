"""The mission administrator's SITREP in real Chromium: an incident with a Kenyan officer killed is on the records (the
incident and casualty are stored here through operations' services, the act the incident form and the casualty page
perform), the weekly SITREP shows the officer by name and one casualty off Kenya's strength, the administrator adds
the commander's assessment and issues it, and the issued version keeps its figure after a second officer is recorded
killed, while the live report follows the records.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect
from steps import sign_in
from tests.operations import helpers

from muster.core.store import record_store
from muster.force.models import Movement
from muster.operations.models import Casualty, Sitrep
from muster.operations.services import casualty_record

pytestmark = pytest.mark.browser

ON = datetime.date(2025, 3, 18)
SITREP = f"/sitrep/MSS/?on={ON.isoformat()}&period=weekly"


def killed_on_the_kenscoff_road(family_name):
    """An incident of 18 March 2025 with one Kenyan officer killed, as the incident form and casualty page record it
    (operations.services): the casualty, its movement off strength and the officer's duty status, citing a source."""
    kenya = helpers.contingent()
    if not kenya.movements.filter(date=datetime.date(2025, 3, 1)).exists():
        # The demo's Kenyans all leave on 2 October 2025: arrivals first, so that the dead leave nobody below none.
        record_store(user=None, record=Movement(contingent=kenya, kind=Movement.Kind.ARRIVAL,
                                                date=datetime.date(2025, 3, 1), count=10, men=10, women=0,
                                                unknown=0))
    incident = helpers.incident(title=f"Ambush on the Kenscoff road ({family_name})", date=ON, units=[kenya],
                                personnel_involved=8, tolls=[("mission", "killed", 1)])
    officer = helpers.officer(kenya, family_name=family_name)
    return casualty_record(user=None, casualty=Casualty(incident=incident, contingent=kenya, tour=officer,
                                                        outcome=Casualty.Outcome.KILLED), source=helpers.source())


def kenya_row(page):
    return page.locator("#sitrep-strength tbody tr", has_text="Kenya — Formed police unit")


def test_the_administrator_issues_the_sitrep_and_sees_the_figure_frozen(open_page):
    killed_on_the_kenscoff_road("Browserfirst")
    page = open_page(javascript=True)
    sign_in(page, "admin")
    page.goto(SITREP)
    expect(page.locator("h1")).to_have_text("SITREP MSS, weekly, 12 March 2025 to 18 March 2025")
    casualties = page.locator("#sitrep-casualties tbody")
    expect(casualties).to_contain_text("BROWSERFIRST")
    expect(casualties).to_contain_text("Killed")
    expect(kenya_row(page).locator("td").nth(8)).to_have_text("1")  # killed, missing, evacuated in the week
    after = kenya_row(page).locator("td").nth(9).inner_text()

    page.get_by_label("Commander's assessment").fill("An ambush on the Kenscoff road; patrols reinforced.")
    page.get_by_role("button", name="Issue", exact=True).click()

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
