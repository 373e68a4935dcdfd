"""The public page's tables as open data: CSV, JSON and HXL-tagged CSV, and a frictionless data package describing
them, at stable addresses under the mission's permalink for the day.

Each table is a list of fields (a name, a Table Schema type, an HXL hashtag of the HXL core schema, a title) and
rows of values; a suppressed count is the mark the page shows ("<5" or "x"), declared to the data package as a
missing value, so that a validator reads the column as integers and a reader learns what the marks stand for.
"""

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.translation import gettext as _

from muster.core.exports import rows_to_csv
from muster.force.privacy import SUPPRESSED, WITHHELD, is_suppressed

FORMATS = {"csv": "text/csv; charset=utf-8", "hxl.csv": "text/csv; charset=utf-8",
           "json": "application/json"}
MARKS = ["", str(SUPPRESSED), str(WITHHELD)]


@dataclass
class Field:
    name: str
    type: str  # a Table Schema type: string, integer, number, date
    hxl: str
    title: str


@dataclass
class Table:
    name: str
    title: str
    fields: list
    rows: list

    def csv(self, *, hxl=False):
        headers = [f.name for f in self.fields]  # the data package's field names: stable in every language
        rows = ([[f.hxl for f in self.fields]] if hxl else []) + [[_cell(v) for v in row] for row in self.rows]
        return rows_to_csv(headers, rows)

    def json(self):
        data = {"name": self.name, "title": self.title,
                "rows": [{f.name: _json_cell(v) for f, v in zip(self.fields, row, strict=True)} for row in self.rows]}
        return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode()

    def content(self, fmt):
        return self.json() if fmt == "json" else self.csv(hxl=fmt == "hxl.csv")


def _cell(value):
    if is_suppressed(value):
        return str(value)
    if value is None:
        return ""
    if isinstance(value, float):
        return round(value, 4)
    return value


def _json_cell(value):
    if is_suppressed(value):
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    return _cell(value) if value is not None else None


def _share(value):
    return value if is_suppressed(value) or value is None else round(value, 4)


