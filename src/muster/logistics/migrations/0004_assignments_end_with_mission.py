"""Assignments end with their mission, and missions placed in Haiti keep Haiti's time.

1. A mission still on UTC (missions/0003) with a site placed in a commune or department of Haiti (P-code HT…) takes
   the time zone America/Port-au-Prince, so its reports open on the mission's today.
2. A site assignment of a mission that has ended, still open (no `until`) or running past the end, now ends on the
   mission's last day: open assignments used to outlive their mission (the MSS map counted 650 people after
   2 Oct 2025). A data migration bypasses the signals, so it writes each change-log row itself: an update by
   "system" with the message below, `until` before and after, in one request id (one batch in the history).

Undone, nothing is reverted: which assignments were open before cannot be told apart afterwards.
"""

import uuid

from django.db import migrations
from django.db.models import F, Q

HAITI = "America/Port-au-Prince"
MESSAGE = "Assignments end with their mission: closed on the mission's last day (migration logistics 0004)"


def missions_in_haiti(apps, schema_editor):
    Mission = apps.get_model("missions", "Mission")
    alias = schema_editor.connection.alias
    in_haiti = Q(sites__adm1__pcode__startswith="HT") | Q(sites__adm2__pcode__startswith="HT")
    ids = Mission.objects.using(alias).filter(time_zone="UTC").filter(in_haiti).values_list("pk", flat=True)
    Mission.objects.using(alias).filter(pk__in=list(ids)).update(time_zone=HAITI)


def assignments_close(apps, schema_editor):
    SiteAssignment = apps.get_model("logistics", "SiteAssignment")
    alias = schema_editor.connection.alias
    ended = SiteAssignment.objects.using(alias).filter(site__mission__end__isnull=False, since__lte=F(
        "site__mission__end")).filter(Q(until__isnull=True) | Q(until__gt=F("site__mission__end")))
    assignments = list(ended.select_related("site__mission", "contingent").order_by("pk"))
    if not assignments:
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    ObjectChange = apps.get_model("core", "ObjectChange")
    object_type, _created = ContentType.objects.using(alias).get_or_create(app_label="logistics",
                                                                           model="siteassignment")
    batch, changes = uuid.uuid4(), []
    for assignment in assignments:
        before = assignment.until
        assignment.until = assignment.site.mission.end
        assignment.save(update_fields=["until"])
        changes.append(ObjectChange(
            user=None, user_name="system", request_id=batch, action="update", object_type=object_type,
            object_id=str(assignment.pk), message=MESSAGE,
            object_repr=f"{assignment.personnel:,} of {assignment.contingent.country_id} at {assignment.site.name} "
                        f"from {assignment.since:%d %b %Y}"[:200],
            prechange_data={"until": before and before.isoformat()},
            postchange_data={"until": assignment.until.isoformat()}))
    ObjectChange.objects.using(alias).bulk_create(changes)


class Migration(migrations.Migration):

    dependencies = [
        ("logistics", "0003_vehicle_basings"),
        ("missions", "0003_mission_time_zone"),
        ("core", "0002_pending_upload"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(missions_in_haiti, migrations.RunPython.noop),
        migrations.RunPython(assignments_close, migrations.RunPython.noop),
    ]
