"""The situation report (SITREP): a mission's day or week compiled from the records, and issued, frozen, as staff send
it up the chain.

`sitrep_compile` gathers, for the period ending on a day of the mission's time zone (daily: that day; weekly: the
seven days ending on it), strength and its changes by contingent, the mission's own casualties, incidents by
department, fleet readiness and its change, sites opened or closed, funding events (freezes, waivers, receipts) and
published figures that disagree with the records: a fixed number of queries whatever the size of the history. It is
compiled as the system (everything), as plain JSON: each line carries its figures, links to its records and their
sources, and its `scope`, the scope attributes of the records it comes from. What a reader sees is that content
filtered by their grants (`sitrep_for`, through core.permissions.scope_allows: what `restrict` would decide for those
records), so the live report and an issued one are shown the same way, and an issued one keeps showing each reader
what their scope allows, however their grants or the records change after.

Issuing (`sitrep_issue`) freezes the content as a Sitrep (operations.models) with the commander's assessment; a
correction is the next version, which shows what changed against the one before (`sitrep_diff`).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from muster.core.permissions import scope_allows
from muster.core.store import record_store
from muster.force.models import Movement
from muster.force.selectors import claims_reconciled, strength_changes
from muster.funding.models import Transaction
from muster.logistics import selectors as fleet_selectors
from muster.logistics.models import Vehicle
from muster.missions.models import Mission, PersonnelCategory, mission_today
from muster.operations.models import Casualty, Incident, Sitrep, Toll
from muster.places.models import Site
from muster.sources.models import Citation, Claim

PERIOD_DAYS = {Sitrep.Period.DAILY: 1, Sitrep.Period.WEEKLY: 7}
CONTENT_FORMAT = 1  # the shape of `content`; a later shape reads the earlier ones
SECTIONS = ("strength", "casualties", "incidents", "fleet", "sites", "funding", "claims")
FUNDING_EVENTS = (Transaction.Type.FROZEN, Transaction.Type.RELEASED, Transaction.Type.DISBURSEMENT)
TOLL_OUTCOMES = tuple(Toll.Outcome.values)  # killed, wounded, missing, abducted


def sitrep_period(on, period):
    """(first day, last day) of the period of `period` ("daily", "weekly") ending on `on`."""
    return on - datetime.timedelta(days=PERIOD_DAYS[period] - 1), on


# --- Compiling: the records of the period, as the system sees them, each line with its scope --------------------


def _scope(model, **attributes):
    """A line's scope: the model its records are and their scope attributes (those of `model.scope_paths`)."""
    unknown = set(attributes) - set(model.scope_paths)
    if unknown:
        raise ValueError(f"{model.__name__} has no scope attribute {sorted(unknown)}")
    return [model._meta.label_lower, attributes]


def _url(record):
    """The record's page, or None while its app gives it none."""
    try:
        return record.get_absolute_url()
    except NoReverseMatch:
        return None


def _list_url(name, **query):
    try:
        return f"{reverse(name)}?{urlencode({k: v for k, v in query.items() if v is not None})}"
    except NoReverseMatch:
        return None


def _day(value):
    return value.isoformat() if value else None


def _source(source, quote=""):
    return {"title": source.title, "publisher": source.publisher, "published_on": _day(source.published_on),
            "grade": source.grade, "url": _url(source), "address": source.address, "quote": quote}


class _Citations:
    """The sources cited by the records of several models, read in one query."""

    def __init__(self, records_by_model):
        types = ContentType.objects.get_for_models(*records_by_model)
        condition = Q(pk__in=[])
        for model, ids in records_by_model.items():
            if ids:
                condition |= Q(content_type=types[model], object_id__in=list(ids))
        self.by_record = defaultdict(list)
        model_of = {ct.pk: model for model, ct in types.items()}
        for citation in Citation.objects.filter(condition).select_related("source").order_by("pk"):
            self.by_record[model_of[citation.content_type_id], citation.object_id].append(
                _source(citation.source, citation.quote))

    def of(self, record):
        return self.by_record.get((type(record), record.pk), [])