def page_tables(page):
    """Every table of the page, in the order the page shows them: only the parts its mission publishes."""
    tables = []
    on = page.on
    if page.strength is not None:
        table = page.strength.table
        categories = table.categories
        fields = [Field("date", "date", "#date", _("Date")), Field("country_code", "string", "#country+code",
                                                                     _("Country (ISO 3166 alpha-3)")),
                  Field("country", "string", "#country+name", _("Country"))]
        fields += [Field(value, "integer", f"#indicator+num+personnel+{value}", str(label))
                   for _i, value, label in categories]
        fields += [Field("total", "integer", "#indicator+num+personnel+total", _("Total")),
                   Field("women", "integer", "#indicator+num+personnel+f", _("Women")),
                   Field("women_share", "number", "#indicator+pct+personnel+f", _("Women's share (at least)"))]
        rows = []
        if table.holds:
            rows = [[on, iso3, name, *[cells[i] for i, _v, _l in categories], total, table.women.get(iso3, 0),
                     _share(table.women_share(iso3))] for iso3, name, cells, total in table.rows]
        rows.append([on, "", _("All contributing countries"),
                     *[table.totals[i] if table.holds else SUPPRESSED for i, _v, _l in categories],
                     table.total if table.holds else SUPPRESSED, table.women_total if table.holds else SUPPRESSED,
                     _share(table.women_share()) if table.holds else WITHHELD])
        tables.append(Table("strength", _("Strength by contributing country and category"), fields, rows))
        names = page.strength.names
        series_rows = []
        for point in page.strength.points:
            values = page.strength.series[point]
            series_rows += [[point, iso3, names.get(iso3, iso3), values[iso3]]
                            for iso3 in page.strength.countries_charted if iso3 in values]
            series_rows.append([point, "", _("All contributing countries"), values.get(None, 0)])
        tables.append(Table("strength-over-time", _("Strength over time by contributing country"), [
            Field("date", "date", "#date", _("Date")),
            Field("country_code", "string", "#country+code", _("Country (ISO 3166 alpha-3)")),
            Field("country", "string", "#country+name", _("Country")),
            Field("personnel", "integer", "#indicator+num+personnel", _("Personnel"))], series_rows))
        authorization = page.strength.authorization
        tables.append(Table("authorization", _("Authorization"), [
            Field("instrument", "string", "#meta+instrument", _("Instrument")),
            Field("adopted", "date", "#date+adopted", _("Adopted")),
            Field("expires", "date", "#date+expires", _("Expires")),
            Field("ceiling", "integer", "#indicator+num+personnel+ceiling", _("Personnel ceiling"))],
            [[authorization.instrument, authorization.adopted, authorization.expires,
              authorization.personnel_ceiling]] if authorization else []))
        tables.append(Table("claims", _("Published figures beside the records"), [
            Field("as_of", "date", "#date", _("As of")),
            Field("subject", "string", "#country+code", _("Subject")),
            Field("category", "string", "#indicator+category", _("Category")),
            Field("metric", "string", "#indicator+name", _("Figure")),
            Field("reported", "integer", "#indicator+num+reported", _("Reported")),
            Field("from_records", "integer", "#indicator+num+computed", _("From the records")),
            Field("difference", "integer", "#indicator+num+difference", _("Difference")),
            Field("status", "string", "#status", _("Status")),
            Field("publisher", "string", "#org+publisher", _("Reported by")),
            Field("source", "string", "#meta+source", _("Source")),
            Field("published_on", "date", "#date+published", _("Published on")),
            Field("grade", "string", "#meta+grade", _("Grade")),
            Field("address", "string", "#meta+url", _("Address"))],
            [[c.claim.as_of, "+".join(sorted(x.iso3 for x in c.claim.countries.all())),
              c.claim.get_category_display() if c.claim.category else "", c.claim.get_metric_display(),
              c.claim.value, c.computed, c.difference, c.claim.get_status_display(), c.claim.source.publisher,
              c.claim.source.title, c.claim.source.published_on, c.claim.source.grade, c.claim.source.address]
             for c in page.strength.claims]))
    if page.funding is not None:
        tables.append(Table("funding", _("Funding by donor (US dollars)"), [
            Field("donor", "string", "#org+funder", _("Donor")),
            Field("pledged", "number", "#value+funding+usd+pledged", _("Pledged")),
            Field("received", "number", "#value+funding+usd+received", _("Received")),
            Field("frozen", "number", "#value+funding+usd+frozen", _("Frozen")),
            Field("released", "number", "#value+funding+usd+released", _("Released by waiver")),
            Field("still_frozen", "number", "#value+funding+usd+still_frozen", _("Still frozen"))],
            [[t["flow__donor__name"], *[_dollars(v) for v in (t.pledge, t.disbursement, t.frozen, t.released,
                                                               t.still_frozen)]] for t in page.funding.donors]))
        tables.append(Table("funding-events", _("Funds frozen and released"), [
            Field("date", "date", "#date", _("Date")),
            Field("donor", "string", "#org+funder", _("Donor")),
            Field("event", "string", "#event+type", _("Event")),
            Field("amount", "number", "#value+usd", _("Amount (US dollars)")),
            Field("sources", "string", "#meta+url", _("Sources"))],
            [[t.date, t.flow.donor.name, t.get_type_display(), _dollars(t.usd_value),
              " ".join(c.source.address or c.source.publisher for c in t.public_citations)]
             for t in page.funding.events]))
    if page.incidents is not None:
        tables.append(Table("incidents", _("Public incidents by department and month"), [
            Field("month", "date", "#date+month", _("Month")),
            Field("department_code", "string", "#adm1+code", _("Department (P-code)")),
            Field("department", "string", "#adm1+name", _("Department")),
            Field("incidents", "integer", "#event+num", _("Incidents")),
            Field("killed", "integer", "#affected+killed+num", _("Killed")),
            Field("wounded", "integer", "#affected+injured+num", _("Wounded"))],
            [[r.month, r.pcode, r.department, r.incidents, r.killed, r.wounded] for r in page.incidents]))
    if page.timeline is not None:
        tables.append(Table("timeline", _("Timeline of cited events"), [
            Field("date", "date", "#date", _("Date")),
            Field("event", "string", "#description", _("Event")),
            Field("sources", "string", "#meta+url", _("Sources"))],
            [[e.day, str(e.what), " ".join(s.address or s.publisher for s in e.sources)] for e in page.timeline]))
    return tables


def _dollars(cents):
    return Decimal(cents or 0) / 100


def table_address(page, name, fmt):
    return reverse("public:data", kwargs={"code": page.mission.code, "on": page.on.isoformat(), "name": name,
                                          "fmt": fmt})


def data_package(page, tables):
    """The frictionless data package of the page's tables (Data Package v1): resources at paths relative to it."""
    publication = page.publication
    sources = {}
    if page.strength is not None:
        sources |= {c.claim.source.pk: c.claim.source for c in page.strength.claims}
    if page.funding is not None:
        sources |= {c.source.pk: c.source for t in page.funding.events for c in t.public_citations}
    if page.timeline is not None:
        sources |= {s.pk: s for e in page.timeline for s in e.sources}
    return {
        "profile": "tabular-data-package",
        "name": f"muster-{page.mission.code.lower()}-{page.on.isoformat()}",
        "title": _("%(mission)s on %(day)s: what it publishes") % {"mission": page.mission.name,
                                                                    "day": page.on.isoformat()},
        "description": str(_("Aggregates only: counts from 1 to 4 are shown as “<5”, and “x” marks a larger count "
                             "withheld so that a total cannot reveal a small one.")),
        "version": page.on.isoformat(),
        "created": datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "licenses": [{"name": publication.licence, "path": publication.licence_address,
                      "title": str(publication.get_licence_display())}],
        "sources": [{"title": s.title, "path": s.address} if s.address else {"title": s.title}
                    for s in sources.values()],
        "resources": [{
            "name": table.name,
            "title": str(table.title),
            "path": f"{table.name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": [{"name": f.name, "title": str(f.title), "type": f.type,
                                   "hxl": f.hxl} for f in table.fields],
                       "missingValues": MARKS},
        } for table in tables],
    }
