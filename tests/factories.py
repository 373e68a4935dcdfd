"""Factories for tests: a mission, its contingents, movements, sources and claims, with real-looking values."""

import datetime

import factory

from muster.force.models import Contingent, Movement
from muster.missions.models import Authorization, Mission, Organization, PersonnelCategory
from muster.sources.models import Claim, Source


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mission
        django_get_or_create = ("code",)

    code = "MSS"
    name = factory.LazyAttribute(lambda o: f"{o.code} mission")
    start = datetime.date(2023, 10, 2)


class AuthorizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authorization

    mission = factory.SubFactory(MissionFactory)
    instrument = factory.Sequence(lambda n: f"UNSC resolution {2700 + n} (2024)")
    adopted = datetime.date(2024, 9, 30)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Service {n}")
    kind = Organization.Kind.ARMED_FORCES
    country_id = "GTM"


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    kind = Source.Kind.NEWS_ARTICLE
    title = factory.Sequence(lambda n: f"Report {n}")
    publisher = "thefrontierpost.com"
    published_on = datetime.date(2025, 1, 3)
    address = factory.Sequence(lambda n: f"https://example.org/report/{n}")


class ContingentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contingent

    mission = factory.SubFactory(MissionFactory)
    country_id = "GTM"
    category = PersonnelCategory.MILITARY


class MovementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Movement

    contingent = factory.SubFactory(ContingentFactory)
    kind = Movement.Kind.ARRIVAL
    date = datetime.date(2025, 1, 3)
    count = 75
    men = 0
    women = 0
    unknown = factory.LazyAttribute(lambda o: o.count - o.men - o.women)


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim
        skip_postgeneration_save = True

    source = factory.SubFactory(SourceFactory)
    mission = factory.SubFactory(MissionFactory)
    metric = Claim.Metric.STRENGTH
    as_of = datetime.date(2025, 1, 4)
    value = 150

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)
