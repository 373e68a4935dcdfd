"""The places imports store through the one store (core.store): what `muster import-boundaries --geopko` loads is
in the change log as the system's, under the command's name, and a site its model refuses mid-file is named with
its field while nothing of the file stays."""

import csv
import json
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError

from muster.core.changelog import serialize
from muster.core.models import ObjectChange
from muster.missions.models import Mission
from muster.places.models import Site
from muster.sources.models import Citation, Source
from tests.logistics.helpers import GEOPKO

pytestmark = pytest.mark.django_db


def as_logged(record):
    """The record as the change log keeps it: serialized, then through the log's JSON."""
    encoder = ObjectChange._meta.get_field("postchange_data").encoder
    return json.loads(json.dumps(serialize(record), cls=encoder))


def stored_counts():
    return {model.__name__: model.objects.count() for model in (Mission, Site, Source, Citation, ObjectChange)}


def test_the_geopko_sites_are_in_the_change_log_as_the_commands(demo):
    before = ObjectChange.objects.order_by("-pk").values_list("pk", flat=True).first()
    call_command("import-boundaries", "--geopko", str(GEOPKO), stdout=StringIO())

    sites = list(Site.objects.filter(mission__code__in=["MINUSTAH", "MINUJUSTH"]))
    source = Source.objects.get(title=f"Geo-PKO v2.3: {GEOPKO.name}")
    stored = [*Mission.objects.filter(code__in=["MINUSTAH", "MINUJUSTH"]), source, *sites,
              *Citation.objects.filter(source=source)]
    assert len(sites) > 10 and len(stored) == 2 + 1 + 2 * len(sites)
    changes = ObjectChange.objects.filter(pk__gt=before)
    logged = {(change.object_type_id, change.object_id): change for change in changes}
    for record in stored:
        change = logged[(ContentType.objects.get_for_model(record).pk, str(record.pk))]
        # Who: the system, by the command that ran (no one signed in); what: the record, created.
        assert (change.user, change.user_name, change.action) == (None, "system", ObjectChange.Action.CREATE)
        assert change.message == "muster import-boundaries"
        assert change.prechange_data is None and change.postchange_data == as_logged(record), record
    assert len(logged) == len(stored) == changes.count()


def test_a_site_refused_mid_file_is_named_and_nothing_of_the_file_is_stored(demo, tmp_path):
    with GEOPKO.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # A location in the middle of the file put beyond the pole (in each of its years): the file's reader takes the
    # number, the Site refuses it.
    middle = rows[len(rows) // 2]
    for row in rows:
        if (row["mission"], row["location"]) == (middle["mission"], middle["location"]):
            row["latitude"] = "95.5"
    broken = tmp_path / "FrontMap_broken.csv"
    with broken.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    before = stored_counts()
    with pytest.raises(CommandError) as refused:
        call_command("import-boundaries", "--geopko", str(broken), stdout=StringIO())
    message = str(refused.value)
    assert message.startswith("Nothing was stored:")
    assert f"Mission {middle['mission']}, location {middle['location']}: latitude: " in message, message
    assert "less than or equal to 90" in message
    assert stored_counts() == before
