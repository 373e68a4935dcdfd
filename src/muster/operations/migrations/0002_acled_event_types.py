"""ACLED's event types and sub-event types (ACLED Codebook, 2023), and Muster's own for accidents, as reference data
every mission starts with."""

from django.db import migrations

PV, DEM, SD = "Political violence", "Demonstrations", "Strategic developments"

ACLED = [
    (PV, "Battles", "Armed clash"),
    (PV, "Battles", "Government regains territory"),
    (PV, "Battles", "Non-state actor overtakes territory"),
    (PV, "Explosions/Remote violence", "Chemical weapon"),
    (PV, "Explosions/Remote violence", "Air/drone strike"),
    (PV, "Explosions/Remote violence", "Suicide bomb"),
    (PV, "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    (PV, "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    (PV, "Explosions/Remote violence", "Grenade"),
    (PV, "Violence against civilians", "Sexual violence"),
    (PV, "Violence against civilians", "Attack"),
    (PV, "Violence against civilians", "Abduction/forced disappearance"),
    (DEM, "Protests", "Peaceful protest"),
    (DEM, "Protests", "Protest with intervention"),
    (f"{PV}; {DEM}", "Protests", "Excessive force against protesters"),
    (DEM, "Riots", "Violent demonstration"),
    (PV, "Riots", "Mob violence"),
    (SD, "Strategic developments", "Agreement"),
    (SD, "Strategic developments", "Arrests"),
    (SD, "Strategic developments", "Change to group/activity"),
    (SD, "Strategic developments", "Disrupted weapons use"),
    (SD, "Strategic developments", "Headquarters or base established"),
    (SD, "Strategic developments", "Looting/property destruction"),
    (SD, "Strategic developments", "Non-violent transfer of territory"),
    (SD, "Strategic developments", "Other"),
]
MUSTER = [
    ("Accidents", "Vehicle accident"),
    ("Accidents", "Other accident"),
]


def event_types_add(apps, schema_editor):
    EventType = apps.get_model("operations", "EventType")
    for disorder, event, sub_event in ACLED:
        EventType.objects.update_or_create(event_type=event, sub_event_type=sub_event,
                                           defaults={"disorder_type": disorder, "acled": True})
    for event, sub_event in MUSTER:
        EventType.objects.update_or_create(event_type=event, sub_event_type=sub_event,
                                           defaults={"disorder_type": "", "acled": False})


class Migration(migrations.Migration):
    dependencies = [("operations", "0001_initial")]
    # Backwards, nothing to undo row by row: unapplying 0001 drops the table with the incidents that use them.
    operations = [migrations.RunPython(event_types_add, migrations.RunPython.noop)]
