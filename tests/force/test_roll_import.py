"""Roll import: a 2,000-row roll with three bad rows is refused whole; fixed, it imports; again, it changes nothing."""

import datetime
import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook

from muster.core.changelog import serialize
from muster.core.models import ObjectChange, PendingUpload, User
from muster.force import imports
from muster.force.models import Contingent, Person, PersonalDataExport, Tour
from muster.force.services import roll_import
from muster.missions.models import Mission
from muster.places.models import Site
from tests.two_factor import verify_session

HEADERS = ["Svc No", "Surname", "Prénoms", "Rank", "NATO grade", "Sex", "Date of birth", "Date d'arrivée",
           "Departure", "Reason for leaving"]


def roll_rows(n=2000):
    """A synthetic Kenyan FPU roll: obviously invented names, ISO and day-first dates mixed as people type."""
    rows = []
    for i in range(n):
        arrival = datetime.date(2024, 6, 25) + datetime.timedelta(days=i % 200)
        rows.append([f"KE{i:05d}", f"Testname{i:04d}", "Synthetic", "Constable", "OR-3", "F" if i % 7 == 0 else "M",
                     "1990-01-15", arrival.strftime("%d/%m/%Y") if i % 2 else arrival.isoformat(), None, None])
    return rows


def xlsx(rows, headers=HEADERS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def kenya(demo):
    return Contingent.objects.get(mission__code="MSS", country_id="KEN")


def snapshot():
    return (list(Person.objects.order_by("pk").values()), list(Tour.objects.order_by("pk").values()),
            ObjectChange.objects.count())


def test_a_roll_with_three_bad_rows_is_refused_whole_with_three_messages(kenya):
    rows = roll_rows()
    rows[9][4] = "Major"  # spreadsheet row 11: a rank title where the NATO code belongs
    rows[499][0] = rows[99][0]  # row 501 repeats row 101's service number
    rows[1499][8] = "01/01/2024"  # row 1501 departs before arriving
    before = snapshot()
    roll = imports.roll_rows_read(content=xlsx(rows), filename="kenya.xlsx")
    result = roll_import(user=None, contingent=kenya, roll=roll, filename="kenya.xlsx")
    assert [(e.row, e.column) for e in result.errors] == [(11, "NATO grade"), (501, "Svc No"), (1501, "Departure")]
    assert "NATO rank code" in result.errors[0].message
    assert "also on row 101" in result.errors[1].message
    assert "before arrival" in result.errors[2].message
    assert str(result.errors[1]).startswith("Row 501, column Svc No:")
    assert not result.committed
    assert snapshot() == before

    fixed = roll_rows()
    result = roll_import(user=None, contingent=kenya, roll=imports.roll_rows_read(content=xlsx(fixed),
                                                                                   filename="kenya.xlsx"))
    assert result.errors == [] and result.committed
    assert (result.people_created, result.tours_created) == (2000, 2000)
    assert Person.objects.filter(country="KEN").count() == 2000
    batch = ObjectChange.objects.filter(request_id=result.request_id)
    assert batch.count() == 4000 and {c.message for c in batch} == {"Roll import"}
    assert Tour.objects.get(person__service_number="KE00001").planned_end == datetime.date(2025, 6, 26)
    tour = Tour.objects.get(person__service_number="KE01999")
    logged = batch.get(object_id=str(tour.pk), object_type__model="tour").postchange_data
    assert logged == json.loads(json.dumps(serialize(tour), cls=DjangoJSONEncoder))  # the record as stored
    person_entry = batch.get(object_id=str(tour.person_id), object_type__model="person")
    assert (person_entry.action, person_entry.user_name, person_entry.object_repr) == (
        "create", "system", str(tour.person))
    assert person_entry.prechange_data is None and len({c.time for c in batch}) == 1  # one batch, one moment

    after_first = snapshot()
    again = roll_import(user=None, contingent=kenya, roll=imports.roll_rows_read(content=xlsx(fixed),
                                                                                  filename="kenya.xlsx"))
    assert again.changed == 0 and again.unchanged == 2000
    assert snapshot() == after_first


def test_a_corrected_row_updates_the_person_and_logs_before_and_after(kenya):
    rows = roll_rows(3)
    roll_import(user=None, contingent=kenya, roll=imports.roll_rows_read(content=xlsx(rows), filename="r.xlsx"))
    rows[1][3], rows[1][4] = "Corporal", "OR-4"
    rows[2][8], rows[2][9] = "2025-01-10", "Repatriated"
    result = roll_import(user=None, contingent=kenya,
                         roll=imports.roll_rows_read(content=xlsx(rows), filename="r.xlsx"))
    assert (result.people_created, result.people_updated, result.tours_updated, result.unchanged) == (0, 1, 1, 1)
    change = ObjectChange.objects.filter(request_id=result.request_id, action="update").first()
    assert ("grade", "OR-3", "OR-4") in change.diff() or ("departure_reason", "", "repatriated") in change.diff()
    assert Person.objects.filter(country="KEN").count() == 3


def test_headers_are_matched_whatever_their_case_accents_and_spelling():
    csv = ("MATRICULE;Nom;Prenom;Grade;Code OTAN;Sexe;Date de naissance;Arrivée\n"
           "HT-1;Exemple;Synthétique;Brigadier;OR-5;f;17.05.1991;25 Jun 2024\n").encode("cp1252")
    roll = imports.roll_rows_read(content=csv, filename="roll.csv")
    assert roll.headers["service_number"] == "MATRICULE" and roll.headers["arrival"] == "Arrivée"
    number, cells = roll.rows[0]
    assert number == 2 and cells["given_names"] == "Synthétique"
    assert imports.parse_date(cells["date_of_birth"]) == datetime.date(1991, 5, 17)
    assert imports.parse_date(cells["arrival"]) == datetime.date(2024, 6, 25)
    assert imports.parse_sex(cells["sex"]) == "female"


def test_a_file_without_a_required_column_names_it():
    with pytest.raises(imports.RollFileError) as refused:
        imports.roll_rows_read(content=b"Surname,Rank\nA,B\n", filename="roll.csv")
    messages = [str(e) for e in refused.value.errors]
    assert any(m.startswith("Column Service number: is missing") for m in messages)
    assert len(messages) == 4  # service number, NATO grade, sex, arrival


def test_the_template_reads_back_as_a_roll():
    roll = imports.roll_rows_read(content=imports.roll_template(fmt="xlsx"), filename="template.xlsx")
    assert set(roll.headers) == set(imports.COLUMNS) and len(roll.rows) == 1


def test_a_jamaica_liaison_cannot_import_into_kenyas_roll_and_previews_before_storing(demo, kenya):
    liaison = User.objects.create_user("liaison-jam", password="x-pass-1234", country_id="JAM")
    liaison.groups.add(Group.objects.get(name="Country liaison"))
    client = Client()
    client.force_login(liaison)
    verify_session(client, liaison)  # a country liaison signs in with a second factor
    page = client.get("/roll/import/")
    assert str(kenya) not in page.content.decode()
    upload = io.BytesIO(xlsx(roll_rows(5)))
    upload.name = "kenya.xlsx"
    response = client.post("/roll/import/", {"contingent": kenya.pk, "file": upload})
    assert "Select a valid choice" in response.content.decode()
    # Through the service too: the scope check refuses the whole roll.
    with pytest.raises(Exception, match="outside what you may"):
        roll_import(user=liaison, contingent=kenya,
                    roll=imports.roll_rows_read(content=xlsx(roll_rows(2)), filename="k.xlsx"))
    assert not Person.objects.filter(country="KEN").exists()


def test_the_personnel_officer_previews_then_stores_a_roll_and_reviews_the_batch(signed_in, kenya):
    client = signed_in("j1")
    upload = io.BytesIO(xlsx(roll_rows(12)))
    upload.name = "kenya.xlsx"
    preview = client.post("/roll/import/", {"contingent": kenya.pk, "file": upload})
    assert preview.context["result"].people_created == 12
    assert not Person.objects.filter(country="KEN").exists()  # (the demo's synthetic roll is Guatemala's)
    token = preview.context["commit_form"].initial["token"]
    stored = client.post("/roll/import/", {"contingent": kenya.pk, "token": token, "filename": "kenya.xlsx"})
    assert stored.status_code == 302 and Person.objects.filter(country="KEN").count() == 12
    batch = client.get(stored["Location"])
    assert "Testname0011" in batch.content.decode() and "24 changes" in batch.content.decode()
    with_roll = Mission.objects.get(code="MSS").contingents.filter(tours__isnull=False).distinct()
    assert sorted(with_roll.values_list("country_id", flat=True)) == ["GTM", "KEN"]


def preview_kenya(client, kenya, rows=3):
    upload = io.BytesIO(xlsx(roll_rows(rows)))
    upload.name = "kenya.xlsx"
    preview = client.post("/roll/import/", {"contingent": kenya.pk, "file": upload})
    return preview.context["commit_form"].initial["token"]


def test_the_previewed_file_waits_in_the_database_not_on_a_servers_disk(signed_in, kenya, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    token = preview_kenya(signed_in("j1"), kenya)
    assert list(PendingUpload.objects.values_list("token", "user__username", "name")) == [(token, "j1", "kenya.xlsx")]
    assert list(tmp_path.iterdir()) == []


def test_an_upload_older_than_a_day_is_purged_by_the_next_upload_and_cannot_be_committed(signed_in, kenya):
    client = signed_in("j1")
    token = preview_kenya(client, kenya)
    PendingUpload.objects.filter(token=token).update(created=timezone.now() - datetime.timedelta(days=1, seconds=1))
    refused = client.post("/roll/import/", {"contingent": kenya.pk, "token": token, "filename": "kenya.xlsx"},
                          follow=True)
    assert "That upload has expired; send the file again." in refused.content.decode()
    assert not Person.objects.filter(country="KEN").exists()
    fresh = preview_kenya(client, kenya, rows=4)  # a new upload purges what has waited more than a day
    assert list(PendingUpload.objects.values_list("token", flat=True)) == [fresh]


def test_the_purge_command_deletes_the_uploads_older_than_a_day_only(signed_in, kenya):
    old, new = preview_kenya(signed_in("j1"), kenya, rows=3), preview_kenya(signed_in("j1"), kenya, rows=4)
    PendingUpload.objects.filter(token=old).update(created=timezone.now() - datetime.timedelta(hours=25))
    out = io.StringIO()
    call_command("purge-uploads", stdout=out)
    assert list(PendingUpload.objects.values_list("token", flat=True)) == [new]
    assert "1" in out.getvalue()


def test_another_users_token_is_refused_as_expired(signed_in, kenya):
    token = preview_kenya(signed_in("j1"), kenya)
    other = User.objects.create_superuser("chief-2", password="x-pass-1234")
    client = Client()
    client.force_login(other)
    verify_session(client, other)
    refused = client.post("/roll/import/", {"contingent": kenya.pk, "token": token, "filename": "kenya.xlsx"},
                          follow=True)
    assert "That upload has expired; send the file again." in refused.content.decode()
    assert not Person.objects.filter(country="KEN").exists() and PendingUpload.objects.filter(token=token).exists()


def test_the_exported_roll_reads_back_and_changes_nothing(kenya):
    site = Site.objects.filter(mission=kenya.mission).order_by("name").first()
    rows = roll_rows(40)
    rows[3][8], rows[3][9] = "2025-01-10", "Repatriated"
    rows = [row + [site.name if i % 2 else ""] for i, row in enumerate(rows)]
    first = roll_import(user=None, contingent=kenya, roll=imports.roll_rows_read(
        content=xlsx(rows, headers=[*HEADERS, "Location"]), filename="kenya.xlsx"))
    assert first.committed and first.postings_created == 20
    tours = Tour.objects.filter(contingent=kenya)
    before = snapshot()

    csv = imports.roll_export(tours=tours, fmt="csv").decode()
    assert csv.splitlines()[0] == ",".join(str(imports.LABELS[name]) for name in imports.COLUMNS)
    assert f"KE00003,Testname0003,Synthetic,Constable,OR-3,M,1990-01-15,,,2024-06-28,2025-06-28,2025-01-10," \
           f"Repatriated,{site.name}" in csv.splitlines()
    for fmt in ("xlsx", "csv"):
        roll = imports.roll_rows_read(content=imports.roll_export(tours=tours, fmt=fmt), filename=f"roll.{fmt}")
        assert len(roll.rows) == 40 and set(roll.headers) == set(imports.COLUMNS)
        again = roll_import(user=None, contingent=kenya, roll=roll)
        assert (again.errors, again.committed, again.changed, again.unchanged) == ([], True, 0, 40), fmt
        assert snapshot() == before


def test_the_roll_is_downloaded_from_its_contingent_logged_and_kept_from_other_countries(signed_in, kenya):
    roll_import(user=None, contingent=kenya, roll=imports.roll_rows_read(content=xlsx(roll_rows(7)),
                                                                         filename="kenya.xlsx"))
    j1 = signed_in("j1")
    page = j1.get(kenya.get_absolute_url()).content.decode()
    assert "The roll holds 7 tours, past and present." in page and f"/contingents/{kenya.pk}/roll.xlsx" in page
    response = j1.get(f"/contingents/{kenya.pk}/roll.csv")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('roll_MSS_KEN_fpu.csv"')
    assert len(response.content.decode().splitlines()) == 1 + 7
    export = PersonalDataExport.objects.get()
    assert (export.user_name, export.rows, export.fmt, export.what) == ("j1", 7, "csv", "Roll MSS KEN fpu")

    liaison = User.objects.create_user("liaison-jam", password="x-pass-1234", country_id="JAM")
    liaison.groups.add(Group.objects.get(name="Country liaison"))
    jamaica = Client()
    jamaica.force_login(liaison)
    verify_session(jamaica, liaison)  # a country liaison signs in with a second factor
    assert jamaica.get(f"/contingents/{kenya.pk}/roll.csv").status_code == 404
    donor = signed_in("donor-usa")
    contingent_page = donor.get(kenya.get_absolute_url())
    assert contingent_page.status_code == 200 and "The roll holds" not in contingent_page.content.decode()
    assert donor.get(f"/contingents/{kenya.pk}/roll.xlsx").status_code == 404
    assert PersonalDataExport.objects.count() == 1
