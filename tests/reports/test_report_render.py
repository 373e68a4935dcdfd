"""reports.rendering.report_render, the report outside any request (what a background job's PDF calls): the same
file the page serves, for every report and format; a mission outside the user's scope refused as one that does not
exist; PERSTAT's names logged as the page's download logs them. And the API's report endpoints refusing a date out
of range in the one error shape."""

import datetime
import io
import uuid
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from python_calamine import CalamineWorkbook

from muster.core.models import ObjectPermission, User
from muster.force.models import PersonalDataExport
from muster.reports.pipeline import FILE_FORMATS, reports
from muster.reports.rendering import report_render
from tests.core.test_api_contract import assert_error
from tests.force.test_perstat import kenya_roll  # noqa: F401 (a fixture: twelve Kenyan officers on the roll)

ON = "2025-02-06"


class PrintedAtNoon(datetime.datetime):
    """The clock the reports' "{% now %}" line reads, stopped: two renders a minute apart printed different times."""

    @classmethod
    def now(cls, tz=None):
        return cls(2026, 11, 30, 12, 0, tzinfo=tz)


def export_address(name, fmt):
    return "/" + reports()[name].export_path.replace("<slug:code>", "MSS").replace("<str:fmt>", fmt)


def workbook_cells(content):
    """Every sheet's cells: an XLSX's bytes hold the time it was written, its cells do not."""
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


@pytest.mark.parametrize("name", ["strength", "perstat", "funding", "fleet"])
@pytest.mark.parametrize("fmt", FILE_FORMATS)
def test_report_render_makes_the_file_the_page_serves(signed_in, name, fmt):
    # pygal gives each chart a random id, and the reports print the time they were made: held still, two renders
    # are the same.
    with mock.patch("pygal.graph.base.uuid4", return_value=uuid.UUID(int=1)), \
            mock.patch("django.template.defaulttags.datetime", PrintedAtNoon):
        served = signed_in("admin").get(export_address(name, fmt), {"on": ON})
        assert served.status_code == 200
        admin = User.objects.get(username="admin")
        # The page's PDF resolves its links against the site's address; given the same, the bytes are the same.
        rendered = report_render(name, parameters={"mission": "MSS", "on": ON}, user=admin, fmt=fmt,
                                 base_url="http://testserver/")
    assert f'filename="{rendered.filename}"' in served["Content-Disposition"]
    assert rendered.filename == f"{name}_MSS_{ON}.{fmt}"
    if fmt == "xlsx":
        assert workbook_cells(rendered.content) == workbook_cells(served.content)
    elif fmt == "pdf":
        # The same bytes: a funding PDF rendered across a minute's turn differed by two, before the clock was held.
        assert rendered.content.startswith(b"%PDF") and len(served.content) > 10_000
        assert rendered.content == served.content
    else:
        assert rendered.content == served.content


def rows(file):
    return [line.split(",") for line in file.content.decode().splitlines()]


def test_report_render_gives_the_figures_of_the_records(demo):
    admin = User.objects.get(username="admin")

    def render(name, **options):
        return report_render(name, parameters={"mission": "MSS", "on": ON}, user=admin, fmt="csv", **options)

    # The public record on 6 Feb 2025: the Bahamas' 65 of a pledged 150, the State Department's $300 million
    # pledged and $54 million frozen, the 14 MRAPs all mission-capable.
    bahamas = ["Bahamas", "BHS", "All categories", "0", "1", "64", "65", "0.0154", "150", "", ""]
    assert bahamas in rows(render("strength"))
    un = render("strength", part="un")
    assert un.filename == f"strength_MSS_{ON}_un_gender.csv"
    assert ["1", "BHS", "44", "Bahamas", "MSS", "Troops", "1", "0", "06-Feb-25"] in rows(un)
    state = next(row for row in rows(render("funding")) if row[0] == "United States Department of State")
    assert (state[1], state[5]) == ("300000000", "54000000")
    assert ["Mine-resistant ambush-protected (MRAP)", "14", "14", "0", "100.0"] in rows(render("fleet"))
    perstat = rows(render("perstat"))
    assert perstat[0][:6] == ["Contingent", "ISO", "Category", "On roll", "Strength", "Present"]
    assert perstat[1][0] == "Bahamas" and perstat[1][-2:] == ["65", ""]  # no roll: the movements only


def test_a_date_not_asked_for_is_the_missions_today_and_a_bad_one_is_refused_naming_on(demo):
    admin = User.objects.get(username="admin")
    with pytest.raises(ValidationError) as refused:
        report_render("strength", parameters={"mission": "MSS", "on": "2200-01-01"}, user=admin, fmt="csv")
    assert refused.value.message_dict == {"on": ["“2200-01-01” is not a date in the form YYYY-MM-DD."]}


@pytest.fixture
def sees_no_mission(demo):
    """A user granted every record the reports read, but no mission: every mission is outside their scope."""
    user = User.objects.create_user("no-missions", password="x-pass-1234")
    grant = ObjectPermission.objects.create(
        name="everything but missions", actions=["view"],
        object_types=["force.movement", "force.contingent", "force.person", "force.tour", "force.dutystatus",
                      "funding.transaction", "funding.fundingflow", "logistics.vehicle", "logistics.workorder"])
    grant.users.add(user)
    return user


@pytest.mark.parametrize("name", ["strength", "perstat", "funding", "fleet"])
def test_a_mission_outside_the_users_scope_is_refused_as_one_that_does_not_exist(sees_no_mission, name):
    refusals = []
    for code in ("MSS", "NOPE"):
        with pytest.raises(ValidationError) as refused:
            report_render(name, parameters={"mission": code, "on": ON}, user=sees_no_mission, fmt="pdf")
        refusals.append(refused.value.message_dict)
    assert refusals == [{"mission": ["No mission with code “MSS”."]}, {"mission": ["No mission with code “NOPE”."]}]
    assert not PersonalDataExport.objects.exists()


def test_perstat_rendered_with_names_is_logged_for_the_user_and_aggregates_are_not(kenya_roll):  # noqa: F811
    j1, donor = User.objects.get(username="j1"), User.objects.get(username="donor-usa")
    parameters = {"mission": "MSS", "on": "2025-05-20"}  # eleven tours end within 90 days: their names are listed
    for fmt in FILE_FORMATS:
        report_render("perstat", parameters=parameters, user=j1, fmt=fmt, query="on=2025-05-20")
        report_render("perstat", parameters=parameters, user=donor, fmt=fmt)  # aggregates only: no names
    logged = PersonalDataExport.objects.order_by("pk").values_list("user_name", "what", "rows", "fmt", "query")
    assert list(logged) == [("j1", "PERSTAT MSS 2025-05-20", 11, fmt, "on=2025-05-20") for fmt in FILE_FORMATS]


@pytest.mark.parametrize("address", ["/api/strength/", "/api/funding/totals/", "/api/logistics/readiness/"])
def test_the_report_endpoints_refuse_a_date_out_of_range_naming_on(signed_in, address):
    client = signed_in("admin")
    for on in ("1944-12-31", "2200-01-01", "2025-02-30", "6 Feb 2025"):
        errors = assert_error(client.get(address, {"mission": "MSS", "on": on}), 400, attr="on", code="invalid",
                              kind="validation_error")
        assert errors == [{"attr": "on", "code": "invalid", "detail": f"“{on}” is not a date in the form YYYY-MM-DD."}]
    for on in ("1945-01-01", "2199-12-31"):  # the range's ends are dates
        assert client.get(address, {"mission": "MSS", "on": on}).status_code == 200
