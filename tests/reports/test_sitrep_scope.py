"""Need to know in the SITREP: each reader sees what their grants allow, live and issued, on the page, in the PDF,
the DOCX, the XLSX, the CSV and the API — a liaison their own contingent's figures, incidents shareable or public and
no other country's casualty names; a donor public incidents; the operations officer every incident and casualties as
counts, without names. And the rule a frozen line is filtered by (core.permissions.scope_allows) decides as the
restricted querysets do for the same records."""

import io
from unittest import mock

import pytest
from docx import Document
from python_calamine import CalamineWorkbook

from muster.core.models import User
from muster.core.permissions import scope_allows
from muster.core.testing import DocumentedAPIClient
from muster.force.models import Movement
from muster.funding.models import Transaction
from muster.logistics.models import Vehicle
from muster.missions.models import Mission
from muster.operations.models import Casualty, Incident, Sitrep
from muster.reports import sitrep
from muster.sources.models import Claim

from .sitrep_world import NEVER, ON, SEES, operations_week

PERSONAS = ["admin", "j1", "j3", "j4", "finance", "liaison-gtm", "liaison-ken", "donor-usa"]


def attributes(record):
    """The scope attributes of a stored record, as a SITREP line keeps them (lists where the record has several)."""
    values = {}
    for name, path in type(record).scope_paths.items():
        found = set(type(record).objects.filter(pk=record.pk).values_list(path, flat=True)) - {None}
        values[name] = sorted(found) if name == "country" and isinstance(record, Incident | Claim) else (
            found.pop() if found else None)
    return values


def test_scope_allows_decides_as_the_restricted_querysets_do(demo):
    operations_week()
    records = [*Incident.objects.all(), *Casualty.objects.all(), *Movement.objects.all()[:40],
               *Transaction.objects.all(), *Claim.objects.all(), *Vehicle.objects.all()[:10]]
    checked = 0
    for username in PERSONAS:
        user = User.objects.get(username=username)
        for record in records:
            model = type(record)
            expected = model.objects.restrict(user, "view").filter(pk=record.pk).exists()
            assert scope_allows(user, model, attributes(record)) == expected, (username, record)
            checked += 1
    assert checked == len(PERSONAS) * len(records) > 500
    assert scope_allows(None, Incident, {"classification": "restricted"})  # the system: everything


@pytest.fixture
def issued(demo):
    week = operations_week()
    j3 = User.objects.get(username="j3")
    made = sitrep.sitrep_issue(user=j3, mission=Mission.objects.get(code="MSS"), on=ON, period="weekly",
                               assessment="The Kenscoff road stays contested.")
    return week, made


def docx_text(content):
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def xlsx_text(content):
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return "\n".join(str(cell) for name in book.sheet_names for row in book.get_sheet_by_name(name).to_python()
                     for cell in row)


def every_form(client, api, issued_sitrep):
    """{form: text} of the SITREP of the week, live and issued, in every form a reader can have it."""
    query = {"on": ON.isoformat(), "period": "weekly"}
    printed = []

    def capture(*, html, base_url=None):
        printed.append(html)
        return b"%PDF-1.7 captured"

    forms = {}
    with mock.patch("muster.reports.rendering.html_to_pdf", capture):
        for where, page, files in [("live", "/sitrep/MSS/", "/sitrep/MSS/sitrep."),
                                   ("issued", issued_sitrep.get_absolute_url(),
                                    f"{issued_sitrep.get_absolute_url()}sitrep.")]:
            response = client.get(page, query if where == "live" else {})
            assert response.status_code == 200, (where, response.status_code)
            forms[f"{where} page"] = response.content.decode()
            assert client.get(f"{files}pdf", query).status_code == 200
            forms[f"{where} PDF"] = printed.pop()
            forms[f"{where} DOCX"] = docx_text(client.get(f"{files}docx", query).content)
            forms[f"{where} XLSX"] = xlsx_text(client.get(f"{files}xlsx", query).content)  # every table, a sheet each
            forms[f"{where} CSV"] = client.get(f"{files}csv", {**query, "part": "casualties"}).content.decode()
    live = api.get("/api/sitrep/", {"mission": "MSS", **query})
    assert live.status_code == 200
    forms["API live"] = live.content.decode()
    listed = api.get("/api/sitrep/issued/", {"mission": "MSS"})
    assert listed.status_code == 200 and listed.json()["count"] == 1
    forms["API issued"] = api.get(f"/api/sitrep/issued/{issued_sitrep.pk}/").content.decode()
    return forms


