"""The default gender targets: the UN Uniformed Gender Parity Strategy's 2028 targets, with their source."""

from decimal import Decimal

from django.db import migrations

ADDRESS = "https://peacekeeping.un.org/sites/default/files/uniformed-gender-parity-2018-2028.pdf"
TARGETS_2028 = {  # category -> share of women by 2028
    "military": Decimal("0.150"),  # military contingents
    "fpu": Decimal("0.200"),  # formed police units
    "staff": Decimal("0.250"),  # staff officers and military observers
    "ipo": Decimal("0.300"),  # individual police officers
}
QUOTE = ("Targets for 2028: 15% women in military contingents, 25% among military staff officers and military "
         "observers, 20% in formed police units, 30% among individual police officers.")


def add_targets(apps, schema_editor):
    Source = apps.get_model("sources", "Source")
    GenderTarget = apps.get_model("force", "GenderTarget")
    source, _ = Source.objects.get_or_create(
        address=ADDRESS,
        defaults={"kind": "un_document", "title": "Uniformed Gender Parity Strategy 2018–2028",
                  "publisher": "United Nations Department of Peace Operations", "language": "en",
                  "text": QUOTE, "reliability": "A", "credibility": "1"},
    )
    for category, share in TARGETS_2028.items():
        GenderTarget.objects.get_or_create(mission=None, category=category, target_year=2028,
                                           defaults={"share": share, "source": source})


class Migration(migrations.Migration):
    dependencies = [("force", "0002_nominal_roll"), ("sources", "0001_initial")]
    operations = [migrations.RunPython(add_targets, migrations.RunPython.noop)]
