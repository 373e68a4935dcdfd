"""Counts bounded (at most 1,000,000: core.limits), and one contingent per mission, country and category.

The old key included the parent service, and an empty service (NULL) let duplicates in. A database that holds two
contingents of one mission, country and category stops here, naming them: merge them (move the movements and tours
of one to the other, then delete it) and migrate again.
"""

import django.core.validators
from django.db import migrations, models
from django.db.models import Count


def no_duplicate_contingents(apps, schema_editor):
    Contingent = apps.get_model("force", "Contingent")
    duplicates = (Contingent.objects.values("mission__code", "country_id", "category")
                  .annotate(n=Count("pk")).filter(n__gt=1).order_by("mission__code", "country_id", "category"))
    if duplicates:
        lines = []
        for d in duplicates:
            keys = Contingent.objects.filter(mission__code=d["mission__code"], country_id=d["country_id"],
                                             category=d["category"]).order_by("pk").values_list("pk", flat=True)
            lines.append(f"  {d['mission__code']} {d['country_id']} {d['category']}: contingents "
                         f"{', '.join(str(k) for k in keys)}")
        raise RuntimeError(
            "A mission may now hold one contingent per country and category, and this database holds more than "
            "one of:\n" + "\n".join(lines) + "\nMerge each set into one (move the movements and tours of the "
            "others to it, then delete them) and run the migration again.")


COUNT = models.PositiveIntegerField(validators=[django.core.validators.MaxValueValidator(1000000)])


class Migration(migrations.Migration):

    dependencies = [
        ("force", "0004_movement_strength_covering_index"),
    ]

    operations = [
        migrations.RunPython(no_duplicate_contingents, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="contingent",
            name="contingent_unique_per_service",
        ),
        migrations.AddConstraint(
            model_name="contingent",
            constraint=models.UniqueConstraint(fields=("mission", "country", "category"), name="contingent_unique"),
        ),
        migrations.AlterField(
            model_name="contingent",
            name="pledged_strength",
            field=models.PositiveIntegerField(blank=True, help_text="The strength the country has pledged.",
                                              null=True,
                                              validators=[django.core.validators.MaxValueValidator(1000000)]),
        ),
        migrations.AlterField(model_name="movement", name="count", field=COUNT),
        migrations.AlterField(
            model_name="movement",
            name="men",
            field=models.PositiveIntegerField(default=0,
                                              validators=[django.core.validators.MaxValueValidator(1000000)]),
        ),
        migrations.AlterField(
            model_name="movement",
            name="unknown",
            field=models.PositiveIntegerField(default=0,
                                              validators=[django.core.validators.MaxValueValidator(1000000)],
                                              verbose_name="sex unknown"),
        ),
        migrations.AlterField(
            model_name="movement",
            name="women",
            field=models.PositiveIntegerField(default=0,
                                              validators=[django.core.validators.MaxValueValidator(1000000)]),
        ),
    ]