def sitrep_compile(*, mission, on, period):
    """The SITREP of `mission` for the period of `period` ending on `on`, as the system sees it: a JSON-ready dict
    (the `content` an issued Sitrep keeps). A fixed number of queries whatever the size of the history."""
    start, on = sitrep_period(on, period)
    after = start - datetime.timedelta(days=1)
    in_period = {"date__gte": start, "date__lte": on}

    changes = strength_changes(mission=mission, after=after, on=on)
    movements = list(Movement.objects.filter(contingent__mission=mission, **in_period).order_by("date", "pk"))
    incidents = list(Incident.objects.filter(mission=mission, **in_period).select_related("adm1", "adm2",
                                                                                         "event_type"))
    casualties = list(Casualty.objects.filter(incident__mission=mission, incident__date__gte=start,
                                              incident__date__lte=on)
                      .select_related("incident", "contingent__country", "tour__person").order_by("incident__date",
                                                                                                   "pk"))
    sites = list(Site.objects.filter(mission=mission).filter(Q(opened__gte=start, opened__lte=on)
                                                             | Q(closed__gte=start, closed__lte=on)).order_by("name"))
    transactions = list(Transaction.objects.filter(flow__mission=mission, type__in=FUNDING_EVENTS, **in_period)
                        .select_related("flow__donor").order_by("date", "pk"))
    citations = _Citations({Movement: [m.pk for m in movements], Incident: [i.pk for i in incidents],
                            Casualty: [c.pk for c in casualties], Site: [s.pk for s in sites],
                            Transaction: [t.pk for t in transactions]})
    incident_lines = _incident_lines(mission, incidents, citations)
    return {
        "format": CONTENT_FORMAT,
        "mission": {"code": mission.code, "name": mission.name, "time_zone": mission.time_zone},
        "on": on.isoformat(), "start": start.isoformat(), "period": period,
        "compiled_at": timezone.now().isoformat(timespec="seconds"),
        "strength": _strength_lines(mission, start, on, changes, movements, citations),
        "casualties": _casualty_lines(mission, casualties, incident_lines, citations),
        "incidents": list(incident_lines.values()),
        "fleet": _fleet_lines(mission, after, on),
        "sites": _site_lines(mission, start, on, sites, citations),
        "funding": _funding_lines(mission, transactions, citations),
        "claims": _claim_lines(mission, start, on),
    }


CATEGORY_LABELS = dict(PersonnelCategory.choices)


def _strength_lines(mission, start, on, changes, movements, citations):
    """A line per contingent: strength before and after the period, and each kind of movement in it."""
    records = defaultdict(list)
    for movement in movements:
        # Without the quotes: a casualty's movement cites the words that may name the officer, and strength lines
        # reach readers who may not see names.
        records[movement.contingent_id].append({"label": str(movement), "url": _url(movement), "sources": [
            {**source, "quote": ""} for source in citations.of(movement)]})
    return [{
        "key": f"contingent:{c.contingent}",
        "scope": _scope(Movement, mission=mission.code, country=c.country),
        "country": c.country, "country_name": c.country_name, "category": c.category,
        "label": f"{c.country_name} — {CATEGORY_LABELS.get(c.category, c.category)}",
        "figures": {"before": c.before, **c.moved, "after": c.after},
        "url": _list_url("force:movement_list", contingent=c.contingent, date_after=start, date_before=on),
        "records": records.get(c.contingent, []),
    } for c in changes]


def _incident_scope(mission, incident, countries):
    return _scope(Incident, mission=mission.code, classification=incident.classification,
                  country=sorted(countries.get(incident.pk, ())))


