"""ACLED's CSV into a mission's incidents (operations.acled): what a file stores, that a re-import updates only what
changed, that a bad file is refused whole naming each row and column, and the import's pages, job and command.
Every event is invented, in ACLED's format (tests/operations/acled_files.py)."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.test import TestCase

from muster.core.changelog import serialize
from muster.core.jobs import Job
from muster.core.models import ObjectChange, PendingUpload, User
from muster.core.store import record_store
from muster.force.models import Movement
from muster.operations.acled.matching import ACLED_PUBLISHER
from muster.operations.acled.parsing import COLUMNS, AcledFileError, acled_rows_read
from muster.operations.models import Actor, Casualty, Incident, Toll
from muster.operations.services import casualty_record
from muster.sources.models import Citation, Source

from . import helpers
from .acled_files import POINT_SAINT_MARC, acled_csv, event, imported

D = datetime.date


def stored():
    """Everything an import may write, counted."""
    return (Incident.objects.count(), Actor.objects.count(), Toll.objects.count(), Citation.objects.count(),
            Source.objects.count(), ObjectChange.objects.count())


def by_id(event_id):
    return Incident.objects.select_related("event_type", "actor1", "actor2", "adm1", "adm2").get(acled_id=event_id)


class AcledImport(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = helpers.world()
        cls.j3 = User.objects.get(username="j3")

    def test_events_become_placed_incidents_with_their_actors_toll_and_acled_cited(self):
        result = imported(
            event(1, event_date="23 February 2025", time_precision="2", inter1="Political militia",
                  assoc_actor_1=f"{helpers.FIVE_SEGOND}; Invented Gang A", actor2="Invented Brigade",
                  inter2="Identity militia", latitude=POINT_SAINT_MARC[0], longitude=POINT_SAINT_MARC[1],
                  admin1="Artibonite", admin2="Saint-Marc", admin3="Saint-Marc", location="Pont-Sonde",
                  source="Invented Daily; Invented Radio", fatalities="3", notes="Invented: a clash at the bridge."),
            event(2, event_date="2025-03-18", event_type="Violence against civilians", sub_event_type="Attack",
                  actor2=helpers.CIVILIANS, inter2="Civilians", civilian_targeting="Civilian targeting"),
            user=self.j3, classification="shareable", filename="haiti_2025.csv")
        self.assertEqual((result.errors, result.committed), ([], True))
        self.assertEqual((result.created, result.updated, result.unchanged, result.actors_created), (2, 0, 0, 2))

        clash = by_id("TST0001")
        self.assertEqual((clash.mission.code, clash.date, clash.time_precision, clash.occurred_at),
                         ("MSS", D(2025, 2, 23), 2, None))
        self.assertEqual(str(clash.event_type), "Battles: Armed clash")
        self.assertEqual((clash.adm2.pcode, clash.adm1.pcode, clash.location), (helpers.SAINT_MARC,
                                                                                helpers.ARTIBONITE, "Pont-Sonde"))
        self.assertEqual((str(clash.latitude), str(clash.longitude)), ("19.15000", "-72.62000"))
        self.assertEqual(clash.actor1, self.world.actors[helpers.VIV_ANSANM])  # found by name, not duplicated
        self.assertEqual((clash.actor2.name, clash.actor2.inter), ("Invented Brigade", Actor.Inter.IDENTITY_MILITIA))
        # An associated actor new to Muster takes the inter code of the actor it stands with.
        self.assertEqual(sorted((a.name, a.inter) for a in clash.associated_actors1.all()),
                         [(helpers.FIVE_SEGOND, 3), ("Invented Gang A", 3)])
        self.assertEqual((clash.classification, clash.narrative, clash.civilian_targeting),
                         ("shareable", "Invented: a clash at the bridge.", False))
        self.assertEqual(clash.title, f"Armed clash: {helpers.VIV_ANSANM} and Invented Brigade in Pont-Sonde")
        self.assertEqual([(t.group, t.outcome, t.count, t.as_reported) for t in clash.tolls.all()],
                         [("unknown", "killed", 3, "3")])
        [citation] = clash.citations.select_related("source")
        self.assertEqual((citation.source.publisher, citation.source.kind, citation.quote, citation.locator),
                         (ACLED_PUBLISHER, "dataset", "Invented Daily; Invented Radio", "TST0001"))

        attack = by_id("TST0002")
        self.assertEqual((attack.date, attack.adm2.pcode, attack.actor2.name, attack.civilian_targeting),
                         (D(2025, 3, 18), helpers.KENSCOFF, helpers.CIVILIANS, True))
        self.assertFalse(attack.tolls.exists())  # no fatalities, no toll
        self.assertEqual(attack.citations.get().source, citation.source)  # one ACLED source for every event

        # One batch in the change log, under the officer who imported, each record once as a form's would be.
        batch = ObjectChange.objects.filter(request_id=result.request_id)
        self.assertEqual({(c.user_name, c.message) for c in batch}, {("j3", "ACLED import: haiti_2025.csv")})
        kinds = sorted((c.object_type.model, c.action) for c in batch)
        self.assertEqual(kinds, sorted([("incident", "create")] * 2 + [("actor", "create")] * 2
                                       + [("toll", "create"), ("source", "create")] + [("citation", "create")] * 2))
        logged = batch.get(object_type__model="incident", object_id=str(clash.pk)).postchange_data
        self.assertEqual(logged, json.loads(json.dumps(serialize(clash), cls=DjangoJSONEncoder)))

    def test_a_re_import_updates_what_changed_and_leaves_the_rest_untouched(self):
        events = [event(1, fatalities="2", assoc_actor_1=helpers.FIVE_SEGOND), event(2), event(3)]
        imported(*events)
        first, second, third = (by_id(f"TST000{n}") for n in (1, 2, 3))

        again = imported(*events)
        self.assertEqual((again.created, again.updated, again.unchanged, again.committed), (0, 0, 3, True))
        self.assertFalse(ObjectChange.objects.filter(request_id=again.request_id).exists())
        self.assertEqual([(i.version, i.last_updated) for i in Incident.objects.filter(acled_id__startswith="TST")
                          .order_by("acled_id")],
                         [(i.version, i.last_updated) for i in (first, second, third)])

        # What Muster holds of its own is kept: an edited title, a classification changed since.
        second.title = "Clash at the checkpoint (edited by J3)"
        record_store(user=None, record=second)
        first.classification = "public"
        record_store(user=None, record=first)
        changed = imported(event(1, fatalities="5", notes="Revised by ACLED.", assoc_actor_1=helpers.GRAN_GRIF),
                           event(2, event_date="19 March 2025", actor2=""), event(3), classification="restricted")
        self.assertEqual((changed.created, changed.updated, changed.unchanged), (0, 2, 1))
        first, second = by_id("TST0001"), by_id("TST0002")
        self.assertEqual((first.classification, first.narrative), ("public", "Revised by ACLED."))
        self.assertEqual([a.name for a in first.associated_actors1.all()], [helpers.GRAN_GRIF])
        self.assertEqual([(t.count, t.as_reported) for t in first.tolls.all()], [(5, "5")])
        self.assertEqual((second.date, second.actor2, second.title),
                         (D(2025, 3, 19), None, "Clash at the checkpoint (edited by J3)"))
        self.assertEqual(by_id("TST0003").version, third.version)  # unchanged: not written
        batch = ObjectChange.objects.filter(request_id=changed.request_id)
        diffs = {(c.object_type.model, c.object_id): c.diff() for c in batch}
        self.assertEqual(diffs[("incident", str(first.pk))], [
            ("associated_actors1", [self.world.actors[helpers.FIVE_SEGOND].pk],
             [self.world.actors[helpers.GRAN_GRIF].pk]), ("narrative", "Invented event 1 for a test.",
                                                          "Revised by ACLED.")])
        toll = first.tolls.get()
        self.assertEqual(diffs[("toll", str(toll.pk))], [("as_reported", "2", "5"), ("count", 2, 5)])
        self.assertEqual(len(diffs), 3)  # two incidents and a toll

        # ACLED now counts nobody killed: the toll it gave goes, logged whole.
        gone = imported(event(1, fatalities="0", notes="Revised by ACLED.", assoc_actor_1=helpers.GRAN_GRIF))
        self.assertEqual((gone.updated, Toll.objects.filter(pk=toll.pk).exists()), (1, False))
        deleted = ObjectChange.objects.get(request_id=gone.request_id)
        self.assertEqual((deleted.action, deleted.prechange_data["count"]), ("delete", 5))

    def test_fatalities_are_shared_with_the_tolls_muster_recorded_by_group(self):
        incident = helpers.incident(title="Invented clash", date=D(2025, 3, 18), tolls=[("police", "killed", 2)])
        incident.acled_id = "TST0001"
        record_store(user=None, record=incident)
        result = imported(event(1, fatalities="5"))
        self.assertEqual(result.updated, 1)
        self.assertEqual(sorted((t.group, t.count) for t in incident.tolls.filter(outcome="killed")),
                         [("police", 2), ("unknown", 3)])  # the sum is ACLED's figure, nothing counted twice
        refused = imported(event(1, fatalities="1"))
        self.assertEqual([(e.row, e.column) for e in refused.errors], [(2, "fatalities")])
        self.assertIn("records 2 killed by group", refused.errors[0].message)

    def test_a_file_with_bad_rows_is_refused_whole_naming_each_row_and_column(self):
        before = stored()
        result = imported(
            event(1, event_date="1 October 2023", year="2023", actor1="Invented New Gang"),  # before the MSS
            event(2, sub_event_type="Ambush"),
            event(3, event_type="Skirmish"),
            event(4, longitude=""),  # latitude without longitude
            event(5, latitude=helpers.POINT_AT_SEA[0], longitude=helpers.POINT_AT_SEA[1]),
            event(6, fatalities="abc"),
            event(7),  # good, and not stored either
            user=self.j3)
        self.assertEqual([(e.row, e.column) for e in result.errors], [
            (2, "event_date"), (3, "sub_event_type"), (4, "event_type"), (5, "longitude"), (6, "latitude"),
            (7, "fatalities")])
        messages = [str(e) for e in result.errors]
        self.assertTrue(messages[0].startswith("Row 2, column event_date: MSS started on 2023-10-02"), messages[0])
        self.assertIn("“Ambush” is not a sub-event type of Battles", messages[1])
        self.assertIn("Armed clash", messages[1])  # what would do
        self.assertIn("“Skirmish” is not an ACLED event type", messages[2])
        self.assertIn("Give both latitude and longitude", messages[3])
        self.assertIn("lies in no loaded commune", messages[4])
        self.assertEqual(messages[5], "Row 7, column fatalities: “abc” is not a number of people (0 or more).")
        self.assertFalse(result.committed)
        self.assertEqual(stored(), before)  # not the good row, not the new actor, not ACLED as a source

    def test_the_department_and_commune_the_file_names_must_be_where_the_point_lies(self):
        result = imported(event(1, admin1="Nord"), event(2, admin2="Delmas", admin3=""),
                          event(3, admin1="West", admin2="Kenscoff", admin3=""),  # English, and ACLED's admin2
                          event(4, latitude="18.64000", longitude="-74.12000", admin1="Grand'Anse",
                                admin2="Jeremie", admin3="Jérémie", location="Jérémie"), commit=False)
        self.assertEqual([(e.row, e.column) for e in result.errors], [(2, "admin1"), (3, "admin2")])
        self.assertIn("lies in West (HT01), not in “Nord”", result.errors[0].message)
        self.assertIn("lies in Kenscoff (HT0115), not in “Delmas”", result.errors[1].message)

    def test_rows_that_contradict_themselves_or_each_other_are_named(self):
        result = imported(event(1), event(1, notes="the same event again"), event(3, year="2024"),
                          event(4, actor2="Invented Vigilantes", inter2="Gangsters"),
                          event(5, actor2="Invented Vigilantes", inter2=""), event(6, actor2=helpers.VIV_ANSANM))
        self.assertEqual([(e.row, e.column) for e in result.errors], [
            (3, "event_id_cnty"), (4, "year"), (5, "inter2"), (6, "inter2"), (7, "actor2")])
        self.assertIn("TST0001 is also on row 2", result.errors[0].message)
        self.assertIn("2024, but event_date is in 2025", result.errors[1].message)
        self.assertIn("“Gangsters” is not an ACLED inter code", result.errors[2].message)
        self.assertIn("“Invented Vigilantes” is new to Muster: give its inter code", result.errors[3].message)

    def test_a_file_that_is_not_acleds_is_refused_before_any_row(self):
        missing = [c for c in COLUMNS if c != "fatalities"]
        with self.assertRaises(AcledFileError) as refused:
            acled_rows_read(content=acled_csv(event(1), columns=missing), filename="acled.csv")
        self.assertEqual([str(e) for e in refused.exception.errors],
                         ["Column fatalities: is missing from the header; ACLED's files have it."])
        with self.assertRaises(AcledFileError) as refused:
            acled_rows_read(content=b"PK\x03\x04", filename="acled.xlsx")
        self.assertIn("Send ACLED's CSV file", str(refused.exception))
        # ACLED's files on HDX carry a second header row of HXL hashtags: skipped, the rows numbered as the file's.
        tagged = acled_csv(event(1)).replace(b"\n", b"\n#event+code,#date+occurred\n", 1)
        self.assertEqual([n for n, _c in acled_rows_read(content=tagged, filename="hdx.csv").rows], [3])

    def test_a_user_who_may_not_add_actors_is_told_which_is_missing(self):
        from muster.core.testing import make_user

        clerk = make_user("acled-clerk", grants=[(["operations.incident", "operations.toll"], ["view", "add",
                                                                                              "change"], None),
                                                 (["operations.actor", "operations.eventtype"], ["view"], None)])
        result = imported(event(1, actor2="Invented Vigilantes", inter2="4"), user=clerk)
        self.assertEqual([(e.row, e.column) for e in result.errors], [(2, "actor2")])
        self.assertIn("you may not add actors", result.errors[0].message)

    def test_a_date_acled_corrects_moves_the_missions_casualties_with_the_incident(self):
        gsf, unit = helpers.mission(False), helpers.contingent(False)
        officer = helpers.officer(unit, arrival=D(2025, 11, 10))
        imported(event(1, event_date="18 November 2025"), mission=gsf)
        casualty = casualty_record(user=None, casualty=Casualty(incident=by_id("TST0001"), contingent=unit,
                                                                tour=officer, outcome=Casualty.Outcome.KILLED))
        result = imported(event(1, event_date="19 November 2025"), mission=gsf, user=self.j3)
        self.assertEqual((result.errors, result.updated), ([], 1))
        casualty.refresh_from_db()
        self.assertEqual((Movement.objects.get(pk=casualty.movement_id).date, casualty.duty_status.since),
                         (D(2025, 11, 19), D(2025, 11, 19)))
        # A day the casualty cannot follow it to (before the officer arrived) refuses the file, naming the row.
        refused = imported(event(1, event_date="5 November 2025"), mission=gsf, user=self.j3)
        self.assertEqual([(e.row, e.column) for e in refused.errors], [(2, "event_date")])
        self.assertIn("cannot move to 2025-11-05", refused.errors[0].message)
        self.assertEqual(by_id("TST0001").date, D(2025, 11, 19))

def test_the_import_command_stores_as_the_system_and_refuses_in_rows(demo, tmp_path):
    helpers.world()
    good = tmp_path / "acled.csv"
    good.write_bytes(acled_csv(event(1), event(2)))
    checked = io.StringIO()
    call_command("import-acled", str(good), "--mission", "MSS", "--check", stdout=checked)
    assert "would add 2 incidents to MSS" in checked.getvalue() and "nothing was stored" in checked.getvalue()
    assert not Incident.objects.filter(acled_id__startswith="TST").exists()
    out = io.StringIO()
    call_command("import-acled", str(good), "--mission", "MSS", "--classification", "public", stdout=out)
    assert "2 incidents added, 0 updated, 0 unchanged" in out.getvalue()
    assert set(Incident.objects.filter(acled_id__startswith="TST").values_list("classification", flat=True)) == {
        "public"}
    assert set(ObjectChange.objects.filter(object_type__model="incident", object_id__in=[
        str(pk) for pk in Incident.objects.filter(acled_id__startswith="TST").values_list("pk", flat=True)])
        .values_list("user_name", "message")) == {("system", "ACLED import: acled.csv")}
    bad = tmp_path / "bad.csv"
    bad.write_bytes(acled_csv(event(3, fatalities="many")))
    with pytest.raises(CommandError, match="Row 2, column fatalities"):
        call_command("import-acled", str(bad), "--mission", "MSS")
    assert not Incident.objects.filter(acled_id="TST0003").exists()


def upload(content, name="acled.csv"):
    file = io.BytesIO(content)
    file.name = name
    return file


def test_the_import_page_previews_then_stores_and_shows_the_batch(signed_in):
    helpers.world()
    client = signed_in("j3")
    assert client.get("/incidents/import/acled/").status_code == 200
    before = stored()
    preview = client.post("/incidents/import/acled/", {
        "mission": "MSS", "classification": "shareable",
        "file": upload(acled_csv(event(1, fatalities="4"), event(2)))})
    page = preview.content.decode()
    assert preview.status_code == 200 and "acled.csv for MSS: ready" in page
    result = preview.context["result"]
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    assert [(row.event_id, row.fatalities, row.status) for row in result.preview] == [("TST0001", 4, "new"),
                                                                                      ("TST0002", 0, "new")]
    assert "TST0002" in page and stored() == before  # a preview stores nothing
    commit = preview.context["commit_form"].initial
    done = client.post("/incidents/import/acled/", {**commit, "mission": commit["mission"]}, follow=True)
    assert done.redirect_chain[-1][0].startswith("/incidents/imports/")
    page = done.content.decode()
    assert "2 incidents added" in page and "Armed clash" in page
    assert Incident.objects.filter(acled_id__startswith="TST", classification="shareable").count() == 2
    assert not PendingUpload.objects.exists()


def test_a_bad_file_on_the_page_lists_its_rows_and_offers_no_commit(signed_in):
    helpers.world()
    page = signed_in("j3").post("/incidents/import/acled/", {
        "mission": "MSS", "classification": "restricted", "file": upload(acled_csv(event(1, fatalities="abc")))})
    assert "Row 2, column fatalities" in page.content.decode()
    assert page.context["commit_form"].initial["token"] is None and not PendingUpload.objects.exists()


def test_only_who_may_add_incidents_may_import_and_the_batch_shows_each_reader_what_they_may_see(signed_in):
    helpers.world()
    assert signed_in("j1").get("/incidents/import/acled/").status_code == 403  # reads incidents, adds none
    assert signed_in("liaison-ken").get("/incidents/import/acled/").status_code == 403
    result = imported(event(1), classification="restricted")
    address = f"/incidents/imports/{result.request_id}/"
    assert "Armed clash" in signed_in("j3").get(address).content.decode()
    assert signed_in("liaison-ken").get(address).status_code == 404  # restricted: not theirs to see


def test_a_large_file_is_stored_by_a_job_that_leads_to_its_batch(signed_in, settings):
    helpers.world()
    settings.MUSTER_ACLED_IMPORT_JOB_ROWS = 2
    client = signed_in("j3")
    preview = client.post("/incidents/import/acled/", {
        "mission": "MSS", "classification": "restricted", "file": upload(acled_csv(event(1), event(2), event(3)))})
    stored_by = client.post("/incidents/import/acled/", preview.context["commit_form"].initial)
    job = Job.objects.get()
    assert stored_by["Location"] == f"/jobs/{job.pk}/" and "(3 ACLED events) into MSS" in job.title
    assert job.status == Job.Status.DONE and Incident.objects.filter(acled_id__startswith="TST").count() == 3
    batch = client.get(stored_by["Location"], follow=True)
    assert batch.redirect_chain[-1][0].startswith("/incidents/imports/")
