"""Each mission's time zone, so its reports open on its own today: America/Port-au-Prince for the MSS, the GSF and
any mission led by Haiti; UTC for the rest (the missions whose sites are in Haiti are set by
logistics/0004_assignments_end_with_mission, where the sites are known)."""

from django.db import migrations, models

HAITI = "America/Port-au-Prince"


def time_zones_set(apps, schema_editor):
    Mission = apps.get_model("missions", "Mission")
    # A data migration writes no change-log rows (it bypasses the signals); this commit's message says what it did.
    Mission.objects.filter(code__in=["MSS", "GSF"]).update(time_zone=HAITI)
    Mission.objects.filter(lead_country_id="HTI").update(time_zone=HAITI)


class Migration(migrations.Migration):

    dependencies = [
        ("missions", "0002_countries"),
    ]

    operations = [
        migrations.AddField(
            model_name="mission",
            name="time_zone",
            field=models.CharField(default="UTC", help_text='Where the mission is: its IANA time zone, e.g. '
                                   '"America/Port-au-Prince". Its reports open on today\'s date there.',
                                   max_length=64),
        ),
        migrations.RunPython(time_zones_set, migrations.RunPython.noop),
    ]
