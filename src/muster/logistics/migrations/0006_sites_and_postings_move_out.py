"""The sites and administrative areas now belong to places, the postings and assignments to force (places 0001,
force 0006): logistics' fleet refers to places.Site, and logistics forgets the four models. State only: the tables
and their foreign keys are unchanged."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("logistics", "0005_personnel_and_cost_bounded"),
        ("places", "0001_initial"),
        ("force", "0006_postings_and_assignments_join_force"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name='vehiclebasing',
                name='site',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='basings', to='places.site'),
            ),
            migrations.AlterField(
                model_name='shipment',
                name='destination',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='shipments_received', to='places.site'),
            ),
            migrations.AlterField(
                model_name='vehicle',
                name='site',
                field=models.ForeignKey(blank=True, editable=False, help_text='Where it is based now: the site of its latest basing.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='vehicles', to='places.site'),
            ),
            migrations.DeleteModel(name="Posting"),
            migrations.DeleteModel(name="SiteAssignment"),
            migrations.DeleteModel(name="Site"),
            migrations.DeleteModel(name="AdminArea"),
        ]),
    ]
