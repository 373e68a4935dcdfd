"""The SITREP in the API: the live report's answer (its endpoint, /api/sitrep/, comes from its declaration) and the
issued versions, read-only at /api/sitrep/issued/. Both are what the asker's grants let them see of the content
(reports.sitrep.sitrep_for), as on the pages."""

from rest_framework import serializers, viewsets

from muster.core.api_policy import ObjectPermissions
from muster.operations.models import Sitrep

from . import sitrep
from .sitrep_filters import SitrepFilterSet


class SitrepSourceSerializer(serializers.Serializer):
    title = serializers.CharField()
    publisher = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    grade = serializers.CharField(help_text="Reliability A–F and credibility 1–6, e.g. B2")
    url = serializers.CharField(allow_null=True, help_text="The source's page in Muster")
    address = serializers.CharField(allow_blank=True, help_text="Where it can be read")
    quote = serializers.CharField(allow_blank=True)


def _figures(help_text):
    return serializers.DictField(child=serializers.IntegerField(allow_null=True), help_text=help_text)


class SitrepRecordSerializer(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.CharField(allow_null=True)
    sources = SitrepSourceSerializer(many=True)


class SitrepStrengthLineSerializer(serializers.Serializer):
    key = serializers.CharField()
    country = serializers.CharField(help_text="ISO 3166 alpha-3")
    country_name = serializers.CharField()
    category = serializers.CharField()
    label = serializers.CharField()
    figures = _figures("before, arrived, departed, rotated_in, rotated_out, transferred_in, transferred_out, "
                       "casualties (killed, missing, evacuated), after")
    url = serializers.CharField(allow_null=True, help_text="The contingent's movements in the period")
    records = SitrepRecordSerializer(many=True, help_text="Each movement of the period, with its sources")


class SitrepCasualtyLineSerializer(serializers.Serializer):
    key = serializers.CharField()
    date = serializers.DateField()
    country = serializers.CharField()
    country_name = serializers.CharField()
    outcome = serializers.CharField()
    outcome_label = serializers.CharField()
    count = serializers.IntegerField()
    changes_strength = serializers.BooleanField()
    officer = serializers.CharField(allow_null=True, allow_blank=True,
                                    help_text="The officer, where the roll knows them; null for an asker not granted "
                                              "that country's casualties")
    officer_url = serializers.CharField(allow_null=True)
    officer_sources = SitrepSourceSerializer(many=True, help_text="The casualty's sources (they may name the officer)")
    incident = serializers.CharField(allow_null=True, help_text="Its title; null for an asker who may not see it")
    incident_url = serializers.CharField(allow_null=True)


class SitrepIncidentLineSerializer(serializers.Serializer):
    key = serializers.CharField()
    date = serializers.DateField()
    title = serializers.CharField()
    sample = serializers.BooleanField(help_text="An illustration (the demo's), never a fact")
    classification = serializers.CharField()
    event_type = serializers.CharField()
    department = serializers.CharField(allow_null=True, help_text="Its name; null where the incident is not placed")
    department_pcode = serializers.CharField(allow_null=True)
    commune = serializers.CharField(allow_null=True)
    location = serializers.CharField(allow_blank=True)
    narrative = serializers.CharField(allow_blank=True)
    figures = _figures("killed, wounded, missing, abducted (every group)")
    url = serializers.CharField(allow_null=True)
    sources = SitrepSourceSerializer(many=True)


class SitrepDepartmentSerializer(serializers.Serializer):
    name = serializers.CharField()
    incidents = serializers.IntegerField()
    killed = serializers.IntegerField()
    wounded = serializers.IntegerField()
    missing = serializers.IntegerField()
    abducted = serializers.IntegerField()
    most_serious = serializers.CharField(source="most_serious.key", help_text="The key of its most serious incident")


class SitrepFleetLineSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    figures = _figures("fleet_before, ready_before (the day before the period), fleet, ready (its last day)")
    url = serializers.CharField(allow_null=True)


class SitrepSiteLineSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    change = serializers.ChoiceField(choices=["opened", "closed"])
    date = serializers.DateField()
    url = serializers.CharField(allow_null=True)
    sources = SitrepSourceSerializer(many=True)


class SitrepFundingLineSerializer(serializers.Serializer):
    key = serializers.CharField()
    date = serializers.DateField()
    type = serializers.CharField()
    type_label = serializers.CharField()
    donor = serializers.CharField()
    purpose = serializers.CharField()
    amount = serializers.CharField(help_text="In its currency, e.g. USD 40,700,000.00")
    usd_cents = serializers.IntegerField(allow_null=True)
    description = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_null=True)
    sources = SitrepSourceSerializer(many=True)


