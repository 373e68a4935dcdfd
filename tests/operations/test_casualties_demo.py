"""The demo's operations: the public record's casualties are incidents with the mission's casualties, citing the
record's sources, their casualty movements the only ones of the demo (strength as the record gives it); the other
incidents are SAMPLE, and say so."""

import datetime

from muster.force.models import Movement
from muster.force.selectors import strength_at
from muster.missions.models import Mission
from muster.operations.models import Casualty, Incident, Toll
from muster.sources.models import Citation

D = datetime.date


def test_the_records_casualties_are_incidents_with_the_missions_casualties_and_their_sources(demo):
    casualties = Casualty.objects.select_related("incident__adm2", "contingent").order_by("incident__date", "pk")
    assert [(c.incident.date, c.outcome, c.count, c.incident.adm2.pcode, c.contingent.country_id)
            for c in casualties] == [
        (D(2025, 2, 23), "killed", 1, "HT0542", "KEN"),  # Ségur-Savien, Petite-Rivière-de-l'Artibonite
        (D(2025, 3, 18), "wounded", 1, "HT0115", "KEN"),  # Kenscoff
        (D(2025, 3, 25), "missing", 1, "HT0531", "KEN"),  # near Pont-Sondé, Saint-Marc
        (D(2025, 8, 31), "killed", 1, "HT0115", "KEN"),  # the Kenscoff road
        (D(2025, 8, 31), "wounded", 8, "HT0115", "KEN"),
    ]
    assert {c.incident.classification for c in casualties} == {"public"}
    assert not any(c.incident.sample for c in casualties)
    accident = Incident.objects.get(date=D(2025, 8, 31), sample=False)
    assert (accident.event_type.event_type, accident.event_type.sub_event_type) == ("Accidents", "Vehicle accident")
    assert sorted(accident.tolls.values_list("group", "outcome", "count")) == [
        (Toll.Group.MISSION, "killed", 1), (Toll.Group.MISSION, "wounded", 8)]
    kaetuai = casualties[0]
    assert "Kaetuai" in kaetuai.note and "24 February 2025" in kaetuai.note and kaetuai.tour is None
    assert "24 February 2025" in kaetuai.incident.narrative
    assert "Kabiru" in casualties[2].note and "Nzuve" in casualties[3].note
    # Each cites its row's source, as do the incident and the casualty movement.
    sauce = "https://sauce.co.ke/2025/03/another-kenyan-police-officer-killed-in-haiti-gangs-detain-body/"
    assert [c.source.address for c in kaetuai.citations.all()] == [sauce]
    assert [c.source.address for c in kaetuai.incident.citations.all()] == [sauce]
    assert [c.source.address for c in kaetuai.movement.citations.all()] == [sauce]


def test_the_demos_casualty_movements_are_the_casualties_and_strength_is_the_records(demo):
    losses = Movement.objects.filter(kind__in=Casualty.MOVEMENT_KIND.values()).order_by("date")
    assert [(m.date, m.kind, m.count, m.casualty.outcome) for m in losses] == [
        (D(2025, 2, 23), "killed", 1, "killed"), (D(2025, 3, 25), "missing", 1, "missing"),
        (D(2025, 8, 31), "killed", 1, "killed")]
    mss = Mission.objects.get(code="MSS")

    def kenya(on):
        return sum(r.total for r in strength_at(mission=mss, on=on).rows if r.country == "KEN")

    # The wounded stay on strength; the killed and the missing leave it on their day: 761 less three by the re-hat.
    assert kenya(D(2025, 3, 18)) - kenya(D(2025, 3, 17)) == 0
    assert kenya(D(2025, 3, 25)) - kenya(D(2025, 3, 24)) == -1
    assert kenya(D(2025, 10, 1)) == 761 - 3


def test_the_other_incidents_are_samples_and_say_so(demo):
    samples = Incident.objects.filter(sample=True)
    assert samples.count() == 30
    assert all(title.startswith("SAMPLE: ") for title in samples.values_list("title", flat=True))
    assert set(samples.values_list("classification", flat=True)) == {"restricted", "shareable", "public"}
    assert {d.year for d in samples.values_list("date", flat=True)} == {2024, 2025}
    assert set(samples.values_list("mission__code", flat=True)) == {"MSS", "GSF"}
    assert not samples.filter(adm2__isnull=True).exists()  # each in its commune, for the map
    assert not Casualty.objects.filter(incident__sample=True).exists()  # strength is the record's alone
    cited = set(Citation.objects.filter(content_type__model="incident", object_id__in=samples.values("pk"))
                .values_list("source__title", flat=True))
    assert cited == {"SAMPLE data: Muster demo incidents (not real)"}
    assert Toll.objects.filter(incident__sample=True, group=Toll.Group.CIVILIANS, outcome="abducted").exists()


def test_a_liaison_reads_their_own_countrys_casualties_of_the_demo(signed_in):
    pages = {user: signed_in(user).get("/operations/casualties/").content.decode()
             for user in ("liaison-ken", "liaison-gtm")}
    addresses = [c.get_absolute_url() for c in Casualty.objects.all()]
    assert len(addresses) == 5
    assert all(f'href="{address}"' in pages["liaison-ken"] for address in addresses)
    assert not any(f'href="{address}"' in pages["liaison-gtm"] for address in addresses)
    assert "Ségur-Savien" in pages["liaison-ken"]  # a public incident: its title, linked
