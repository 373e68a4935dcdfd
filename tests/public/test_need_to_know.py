"""The need-to-know sweep of the public site: every public address, in every format, fetched anonymously, against the
records an anonymous visitor may not see: people's names and service numbers, the titles and narratives of incidents
not classified public, internal sources' titles, and the exact count of a contingent under 5."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from muster.force.models import Contingent, Movement, Person
from muster.force.services import movement_record
from muster.missions.models import Mission, PersonnelCategory
from muster.operations.models import Classification, Incident
from muster.public.models import Publication
from muster.public.selectors import public_day_range
from muster.sources.models import Claim, Source
from muster.sources.services import citation_attach

DAY = datetime.date(2025, 6, 30)
FORMATS = ("csv", "hxl.csv", "json")


def public_patterns():
    """The public site's named addresses, as the URLconf has them (the administrators' publication pages aside:
    they ask for a sign-in)."""
    resolver = next(r for r in get_resolver().url_patterns
                    if isinstance(r, URLResolver) and getattr(r, "namespace", None) == "public")
    names = [p.name for p in resolver.url_patterns if isinstance(p, URLPattern)]
    return [name for name in names if not name.startswith("publication_")]


@pytest.fixture
def secrets(demo):
    """Records no anonymous visitor may see, beside the demo's own (its sample roll, its restricted incidents, its
    internal roll report): an officer, an internal report cited on a figure, a movement and a restricted incident,
    and a contingent of three."""
    mss = Mission.objects.get(code="MSS")
    kenya = Contingent.objects.get(mission=mss, country="KEN")
    internal = Source.objects.create(kind=Source.Kind.INTERNAL_REPORT, publisher="MSS J1", title="Zanzibar return",
                                     reliability="A", credibility="1")
    manifest = Source.objects.create(kind=Source.Kind.MANIFEST, publisher="MSS J4", title="Quokka flight list",
                                     reliability="A", credibility="1")
    claim = Claim.objects.create(source=internal, mission=mss, metric=Claim.Metric.STRENGTH, as_of=DAY, value=98765)
    claim.countries.add("KEN")
    Claim.objects.create(source=manifest, mission=mss, metric=Claim.Metric.STRENGTH, as_of=DAY, value=87654)
    movement = movement_record(user=None, contingent=kenya, kind=Movement.Kind.ARRIVAL, date=DAY, count=6, men=6,
                               source=internal, quote="Six more in Zanzibar return")
    citation_attach(record=movement, source=manifest, quote="")
    Person.objects.create(country_id="KEN", service_number="KPS-ZZ-4471", family_name="Wanjirucorrigan",
                          given_names="Philomena", rank="Inspector", sex="female")
    public = Incident.objects.filter(mission=mss, classification=Classification.PUBLIC).first()
    Incident.objects.create(mission=mss, title="Ambush at Xylophone Ridge", date=public.date,
                            event_type=public.event_type, actor1=public.actor1, adm1=public.adm1,
                            classification=Classification.RESTRICTED, narrative="Quetzalcoatl convoy details")
    canada = Contingent.objects.create(mission=mss, country_id="CAN", category=PersonnelCategory.STAFF_OFFICERS)
    movement_record(user=None, contingent=canada, kind=Movement.Kind.ARRIVAL, date=DAY - datetime.timedelta(days=40),
                    count=3, men=2, women=1)
    cache.clear()
    return {"internal": internal, "manifest": manifest}


def addresses():
    """Every public address: the index, each publishing mission today and on DAY (where it lived), and under each
    day every table in every format, the data package and the chart."""
    found = [reverse("public:index")]
    for publication in Publication.objects.select_related("mission"):
        code = publication.mission.code
        first, last = public_day_range(mission=publication.mission)
        found.append(reverse("public:mission", args=[code]))
        for day in {last, DAY} if first <= DAY <= last else {last}:
            on = day.isoformat()
            found.append(reverse("public:mission_on", args=[code, on]))
            package = json.loads(Client().get(reverse("public:data", args=[code, on, "datapackage", "json"])).content)
            found.append(reverse("public:data", args=[code, on, "datapackage", "json"]))
            found.append(reverse("public:data", args=[code, on, "strength", "svg"]))
            found += [reverse("public:data", args=[code, on, resource["name"], fmt])
                      for resource in package["resources"] for fmt in FORMATS]
    return found


def test_the_sweep_covers_every_public_address_of_the_urlconf():
    assert sorted(public_patterns()) == ["data", "index", "mission", "mission_on"]


def test_no_public_address_shows_a_name_a_restricted_incident_an_internal_source_or_a_small_count(secrets):
    forbidden = {"KPS-ZZ-4471", "Wanjirucorrigan", "Philomena", "Xylophone Ridge", "Quetzalcoatl",
                 "Zanzibar", "Quokka"}
    numbers = {"98765", "98,765", "87654", "87,654"}  # internal figures; not sought in a chart's coordinates
    for person in Person.objects.all():
        forbidden |= {person.service_number, f"{person.given_names} {person.family_name}"}
    for incident in Incident.objects.exclude(classification=Classification.PUBLIC):
        forbidden.add(incident.title)
        if len(incident.narrative) > 20:
            forbidden.add(incident.narrative[:60])
    for source in Source.objects.exclude(kind__in=[k for k in Source.Kind if k not in ("internal_report", "manifest")]):
        forbidden.add(source.title)
    visited = addresses()
    assert len(visited) > 60  # two missions, their days, eight tables in three formats each
    client = Client()
    for address in visited:
        response = client.get(address)
        assert response.status_code == 200, address
        body = response.content.decode()
        sought = forbidden | (numbers if not address.endswith(".svg") else set())
        leaks = sorted(word for word in sought if word and str(word) in body)
        assert leaks == [], (address, leaks)

    # The contingents under 5 on DAY (Canada's three staff officers, Belize's two soldiers): a mark in every table.
    strength = json.loads(client.get(f"/public/MSS/{DAY}/strength.json").content)
    rows = {row["country_code"]: row for row in strength["rows"]}
    assert rows["CAN"]["staff"] == "<5" and rows["CAN"]["total"] == "<5" and rows["CAN"]["women"] == "<5"
    assert rows["BLZ"]["military"] == "<5"
    series = json.loads(client.get(f"/public/MSS/{DAY}/strength-over-time.json").content)
    assert {row["personnel"] for row in series["rows"] if row["country_code"] in ("CAN", "BLZ")} <= {"<5", "x", 0}
    page = client.get(f"/public/MSS/{DAY}/").content.decode()
    canada = page[page.index('<tr data-country="CAN">'):]
    assert '<td class="num">3</td>' not in canada[:canada.index("</tr>")]