class SitrepClaimLineSerializer(serializers.Serializer):
    key = serializers.CharField()
    as_of = serializers.DateField()
    subject = serializers.CharField()
    metric = serializers.CharField()
    figures = _figures("reported, computed (from movements), difference (computed − reported)")
    url = serializers.CharField(allow_null=True)
    sources = SitrepSourceSerializer(many=True)


class SitrepAnswerSerializer(serializers.Serializer):
    mission = serializers.CharField()
    on = serializers.DateField(help_text="The last day of the period, in the mission's time zone")
    start = serializers.DateField(help_text="The first day of the period")
    period = serializers.ChoiceField(choices=Sitrep.Period.choices)
    compiled_at = serializers.DateTimeField()
    strength = SitrepStrengthLineSerializer(many=True)
    strength_total = _figures("The lines' figures summed")
    strength_total_label = serializers.CharField(help_text="The mission's total, or the part of it the asker sees")
    casualties = SitrepCasualtyLineSerializer(many=True)
    incidents = SitrepIncidentLineSerializer(many=True)
    departments = SitrepDepartmentSerializer(many=True)
    fleet = SitrepFleetLineSerializer(many=True)
    sites = SitrepSiteLineSerializer(many=True)
    funding = SitrepFundingLineSerializer(many=True)
    claims = SitrepClaimLineSerializer(many=True)


def _casualty(line):
    name, incident = line["name"], line["incident"]
    return {**line, "officer": name["text"] if name else None, "officer_url": name["url"] if name else None,
            "officer_sources": name["sources"] if name else [], "incident": incident["title"] if incident else None,
            "incident_url": incident["url"] if incident else None}


def _incident(line):
    department = line["department"]
    return {**line, "department": department["name"] if department else None,
            "department_pcode": department["pcode"] if department else None}


def sitrep_answer(report):
    """The report's answer: its sections as the asker sees them, the parts of a line they may not see as nulls."""
    content = report.content
    return {"mission": report.mission.code, "on": report.on, "start": report.start, "period": report.period,
            "compiled_at": report.compiled_at, "strength_total": report.strength_total,
            "strength_total_label": str(report.strength_total_label), "departments": report.departments,
            **{name: content.get(name, []) for name in sitrep.SECTIONS},
            "casualties": [_casualty(line) for line in report.casualties],
            "incidents": [_incident(line) for line in report.incidents]}


class IssuedSitrepSerializer(serializers.ModelSerializer):
    mission = serializers.SlugRelatedField(slug_field="code", read_only=True)
    report = serializers.SerializerMethodField(help_text="The report as issued, as far as the asker may see it")

    class Meta:
        model = Sitrep
        fields = ["id", "mission", "on", "period", "version", "assessment", "correction", "issued_at",
                  "issued_by_name", "report"]

    def get_report(self, issued) -> SitrepAnswerSerializer:
        user = self.context["request"].user
        return SitrepAnswerSerializer(sitrep_answer(sitrep.issued_report(issued, user))).data


class SitrepViewSet(viewsets.ReadOnlyModelViewSet):
    """Issued situation reports, each version frozen as issued; a correction is the next version. Issuing is the
    SITREP page's (an author's assessment beside the figures)."""

    queryset = Sitrep.objects.select_related("mission")
    serializer_class = IssuedSitrepSerializer
    filterset_class = SitrepFilterSet
    permission_classes = [ObjectPermissions]
    ordering_fields = ["on", "version", "issued_at"]

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, "view")