def _incident_lines(mission, incidents, citations):
    """{incident id: line}: what happened, where, its tolls by outcome (every group together) and its sources."""
    ids = [i.pk for i in incidents]
    countries = defaultdict(set)
    for incident_id, country in (Incident.units.through.objects.filter(incident_id__in=ids)
                                 .values_list("incident_id", "contingent__country_id")):
        countries[incident_id].add(country)
    tolls = defaultdict(dict)
    for row in (Toll.objects.filter(incident_id__in=ids).values("incident_id", "outcome")
                .annotate(n=Sum("count")).order_by()):
        tolls[row["incident_id"]][row["outcome"]] = row["n"]
    lines = {}
    for incident in sorted(incidents, key=lambda i: (i.date, i.pk)):
        area = incident.adm1
        lines[incident.pk] = {
            "key": f"incident:{incident.pk}",
            "scope": _incident_scope(mission, incident, countries),
            "date": _day(incident.date), "title": incident.title, "sample": incident.sample,
            "classification": incident.classification,
            "event_type": str(incident.event_type),
            "department": {"pcode": area.pcode, "name": area.local_name} if area else None,
            "commune": incident.adm2.local_name if incident.adm2_id else None,
            "location": incident.location, "narrative": incident.narrative,
            "figures": {outcome: tolls[incident.pk].get(outcome, 0) for outcome in TOLL_OUTCOMES},
            "url": _url(incident), "sources": citations.of(incident),
        }
    return lines


def _casualty_lines(mission, casualties, incident_lines, citations):
    """A line per casualty of the mission's own: a count any reader of its incident sees, its officer's name (and its
    sources, which may name them) only for a reader granted that country's casualties."""
    lines = []
    for casualty in casualties:
        named = _scope(Casualty, mission=mission.code, country=casualty.contingent.country_id,
                       classification=casualty.incident.classification)
        incident = incident_lines[casualty.incident_id]
        lines.append({
            "key": f"casualty:{casualty.pk}",
            "scope": {"any": [named, incident["scope"]]},
            "date": _day(casualty.incident.date), "country": casualty.contingent.country_id,
            "country_name": casualty.contingent.country.name, "outcome": casualty.outcome,
            "outcome_label": casualty.get_outcome_display(), "count": casualty.count,
            "changes_strength": casualty.changes_strength,
            "name": {"scope": named, "text": str(casualty.tour.person) if casualty.tour_id else "",
                     "url": _url(casualty), "sources": citations.of(casualty)},
            "incident": {"scope": incident["scope"], "title": incident["title"], "url": incident["url"]},
        })
    return lines


def _fleet_lines(mission, after, on):
    """Readiness of the whole fleet and by type, at the end of the day before the period and at its end."""
    vehicles = Vehicle.objects.filter(mission=mission)
    before, now = fleet_selectors.readiness_series(vehicles=vehicles, dates=[after, on])
    by_type = {day: {r.key: r for r in fleet_selectors.fleet_readiness(vehicles=vehicles, on=day, by="type")}
               for day in (after, on)}
    labels = dict(Vehicle.Type.choices)
    scope = _scope(Vehicle, mission=mission.code)
    report = reverse("reports:fleet", args=[mission.code])

    def line(key, label, was, is_):
        return {"key": key, "scope": scope, "label": label,
                "figures": {"fleet_before": was.fleet if was else 0, "ready_before": was.ready if was else 0,
                            "fleet": is_.fleet if is_ else 0, "ready": is_.ready if is_ else 0},
                "url": f"{report}?on={on.isoformat()}"}

    if not (before.fleet or now.fleet):
        return []
    types = sorted(set(by_type[after]) | set(by_type[on]), key=lambda t: str(labels.get(t, t)))
    return [line("fleet", _("Whole fleet"), before, now)] + [
        line(f"fleet:{t}", str(labels.get(t, t)), by_type[after].get(t), by_type[on].get(t)) for t in types]


def _site_lines(mission, start, on, sites, citations):
    lines = []
    for site in sites:
        for change, day in (("opened", site.opened), ("closed", site.closed)):
            if day and start <= day <= on:
                lines.append({"key": f"site:{site.pk}:{change}", "scope": _scope(Site, mission=mission.code),
                              "name": site.name, "kind": site.get_kind_display(), "change": change,
                              "date": _day(day), "url": _url(site), "sources": citations.of(site)})
    return lines


