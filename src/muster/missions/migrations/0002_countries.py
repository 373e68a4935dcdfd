"""Every ISO 3166-1 country, from pycountry, so a country code is checked against the standard."""

import pycountry
from django.db import migrations


def load_countries(apps, schema_editor):
    Country = apps.get_model("missions", "Country")
    Country.objects.bulk_create(
        [
            Country(iso3=c.alpha_3, iso2=c.alpha_2, name=c.name)
            for c in pycountry.countries
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("missions", "0001_initial")]
    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
