"""The field's contribution tables: the IPI Peacekeeping Database's monthly rows and the UN Peacekeeping
"contributions by gender" table, read as published figures (claims with the table as their source), and
Muster's own strength written in the UN's format.
"""

import csv
import datetime
import io
from dataclasses import dataclass

import pycountry

from muster.missions.models import PersonnelCategory

# IPI's column prefixes and the UN's personnel types, as Muster's categories. Experts on mission are
# military observers: the UN parity strategy counts them with staff officers.
IPI_CATEGORIES = {
    "Individual Police": PersonnelCategory.INDIVIDUAL_POLICE,
    "Formed Police Units": PersonnelCategory.FORMED_POLICE,
    "Experts on Mission": PersonnelCategory.STAFF_OFFICERS,
    "Troops": PersonnelCategory.MILITARY,
}
UN_TYPES = {
    "Troops": PersonnelCategory.MILITARY,
    "Formed Police Units": PersonnelCategory.FORMED_POLICE,
    "Individual Police": PersonnelCategory.INDIVIDUAL_POLICE,
    "Experts on Mission": PersonnelCategory.STAFF_OFFICERS,
    "Staff Officer": PersonnelCategory.STAFF_OFFICERS,
}
UN_HEADERS = ["Contribution_ID", "ISOCode3", "M49_Code", "Contributing_Country", "Mission_Acronym", "Personnel_Type",
              "Female_Personnel", "Male_Personnel", "Last_Reporting_Date"]


@dataclass(frozen=True)
class Contribution:
    """One published figure: a country's personnel of one category in a mission at a date, by sex."""

    as_of: datetime.date
    country: str  # ISO 3166 alpha-3
    mission: str
    category: str
    men: int
    women: int

    @property
    def total(self):
        return self.men + self.women


def ipi_rows_read(*, content):
    """The IPI monthly table (`Gender.Full.*`): one Contribution per row and category with anyone in it."""
    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    contributions = []
    for row in reader:
        as_of = datetime.date.fromisoformat(row["Date"])
        for prefix, category in IPI_CATEGORIES.items():
            men, women = int(row[f"{prefix} Male"] or 0), int(row[f"{prefix} Female"] or 0)
            if men or women:
                contributions.append(Contribution(as_of=as_of, country=row["Contributor ISO-3"],
                                                  mission=row["Mission"], category=category, men=men, women=women))
    return _merged(contributions)


def un_gender_rows_read(*, content):
    """The UN Peacekeeping "contributions by gender" table (dates like 31-Jan-22, a byte-order mark)."""
    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    contributions = []
    for row in reader:
        as_of = datetime.datetime.strptime(row["Last_Reporting_Date"].strip(), "%d-%b-%y").date()
        contributions.append(Contribution(
            as_of=as_of, country=row["ISOCode3"], mission=row["Mission_Acronym"],
            category=UN_TYPES[row["Personnel_Type"].strip()], men=int(row["Male_Personnel"] or 0),
            women=int(row["Female_Personnel"] or 0)))
    return _merged(contributions)


def _merged(contributions):
    """Staff officers and experts on mission share a category: add them up per date, country and mission."""
    merged = {}
    for c in contributions:
        key = (c.as_of, c.country, c.mission, c.category)
        if key in merged:
            old = merged[key]
            c = Contribution(as_of=c.as_of, country=c.country, mission=c.mission, category=c.category,
                             men=old.men + c.men, women=old.women + c.women)
        merged[key] = c
    return list(merged.values())


def un_gender_rows_write(*, strength, mission_code):
    """Muster's strength (selectors.strength_at by country and category) as rows of the UN gender table.

    Personnel of unknown sex cannot be placed in the UN's two columns; they are left out and counted in
    the returned `unplaced`, so the caller can say so beside the export.
    """
    category_types = {PersonnelCategory.MILITARY: "Troops", PersonnelCategory.FORMED_POLICE: "Formed Police Units",
                      PersonnelCategory.INDIVIDUAL_POLICE: "Individual Police",
                      PersonnelCategory.STAFF_OFFICERS: "Staff Officer"}
    rows, unplaced = [], 0
    for n, row in enumerate(strength.rows, start=1):
        if row.category not in category_types:
            unplaced += row.total
            continue
        country = pycountry.countries.get(alpha_3=row.country)
        rows.append([n, row.country, int(country.numeric) if country else "", row.country_name, mission_code,
                     category_types[row.category], row.women, row.men, strength.on.strftime("%d-%b-%y")])
        unplaced += row.unknown
    return UN_HEADERS, rows, unplaced
