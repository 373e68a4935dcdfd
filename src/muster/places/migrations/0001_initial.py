"""AdminArea and Site move from logistics to places (issue #11: places below the force). The tables stay as they
are (`logistics_adminarea`, `logistics_site`, named by each model's Meta.db_table): only Django's state moves, and
the content types are relabelled, so an existing database keeps its rows, grants and history."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


def content_types_move(models, *, source, target):
    """Give the content types of `models` the app label `target` instead of `source`, keeping their ids, so Django's
    permissions, the change log and the citations follow the models (a new database has no content types yet:
    post_migrate makes them, under the new label); and rename the models in Muster's grants, which name them by
    label (core.ObjectPermission.object_types: "logistics.site" becomes "places.site")."""

    def move(apps, schema_editor):
        from django.contrib.contenttypes.models import ContentType as CurrentContentType

        content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
        for model in models:
            if content_types.filter(app_label=source, model=model).exists():
                # One made under the new label (by a post_migrate before this ran) holds nothing yet: the old one,
                # which the grants and the change log name, takes its place.
                content_types.filter(app_label=target, model=model).delete()
                content_types.filter(app_label=source, model=model).update(app_label=target)
        CurrentContentType.objects.clear_cache()
        renamed = {f"{source}.{model}": f"{target}.{model}" for model in models}
        for grant in apps.get_model("core", "ObjectPermission").objects.using(schema_editor.connection.alias):
            labels = [renamed.get(label, label) for label in grant.object_types]
            if labels != grant.object_types:
                grant.object_types = labels
                grant.save(update_fields=["object_types"])

    return move


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_pending_upload"),
        ("missions", "0004_ceiling_bounded"),
        ("logistics", "0005_personnel_and_cost_bounded"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='AdminArea',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created', models.DateTimeField(auto_now_add=True)),
                    ('last_updated', models.DateTimeField(auto_now=True)),
                    ('version', models.PositiveIntegerField(default=1, editable=False)),
                    ('pcode', models.CharField(max_length=20, unique=True, verbose_name='P-code')),
                    ('level', models.PositiveSmallIntegerField(choices=[(1, 'Department (ADM1)'), (2, 'Commune (ADM2)')])),
                    ('name_en', models.CharField(max_length=100, verbose_name='name (English)')),
                    ('name_fr', models.CharField(blank=True, max_length=100, verbose_name='name (French)')),
                    ('name_ht', models.CharField(blank=True, max_length=100, verbose_name='name (Haitian Creole)')),
                    ('valid_on', models.DateField(blank=True, null=True, verbose_name='valid on')),
                    ('source_name', models.CharField(blank=True, max_length=200, verbose_name='boundaries file')),
                    ('min_lon', models.FloatField()),
                    ('min_lat', models.FloatField()),
                    ('max_lon', models.FloatField()),
                    ('max_lat', models.FloatField()),
                    ('geometry', models.JSONField(help_text='GeoJSON geometry as published.')),
                    ('display_geometry', models.JSONField(help_text='Simplified GeoJSON geometry for the map.')),
                    ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='children', to='places.adminarea')),
                ],
                options={
                    'verbose_name': 'administrative area',
                    'db_table': 'logistics_adminarea',
                    'ordering': ['pcode'],
                },
            ),
            migrations.CreateModel(
                name='Site',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created', models.DateTimeField(auto_now_add=True)),
                    ('last_updated', models.DateTimeField(auto_now=True)),
                    ('version', models.PositiveIntegerField(default=1, editable=False)),
                    ('name', models.CharField(max_length=200)),
                    ('kind', models.CharField(choices=[('headquarters', 'Headquarters'), ('fob', 'Forward operating base'), ('airport', 'Airport'), ('port', 'Port'), ('hospital', 'Hospital'), ('warehouse', 'Warehouse'), ('deployment', 'Deployment location (UN mission)')], max_length=20)),
                    ('latitude', models.DecimalField(decimal_places=5, max_digits=8, validators=[django.core.validators.MinValueValidator(-90), django.core.validators.MaxValueValidator(90)])),
                    ('longitude', models.DecimalField(decimal_places=5, max_digits=8, validators=[django.core.validators.MinValueValidator(-180), django.core.validators.MaxValueValidator(180)])),
                    ('outside_boundaries', models.BooleanField(default=False, help_text='Tick to keep a point that lies in no loaded commune (at sea, abroad); otherwise it is refused.', verbose_name='outside the boundaries')),
                    ('opened', models.DateField(blank=True, null=True)),
                    ('closed', models.DateField(blank=True, null=True)),
                    ('notes', models.TextField(blank=True)),
                    ('adm1', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='places.adminarea', verbose_name='department')),
                    ('adm2', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='places.adminarea', verbose_name='commune')),
                    ('mission', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sites', to='missions.mission')),
                ],
                options={
                    'db_table': 'logistics_site',
                    'ordering': ['mission', 'name'],
                },
            ),
            migrations.AddIndex(
                model_name='adminarea',
                index=models.Index(fields=['level', 'min_lon', 'max_lon', 'min_lat', 'max_lat'], name='adminarea_bbox'),
            ),
            migrations.AddConstraint(
                model_name='site',
                constraint=models.UniqueConstraint(fields=('mission', 'name'), name='site_name_unique_per_mission'),
            ),
        ]),
        migrations.RunPython(content_types_move(["adminarea", "site"], source="logistics", target="places"),
                             content_types_move(["adminarea", "site"], source="places", target="logistics")),
    ]
