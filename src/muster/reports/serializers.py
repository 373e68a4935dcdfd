"""The API answers of the reports: each one's serializer (its part of the OpenAPI document) and the answer made from
a built report (reports/declarations.py names both for each report's endpoint)."""

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from .strength import CLAIMS_LISTED, claims_list_address

# --- Strength ------------------------------------------------------------------------------------------------


class StrengthRowSerializer(serializers.Serializer):
    country = serializers.CharField(help_text="ISO 3166 alpha-3")
    country_name = serializers.CharField()
    category = serializers.CharField()
    total = serializers.IntegerField()
    men = serializers.IntegerField()
    women = serializers.IntegerField()
    unknown = serializers.IntegerField()
    women_share = serializers.FloatField(allow_null=True, help_text="Women ÷ total: a lower bound while "
                                                                    "some personnel's sex is unknown.")


class ClaimCheckSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    as_of = serializers.DateField()
    subject = serializers.CharField()
    metric = serializers.CharField()
    value = serializers.IntegerField(help_text="What the source reports.")
    computed = serializers.IntegerField(allow_null=True, help_text="What the movements add up to.")
    difference = serializers.IntegerField(allow_null=True, help_text="computed − value")
    status = serializers.CharField()
    source = inline_serializer("ClaimSource", {
        "id": serializers.IntegerField(), "title": serializers.CharField(),
        "publisher": serializers.CharField(), "published_on": serializers.DateField(allow_null=True),
        "address": serializers.CharField(), "grade": serializers.CharField(),
    })


# The claims a strength answer carries: those standing on the date (each publisher's latest for each subject and
# figure, strength.py), at most CLAIMS_LISTED, the differing first. A contribution table imported for a long mission
# gives a claim per country, category and month (MINUSTAH: 11,211 claims, 3.46 MB in one answer); every one of them
# is a page away in the claims list.


class StrengthSerializer(serializers.Serializer):
    mission = serializers.CharField()
    on = serializers.DateField()
    total = serializers.IntegerField()
    men = serializers.IntegerField()
    women = serializers.IntegerField()
    unknown = serializers.IntegerField()
    ceiling = serializers.IntegerField(allow_null=True, help_text="Personnel ceiling of the authorization in force.")
    rows = StrengthRowSerializer(many=True)
    claims = ClaimCheckSerializer(many=True, help_text=(
        f"The published figures standing on the date — each publisher's latest on or before it for each subject "
        f"(countries, category) and metric; an arrival figure for its own day — at most {CLAIMS_LISTED} "
        "(`claims_limit`), those that differ from the movements first, then the most recent."))
    claims_total = serializers.IntegerField(help_text="How many published figures stand on the date.")
    claims_differing = serializers.IntegerField(help_text="How many of those differ from what the movements give.")
    claims_limit = serializers.IntegerField(help_text="The most `claims` lists.")
    claims_all = serializers.CharField(help_text="The claims list with every published figure up to the date "
                                                 "(standing or replaced since), page by page: "
                                                 "/api/claims/?mission=…&as_of_before=….")


def strength_answer(report):
    s = report.strength
    return {
        "mission": report.mission.code, "on": report.on, "total": s.total, "men": s.men, "women": s.women,
        "unknown": s.unknown, "ceiling": report.ceiling,
        "rows": [{"country": r.country, "country_name": r.country_name, "category": r.category,
                  "total": r.total, "men": r.men, "women": r.women, "unknown": r.unknown,
                  "women_share": r.women_share} for r in s.rows],
        "claims": [{"id": c.pk, "as_of": c.as_of, "subject": c.subject, "metric": c.metric, "value": c.value,
                    "computed": c.computed, "difference": c.difference, "status": c.status,
                    "source": {"id": c.source.pk, "title": c.source.title, "publisher": c.source.publisher,
                               "published_on": c.source.published_on, "address": c.source.address,
                               "grade": c.source.grade}}
                   for c in report.claims[:CLAIMS_LISTED]],
        "claims_total": report.claims_total, "claims_differing": report.claims_differing,
        "claims_limit": CLAIMS_LISTED, "claims_all": claims_list_address(report),
    }


# --- Funding -------------------------------------------------------------------------------------------------


class FundingTotalsRowSerializer(serializers.Serializer):
    donor = serializers.CharField()
    pledged = serializers.IntegerField(help_text="US cents")
    committed = serializers.IntegerField(help_text="US cents")
    received = serializers.IntegerField(help_text="US cents")
    spent = serializers.IntegerField(help_text="US cents")
    frozen = serializers.IntegerField(help_text="US cents")
    released = serializers.IntegerField(help_text="US cents, released by waiver")
    still_frozen = serializers.IntegerField(help_text="US cents: frozen − released")


class FundingTotalsSerializer(serializers.Serializer):
    mission = serializers.CharField()
    on = serializers.DateField()
    donors = FundingTotalsRowSerializer(many=True)
    total = FundingTotalsRowSerializer()
    budget = serializers.IntegerField(help_text="US cents of the budgets whose period has begun")
    gap = serializers.IntegerField(help_text="US cents: budget − received")


def totals_row(name, t):
    return {"donor": name, "pledged": t.pledge, "committed": t.commitment, "received": t.disbursement,
            "spent": t.expenditure, "frozen": t.frozen, "released": t.released, "still_frozen": t.still_frozen}


def funding_answer(report):
    return {"mission": report.mission.code, "on": report.on,
            "donors": [totals_row(t["flow__donor__name"], t) for t in report.by_donor],
            "total": totals_row("", report.total), "budget": report.budget_total, "gap": report.funding_gap}


# --- Fleet readiness -----------------------------------------------------------------------------------------


class ReadinessRowSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True, help_text="Type code or site id (the site of each vehicle's latest "
                                "basing on the date); null for the whole fleet, or for vehicles not based yet")
    label = serializers.CharField()
    fleet = serializers.IntegerField()
    ready = serializers.IntegerField(help_text="Mission-capable (operational)")
    share = serializers.FloatField(allow_null=True, help_text="ready / fleet; null for an empty fleet")


class ReadinessSerializer(serializers.Serializer):
    mission = serializers.CharField()
    on = serializers.DateField()
    fleet = ReadinessRowSerializer()
    by_type = ReadinessRowSerializer(many=True)
    by_site = ReadinessRowSerializer(many=True)


def _row(r):
    return {"key": None if r.key is None else str(r.key), "label": r.label, "fleet": r.fleet, "ready": r.ready,
            "share": r.share}


def readiness_answer(report):
    return {"mission": report.mission.code, "on": report.on, "fleet": _row(report.overall),
            "by_type": [_row(r) for r in report.by_type], "by_site": [_row(r) for r in report.by_site]}