def _funding_lines(mission, transactions, citations):
    return [{
        "key": f"transaction:{t.pk}",
        "scope": _scope(Transaction, mission=mission.code, organization=t.flow.donor_id),
        "date": _day(t.date), "type": t.type, "type_label": t.get_type_display(), "donor": t.flow.donor.name,
        "purpose": t.flow.purpose, "amount": t.amount_text, "usd_cents": t.usd_value, "description": t.description,
        "url": _url(t), "sources": citations.of(t),
    } for t in transactions]


def _claim_lines(mission, start, on):
    """Published figures about the period that the movements do not bear out. A reader sees one when they may see
    the claim and every movement it is compared with (its countries', or the whole mission's)."""
    claims = (claims_reconciled(claims=Claim.objects.filter(mission=mission, as_of__gte=start, as_of__lte=on))
              .select_related("source").prefetch_related("countries").order_by("as_of", "pk"))
    lines = []
    for claim in claims:
        if claim.computed is None or not claim.difference:
            continue
        countries = sorted(c.iso3 for c in claim.countries.all())
        movements = ([_scope(Movement, mission=mission.code, country=c) for c in countries]
                     or [_scope(Movement, mission=mission.code)])
        lines.append({
            "key": f"claim:{claim.pk}",
            "scope": {"all": [_scope(Claim, mission=mission.code, country=countries), *movements]},
            "as_of": _day(claim.as_of), "subject": claim.subject, "metric": claim.get_metric_display(),
            "figures": {"reported": claim.value, "computed": claim.computed, "difference": claim.difference},
            "url": _url(claim), "sources": [_source(claim.source, claim.quote)],
        })
    return lines


# --- Reading: what a reader's grants let them see -------------------------------------------------------------


def _allowed(user, scope):
    """Whether `user` may see a line of `scope`: [model label, attributes], or {"all": […]} / {"any": […]} of them."""
    if isinstance(scope, dict):
        if "all" in scope:
            return all(_allowed(user, part) for part in scope["all"])
        return any(_allowed(user, part) for part in scope["any"])
    label, attributes = scope
    return scope_allows(user, apps.get_model(label), attributes)


_HIDDEN = object()


def _visible(node, user):
    """`node` without what `user` may not see: a line (a dict with a scope) outside it left out of its list, a part of
    a line (a casualty's name) replaced by None; the scopes themselves dropped."""
    if isinstance(node, dict):
        if "scope" in node and not _allowed(user, node["scope"]):
            return _HIDDEN
        seen = {}
        for key, value in node.items():
            if key != "scope":
                part = _visible(value, user)
                seen[key] = None if part is _HIDDEN else part
        return seen
    if isinstance(node, list):
        return [part for part in (_visible(value, user) for value in node) if part is not _HIDDEN]
    return node


def sitrep_for(content, user):
    """(the content `user` may see, the sections of which they see only part). `user` None: the system, all of it."""
    seen = _visible(content, user)
    partial = {name for name in SECTIONS if len(seen.get(name, [])) < len(content.get(name, []))}
    return seen, partial


# --- The report as the pages, files, API and command show it ------------------------------------------------------


FIGURES = {
    "before": gettext_lazy("Before"), "arrived": gettext_lazy("Arrived"), "departed": gettext_lazy("Departed"),
    "rotated_in": gettext_lazy("Rotated in"), "rotated_out": gettext_lazy("Rotated out"),
    "transferred_in": gettext_lazy("Transferred in"), "transferred_out": gettext_lazy("Transferred out"),
    "casualties": gettext_lazy("Killed, missing, evacuated"), "after": gettext_lazy("After"),
}


