"""Vehicle basings: where a vehicle is based from a date (logistics.VehicleBasing); Vehicle.site becomes derived.

Every vehicle with a site gets one basing there, from the day it was acquired, else its first status, else its
mission's start: the only history known before basings were kept. Undone, the basings are dropped and
Vehicle.site keeps the latest one.
"""

import django.db.models.deletion
from django.db import migrations, models


def basings_from_sites(apps, schema_editor):
    Vehicle = apps.get_model("logistics", "Vehicle")
    VehicleBasing = apps.get_model("logistics", "VehicleBasing")
    VehicleStatus = apps.get_model("logistics", "VehicleStatus")
    alias = schema_editor.connection.alias
    first_status = (VehicleStatus.objects.using(alias).filter(vehicle=models.OuterRef("pk")).order_by("since")
                    .values("since")[:1])
    vehicles = (Vehicle.objects.using(alias).filter(site__isnull=False)
                .annotate(first_status=models.Subquery(first_status)).select_related("mission").order_by("pk"))
    basings = []
    for vehicle in vehicles.iterator(chunk_size=2000):
        since = vehicle.acquired or vehicle.first_status or vehicle.mission.start
        basings.append(VehicleBasing(vehicle_id=vehicle.pk, site_id=vehicle.site_id, since=since,
                                     note="Where it was based when basings began to be kept"))
    VehicleBasing.objects.using(alias).bulk_create(basings, batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ('logistics', '0002_postings'),
    ]

    operations = [
        migrations.AlterField(
            model_name='vehicle',
            name='site',
            field=models.ForeignKey(blank=True, editable=False, help_text='Where it is based now: the site of its latest basing.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='vehicles', to='logistics.site'),
        ),
        migrations.CreateModel(
            name='VehicleBasing',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('last_updated', models.DateTimeField(auto_now=True)),
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('since', models.DateField(help_text='First day based at the site (effective date).')),
                ('note', models.CharField(blank=True, help_text='Why it moved, e.g. relief of the FOB.', max_length=300)),
                ('site', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='basings', to='logistics.site')),
                ('vehicle', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='basings', to='logistics.vehicle')),
            ],
            options={
                'ordering': ['vehicle', 'since', 'pk'],
                'indexes': [models.Index(fields=['vehicle', 'since', 'site'], name='vehiclebasing_covering')],
                'constraints': [models.UniqueConstraint(fields=('vehicle', 'since'), name='one_vehicle_basing_per_day')],
            },
        ),
        migrations.RunPython(basings_from_sites, migrations.RunPython.noop),
    ]
