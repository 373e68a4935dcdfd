"""The field's contribution tables: the IPI Peacekeeping Database's monthly rows and the UN Peacekeeping
"contributions by gender" table, read as published figures (claims with the table as their source), and
Muster's own strength written in the UN's format.
"""

import csv
import datetime
import io
from dataclasses import dataclass

import pycountry
from django.utils.translation import gettext as _

from muster.core.exports import cell_text
from muster.core.uploads import UploadRefused, rows_limited, size_checked
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
    rows: tuple = ()  # the table's row numbers the figure comes from (two where staff officers and experts add up)

    @property
    def total(self):
        return self.men + self.women


class ContributionFileError(Exception):
    """The table cannot be read: every problem, each naming the row, the column and the reason (imports.RowError)."""

    def __init__(self, errors):
        super().__init__("; ".join(map(str, errors)))
        self.errors = errors


def _table(content, required):
    """The rows of a CSV table as dicts, after checking its header has every required column.

    A file over the upload limits (core.uploads: its size, then its rows as they are read) is refused; a cell
    neutralised by a Muster export (`'-…`) reads as the text it stood for.
    """
    from .imports import RowError

    try:
        size_checked(len(content))
    except UploadRefused as refused:
        raise ContributionFileError([RowError(None, "CSV", refused.message)]) from None
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ContributionFileError([RowError(None, "CSV", _("The file is not UTF-8 text."))]) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [name for name in required if name not in (reader.fieldnames or [])]
    if missing:
        raise ContributionFileError([RowError(None, name, _("is missing from the header.")) for name in missing])
    return _rows(reader)


def _rows(reader):
    from .imports import RowError

    try:
        for number, row in enumerate(rows_limited(reader, header_rows=0), start=2):  # row 1 is the header
            yield number, {column: cell_text(value) for column, value in row.items()}
    except UploadRefused as refused:
        raise ContributionFileError([RowError(None, "CSV", refused.message)]) from None


def _read(rows, parse):
    """`parse(number, row, cell)` for each row (`number` as a spreadsheet shows it), where `cell(column, convert)`
    converts one value or notes its error."""
    from .imports import RowError

    contributions, errors = [], []
    for number, row in rows:
        def cell(column, convert, row=row, number=number):
            try:
                return convert((row[column] or "").strip())
            except (ValueError, KeyError):
                errors.append(RowError(number, column, _("“%s” is not valid here.") % (row[column] or "")))
                return None
        contributions += parse(number, row, cell)
    if errors:
        raise ContributionFileError(errors)
    return _merged(contributions)


def _count(text):
    value = int(text or 0)
    if value < 0:
        raise ValueError
    return value


IPI_COLUMNS = ["Date", "Contributor ISO-3", "Mission", *(f"{prefix} {sex}" for prefix in IPI_CATEGORIES
                                                         for sex in ("Male", "Female"))]


def ipi_rows_read(*, content):
    """The IPI monthly table (`Gender.Full.*`): one Contribution per row and category with anyone in it."""
    def parse(number, row, cell):
        as_of, country = cell("Date", datetime.date.fromisoformat), cell("Contributor ISO-3", _iso3)
        found = []
        for prefix, category in IPI_CATEGORIES.items():
            men, women = cell(f"{prefix} Male", _count), cell(f"{prefix} Female", _count)
            if (men or women) and as_of and country:
                found.append(Contribution(as_of=as_of, country=country, mission=row["Mission"].strip(),
                                          category=category, men=men or 0, women=women or 0, rows=(number,)))
        return found

    return _read(_table(content, IPI_COLUMNS), parse)


def un_gender_rows_read(*, content):
    """The UN Peacekeeping "contributions by gender" table (dates like 31-Jan-22, a byte-order mark)."""
    def parse(number, row, cell):
        as_of = cell("Last_Reporting_Date", lambda v: datetime.datetime.strptime(v, "%d-%b-%y").date())
        country, category = cell("ISOCode3", _iso3), cell("Personnel_Type", UN_TYPES.__getitem__)
        men, women = cell("Male_Personnel", _count), cell("Female_Personnel", _count)
        if None in (as_of, country, category, men, women):
            return []
        return [Contribution(as_of=as_of, country=country, mission=row["Mission_Acronym"].strip(), category=category,
                             men=men, women=women, rows=(number,))]

    return _read(_table(content, [h for h in UN_HEADERS if h not in ("Contribution_ID", "M49_Code")]), parse)


def _iso3(text):
    if pycountry.countries.get(alpha_3=text) is None:
        raise ValueError
    return text


def _merged(contributions):
    """Staff officers and experts on mission share a category: add them up per date, country and mission."""
    merged = {}
    for c in contributions:
        key = (c.as_of, c.country, c.mission, c.category)
        if key in merged:
            old = merged[key]
            c = Contribution(as_of=c.as_of, country=c.country, mission=c.mission, category=c.category,
                             men=old.men + c.men, women=old.women + c.women, rows=old.rows + c.rows)
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


READERS = {"ipi": ipi_rows_read, "un": un_gender_rows_read}