@dataclass
class SitrepReport:
    """A SITREP as one reader sees it, live (`issued` None) or as issued: the content their grants let them see and
    what the pages and files show of it."""

    mission: Mission
    on: datetime.date
    period: str
    content: dict
    partial: set = field(default_factory=set)
    issued: Sitrep | None = None
    assessment: str = ""

    @property
    def start(self):
        return datetime.date.fromisoformat(self.content["start"])

    @property
    def period_label(self):
        return Sitrep.Period(self.period).label

    @property
    def compiled_at(self):
        return datetime.datetime.fromisoformat(self.content["compiled_at"])

    @property
    def title(self):
        if self.period == Sitrep.Period.DAILY:
            when = date_format(self.on, "j F Y")
        else:
            when = _("%(start)s to %(on)s") % {"start": date_format(self.start, "j F Y"),
                                               "on": date_format(self.on, "j F Y")}
        return _("SITREP %(mission)s, %(period)s, %(when)s") % {
            "mission": self.mission.code, "period": self.period_label.lower(), "when": when}

    def section(self, name):
        return self.content.get(name, [])

    # Strength
    @property
    def strength(self):
        return self.section("strength")

    @property
    def strength_total(self):
        return {name: sum(line["figures"][name] for line in self.strength) for name in FIGURES}

    @property
    def strength_total_label(self):
        """The mission's total, or, for a reader who sees only some contingents, theirs by name."""
        if "strength" not in self.partial:
            return _("Mission total")
        names = sorted({line["country_name"] for line in self.strength})
        if not names:
            return _("Total of no contingent you may see")
        return _("Total of %(part)s") % {"part": _("%(countries)s’s contingents") % {
            "countries": _(" and ").join(names)}}

    @property
    def strength_headers(self):
        return list(FIGURES.values())

    # Casualties
    @property
    def casualties(self):
        return self.section("casualties")

    @property
    def casualty_totals(self):
        """[(country name, outcome label, count)] of the casualties the reader sees."""
        totals = defaultdict(int)
        for line in self.casualties:
            totals[line["country_name"], line["outcome_label"]] += line["count"]
        return [(country, outcome, n) for (country, outcome), n in sorted(totals.items())]

    # Incidents
    @property
    def incidents(self):
        return self.section("incidents")

    @property
    def departments(self):
        """Per department (unplaced last): how many incidents, their tolls, and the most serious (most killed, then
        wounded), described."""
        groups = defaultdict(list)
        for line in self.incidents:
            department = line["department"]
            groups[(department is None, department["name"] if department else "")].append(line)
        rows = []
        for (_unplaced, name), lines in sorted(groups.items()):
            totals = {outcome: sum(line["figures"][outcome] for line in lines) for outcome in TOLL_OUTCOMES}
            most = max(lines, key=lambda line: (line["figures"]["killed"], line["figures"]["wounded"], line["date"]))
            rows.append({"name": name or _("Not placed in a department"), "incidents": len(lines), **totals,
                         "most_serious": most})
        return rows

    @property
    def incident_totals(self):
        return {"incidents": len(self.incidents),
                **{o: sum(line["figures"][o] for line in self.incidents) for o in TOLL_OUTCOMES}}

    # Fleet, sites, funding, claims
    @property
    def fleet(self):
        rows = []
        for line in self.section("fleet"):
            f = line["figures"]
            rows.append({**line, "share_before": _share(f["ready_before"], f["fleet_before"]),
                         "share": _share(f["ready"], f["fleet"])})
        return rows

    @property
    def sites(self):
        return self.section("sites")

    @property
    def funding(self):
        return self.section("funding")

    @property
    def claims(self):
        return self.section("claims")

    @property
    def named(self):
        """How many casualties the reader sees by name (a file of them is logged as personal data)."""
        return sum(1 for line in self.casualties if line["name"] and line["name"]["text"])


def _share(ready, fleet):
    return round(100 * ready / fleet, 1) if fleet else None


def sitrep_report(*, mission, on, user, period=Sitrep.Period.DAILY, fmt="html"):
    """The live SITREP of `mission` for the period ending on `on`, as `user` may see it (None: the system)."""
    content, partial = sitrep_for(sitrep_compile(mission=mission, on=on, period=period), user)
    return SitrepReport(mission=mission, on=on, period=period, content=content, partial=partial)