@pytest.mark.parametrize("username", sorted(NEVER))
def test_nothing_outside_the_readers_scope_appears_in_any_form(issued, signed_in, username):
    _week, issued_sitrep = issued
    api = DocumentedAPIClient()  # every answer checked against the OpenAPI document
    api.force_authenticate(User.objects.get(username=username))
    forms = every_form(signed_in(username), api, issued_sitrep)
    # Case aside: the roll writes family names in capitals ("Constable RESTRICTEDKENYAN, …").
    for form, text in forms.items():
        for secret in NEVER[username]:
            assert secret.lower() not in text.lower(), f"{username} meets {secret!r} in the {form}"
    for form in ("live page", "issued page", "live PDF", "issued DOCX", "API live", "API issued"):
        for seen in SEES[username]:
            assert seen.lower() in forms[form].lower(), f"{username} should see {seen!r} in the {form}"


def test_a_liaison_sees_their_contingents_total_and_their_own_casualty_by_name(issued, signed_in):
    week, issued_sitrep = issued
    page = signed_in("liaison-ken").get(issued_sitrep.get_absolute_url()).content.decode()
    assert "Total of Kenya’s contingents" in page and "Mission total" not in page
    # A Guatemalan wounded in the shareable incident: a count the Kenyan liaison reads, without the name.
    report = sitrep.issued_report(issued_sitrep, User.objects.get(username="liaison-ken"))
    ours = {c["key"]: c for c in report.casualties}
    guatemalan, kenyan = ours[f"casualty:{week.wounded.pk}"], ours[f"casualty:{week.killed.pk}"]
    assert (guatemalan["country"], guatemalan["count"], guatemalan["name"]) == ("GTM", 1, None)
    # The Kenyan killed in the restricted incident: by name, without the incident, which a liaison may not see.
    assert kenyan["incident"] is None and "RESTRICTEDKENYAN" in kenyan["name"]["text"]
    # The donor sees the mission's strength (the aggregate picture), and neither casualty of ours: one is in a
    # restricted incident, the other in a shareable one.
    donor = sitrep.issued_report(issued_sitrep, User.objects.get(username="donor-usa"))
    ours = {f"casualty:{week.wounded.pk}", f"casualty:{week.killed.pk}"}
    assert not {c["key"] for c in donor.casualties} & ours and str(donor.strength_total_label) == "Mission total"


def test_the_liaisons_sweep_of_the_whole_mission_history(demo):
    """Every weekly SITREP of the MSS's first months, as each liaison: no line of another country's strength, no
    incident that is not shareable or public, no casualty named of another country."""
    operations_week()
    mission = Mission.objects.get(code="MSS")
    import datetime

    content = [sitrep.sitrep_compile(mission=mission, on=datetime.date(2025, 1, 7) + datetime.timedelta(weeks=w),
                                     period="weekly") for w in range(0, 12, 2)]
    incidents = {f"incident:{i.pk}": i.classification for i in Incident.objects.all()}
    for username, country in [("liaison-ken", "KEN"), ("liaison-gtm", "GTM")]:
        user = User.objects.get(username=username)
        for week in content:
            seen, _partial = sitrep.sitrep_for(week, user)
            assert {line["country"] for line in seen["strength"]} <= {country}
            assert all(incidents[line["key"]] in ("shareable", "public") for line in seen["incidents"])
            assert all(line["country"] == country for line in seen["casualties"] if line["name"])
            assert seen["funding"] == [] and seen["fleet"] == []
    assert Sitrep.objects.count() == 0
