"""Posting and SiteAssignment move from logistics to force (issue #11: postings join the roll). The tables stay as
they are (`logistics_posting`, `logistics_siteassignment`, named by each model's Meta.db_table): only Django's
state moves, and the content types are relabelled, so an existing database keeps its rows, grants and history."""

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

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_pending_upload"),
        ("force", "0005_counts_bounded_contingent_unique"),
        ("places", "0001_initial"),
        ("logistics", "0005_personnel_and_cost_bounded"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='Posting',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created', models.DateTimeField(auto_now_add=True)),
                    ('last_updated', models.DateTimeField(auto_now=True)),
                    ('version', models.PositiveIntegerField(default=1, editable=False)),
                    ('since', models.DateField(help_text='First day at the site (effective date).')),
                    ('reason', models.CharField(blank=True, help_text='Why posted here, e.g. relief of a team.', max_length=300)),
                    ('notes', models.TextField(blank=True)),
                ],
                options={
                    'db_table': 'logistics_posting',
                    'ordering': ['since', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='SiteAssignment',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created', models.DateTimeField(auto_now_add=True)),
                    ('last_updated', models.DateTimeField(auto_now=True)),
                    ('version', models.PositiveIntegerField(default=1, editable=False)),
                    ('personnel', models.PositiveIntegerField(help_text='How many of the contingent are posted here.', validators=[django.core.validators.MaxValueValidator(1000000)])),
                    ('since', models.DateField(help_text='First day at the site (effective date).')),
                    ('until', models.DateField(blank=True, help_text='Last day at the site; empty while posted.', null=True)),
                ],
                options={
                    'db_table': 'logistics_siteassignment',
                    'ordering': ['site', 'since', 'pk'],
                },
            ),
            migrations.AddField(
                model_name='posting',
                name='site',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='postings', to='places.site'),
            ),
            migrations.AddField(
                model_name='posting',
                name='tour',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='postings', to='force.tour'),
            ),
            migrations.AddField(
                model_name='siteassignment',
                name='contingent',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='site_assignments', to='force.contingent'),
            ),
            migrations.AddField(
                model_name='siteassignment',
                name='site',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assignments', to='places.site'),
            ),
            migrations.AddIndex(
                model_name='posting',
                index=models.Index(fields=['tour', 'since', 'site'], name='posting_tour_since_site'),
            ),
            migrations.AddConstraint(
                model_name='posting',
                constraint=models.UniqueConstraint(fields=('tour', 'since'), name='one_posting_per_tour_and_day'),
            ),
            migrations.AddIndex(
                model_name='siteassignment',
                index=models.Index(fields=['site', 'since', 'until'], name='assignment_site_dates'),
            ),
        ]),
        migrations.RunPython(content_types_move(["posting", "siteassignment"], source="logistics", target="force"),
                             content_types_move(["posting", "siteassignment"], source="force", target="logistics")),
    ]