def issued_report(sitrep, user):
    """An issued SITREP as `user` may see it: its frozen content through their grants."""
    content, partial = sitrep_for(sitrep.content, user)
    return SitrepReport(mission=sitrep.mission, on=sitrep.on, period=sitrep.period, content=content,
                        partial=partial, issued=sitrep, assessment=sitrep.assessment)


# --- Issuing --------------------------------------------------------------------------------------------------


def sitrep_issue(*, user, mission, on, period, assessment, correction=""):
    """Issue the SITREP of `mission` for the period ending on `on`: the content compiled now, frozen, with the
    commander's `assessment`, as the next version of that mission, day and period (a later version is a correction:
    it says what it corrects). Stored through the one store for `user` (None: the system). Refused naming the field,
    nothing stored: a day before the mission or after its today, a correction without its note."""
    errors = {}
    if on < mission.start:
        errors["on"] = _("%(mission)s started on %(start)s; there is nothing to report before.") % {
            "mission": mission.code, "start": mission.start}
    elif on > mission_today(mission):
        errors["on"] = _("%(on)s has not ended yet in %(mission)s's time zone: a SITREP reports days that have.") % {
            "on": on, "mission": mission.code}
    if period not in PERIOD_DAYS:
        errors["period"] = _("Choose daily or weekly.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Mission.objects.select_for_update().filter(pk=mission.pk).first()  # one issuer of a mission at a time
        previous = (Sitrep.objects.filter(mission=mission, on=on, period=period).order_by("-version")
                    .values_list("version", flat=True).first())
        if previous and not correction.strip():
            raise ValidationError({"correction": _(
                "Version %(version)s of this SITREP was issued already: say what this version corrects.") % {
                "version": previous}})
        sitrep = Sitrep(mission=mission, on=on, period=period, version=(previous or 0) + 1,
                        assessment=assessment.strip(), correction=correction.strip() if previous else "",
                        content=sitrep_compile(mission=mission, on=on, period=period), issued_by=user,
                        issued_by_name=user.get_username() if user else "system")
        try:
            with transaction.atomic():
                return record_store(user=user, record=sitrep)
        except IntegrityError:
            raise ValidationError({"correction": _(
                "Someone issued this SITREP while you were writing: read their version, then issue a correction.")
            }) from None


def sitrep_previous(sitrep):
    """The version before `sitrep` (None for a first version)."""
    return (Sitrep.objects.filter(mission=sitrep.mission_id, on=sitrep.on, period=sitrep.period,
                                  version__lt=sitrep.version).order_by("-version").first())


def _flat(line, prefix=""):
    """A line's values by dotted name, leaving out links, scopes, records and sources: what a diff compares."""
    flat = {}
    for key, value in line.items():
        if key in ("key", "url", "records", "sources", "scope"):
            continue
        if isinstance(value, dict):
            flat |= _flat(value, f"{prefix}{key}.")
        elif not isinstance(value, list):
            flat[f"{prefix}{key}"] = value
    return flat


def _line_label(line):
    return line.get("label") or line.get("title") or line.get("name") or line.get("subject") or line["key"]


def sitrep_diff(before, after):
    """What changed from the content `before` to `after` (both as one reader sees them): per section, each line
    added, removed, or changed with its values before and after. [{section, key, label, change, values}]."""
    changes = []
    for section in SECTIONS:
        old = {line["key"]: line for line in before.get(section, [])}
        new = {line["key"]: line for line in after.get(section, [])}
        for key, line in new.items():
            if key not in old:
                changes.append({"section": section, "key": key, "label": _text(_line_label(line)),
                                "change": "added", "values": []})
                continue
            was, now = _flat(old[key]), _flat(line)
            values = [(name, was.get(name), now.get(name)) for name in sorted(set(was) | set(now))
                      if was.get(name) != now.get(name)]
            if values:
                changes.append({"section": section, "key": key, "label": _text(_line_label(line)),
                                "change": "changed", "values": values})
        for key, line in old.items():
            if key not in new:
                changes.append({"section": section, "key": key, "label": _text(_line_label(line)),
                                "change": "removed", "values": []})
    return changes


def _text(label):
    return label["text"] if isinstance(label, dict) else str(label)


# --- Tables: the XLSX's sheets, the CSVs and the command ----------------------------------------------------------


def strength_table(report):
    headers = [_("Contingent"), _("ISO"), *report.strength_headers]
    rows = [[line["label"], line["country"], *(line["figures"][name] for name in FIGURES)]
            for line in report.strength]
    rows.append([report.strength_total_label, "", *(report.strength_total[name] for name in FIGURES)])
    return headers, rows


def casualty_table(report):
    headers = [_("Date"), _("Country"), _("Outcome"), _("Count"), _("Officer"), _("Incident")]
    rows = [[line["date"], line["country_name"], line["outcome_label"], line["count"],
             line["name"]["text"] if line["name"] else "", line["incident"]["title"] if line["incident"] else ""]
            for line in report.casualties]
    return headers, rows


def incident_table(report):
    headers = [_("Date"), _("Department"), _("Commune"), _("Event type"), _("Incident"), _("Killed"), _("Wounded"),
               _("Missing"), _("Abducted"), _("Classification")]
    rows = [[line["date"], line["department"]["name"] if line["department"] else "", line["commune"] or "",
             line["event_type"], line["title"] + (" (SAMPLE)" if line["sample"] else ""),
             *(line["figures"][o] for o in TOLL_OUTCOMES), line["classification"]] for line in report.incidents]
    return headers, rows


def department_table(report):
    headers = [_("Department"), _("Incidents"), _("Killed"), _("Wounded"), _("Missing"), _("Abducted"),
               _("Most serious")]
    rows = [[d["name"], d["incidents"], *(d[o] for o in TOLL_OUTCOMES), d["most_serious"]["title"]]
            for d in report.departments]
    return headers, rows


def fleet_table(report):
    headers = [_("Vehicles"), _("Fleet before"), _("Mission-capable before"), _("Readiness % before"), _("Fleet"),
               _("Mission-capable"), _("Readiness %")]
    rows = [[r["label"], r["figures"]["fleet_before"], r["figures"]["ready_before"], _blank(r["share_before"]),
             r["figures"]["fleet"], r["figures"]["ready"], _blank(r["share"])] for r in report.fleet]
    return headers, rows


def site_table(report):
    headers = [_("Date"), _("Site"), _("Kind"), _("Change")]
    return headers, [[s["date"], s["name"], s["kind"], s["change"]] for s in report.sites]


def funding_table(report):
    headers = [_("Date"), _("Event"), _("Donor"), _("Amount"), _("US dollars"), _("Purpose")]
    rows = [[f["date"], f["type_label"], f["donor"], f["amount"],
             f["usd_cents"] / 100 if f["usd_cents"] is not None else "", f["purpose"]] for f in report.funding]
    return headers, rows


def claim_table(report):
    headers = [_("As of"), _("Subject"), _("Metric"), _("Reported"), _("From movements"), _("Difference"),
               _("Source")]
    rows = [[c["as_of"], c["subject"], c["metric"], c["figures"]["reported"], c["figures"]["computed"],
             c["figures"]["difference"], c["sources"][0]["publisher"] if c["sources"] else ""] for c in report.claims]
    return headers, rows


def _blank(value):
    return "" if value is None else value


TABLES = [
    ("strength", gettext_lazy("Strength"), strength_table),
    ("casualties", gettext_lazy("Own casualties"), casualty_table),
    ("departments", gettext_lazy("Incidents by department"), department_table),
    ("incidents", gettext_lazy("Incidents"), incident_table),
    ("fleet", gettext_lazy("Fleet readiness"), fleet_table),
    ("sites", gettext_lazy("Sites opened or closed"), site_table),
    ("funding", gettext_lazy("Funding events"), funding_table),
    ("claims", gettext_lazy("Published figures that disagree"), claim_table),
]


def report_sheets(report):
    return [(title, *table(report)) for _name, title, table in TABLES]


def report_sections(report):
    return [(name, *table(report)) for name, _title, table in TABLES]
