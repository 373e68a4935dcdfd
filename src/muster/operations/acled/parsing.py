"""ACLED's CSV read: the file into rows keyed by ACLED's column names (`acled_rows_read`), and a row's cells into
values (`acled_row_parse`) — dates as ACLED writes them ("23 February 2025", or ISO from its API), inter codes as
numbers or as ACLED's newer names ("State forces"), associated actors split on "; ". Every problem is a RowError
(force.imports) naming the row and ACLED's column.
"""

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from muster.core.exports import cell_text
from muster.core.uploads import UploadRefused, rows_limited, size_checked
from muster.force.imports import RowError, normalize

# ACLED's columns, in its order (its export and its API).
COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
           "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
           "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
           "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp"]
REQUIRED = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "inter1", "latitude",
            "longitude", "fatalities")
# ACLED's dates: its CSV export writes "23 February 2025", its API "2025-02-23"; a spreadsheet may have made them
# "23-Feb-2025" or "23/02/2025" (day first, as ACLED's users outside the United States write them).
DATE_FORMATS = ("%d %B %Y", "%Y-%m-%d", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%d/%m/%Y")
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # ACLED's dates are English whatever the reader's language
# ACLED's inter codes, and the names its files have carried since 2024 instead of the numbers (normalized).
INTER_NAMES = {"state forces": 1, "rebel group": 2, "rebel groups": 2, "political militia": 3,
               "political militias": 3, "identity militia": 4, "identity militias": 4, "rioters": 5,
               "protesters": 6, "civilians": 7, "external other forces": 8, "external forces": 8, "other forces": 8}
ASSOCIATED_SEPARATOR = "; "
CIVILIAN_TARGETING = "Civilian targeting"  # ACLED's word in the column; empty otherwise


class AcledFileError(Exception):
    """The file cannot be read as ACLED's at all (format, size, missing columns)."""

    def __init__(self, errors):
        super().__init__("; ".join(map(str, errors)))
        self.errors = errors


@dataclass
class AcledFile:
    rows: list  # [(row number, {column: raw text})]: the header is row 1



def acled_rows_read(*, content, filename):
    """Read an ACLED CSV: its columns by name (any order; unknown ones ignored) and its non-empty rows.

    A file over the upload limits (core.uploads) is refused before it is parsed, or as soon as its rows pass the
    limit. A second header row of HXL hashtags (ACLED's files on HDX) is skipped. A cell Muster's export neutralised
    (`'-…`) reads back as the text it stood for (core.exports.cell_text), so an export re-imports unchanged.
    """
    try:
        if not filename.lower().endswith((".csv", ".txt")):
            raise AcledFileError([RowError(None, filename, _("Send ACLED's CSV file."))])
        size_checked(len(content))
        return _rows_read(content, filename)
    except UploadRefused as refused:
        raise AcledFileError([RowError(None, filename, refused.message)]) from None


def _rows_read(content, filename):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    table = rows_limited(csv.reader(io.StringIO(text, newline="")))
    try:
        header = next(table)
    except StopIteration:
        raise AcledFileError([RowError(None, filename, _("The file is empty."))]) from None
    columns, errors = {}, []
    for index, raw in enumerate(header):
        name = raw.strip().lower()
        if name not in COLUMNS:
            continue
        if name in columns:
            errors.append(RowError(None, name, _("appears twice in the header; keep one.")))
        columns[name] = index
    for name in REQUIRED:
        if name not in columns:
            errors.append(RowError(None, name, _("is missing from the header; ACLED's files have it.")))
    if errors:
        raise AcledFileError(errors)
    rows = []
    for number, values in enumerate(table, start=2):
        if number == 2 and values and all(v.strip().startswith("#") or not v.strip() for v in values):
            continue  # HXL hashtags
        cells = {name: cell_text(values[index]).strip() if index < len(values) else ""
                 for name, index in columns.items()}
        if any(cells.values()):
            rows.append((number, cells))
    return AcledFile(rows=rows)


def parse_date(text):
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("“%s” is not a date as ACLED writes one (23 February 2025, or 2025-02-23).") % text)


def parse_inter(text):
    """An inter code, 1 to 8, from its number or ACLED's name for it; None for none (empty, or 0)."""
    if text in ("", "0"):
        return None
    if text.isdigit() and 1 <= int(text) <= 8:
        return int(text)
    code = INTER_NAMES.get(normalize(text))
    if code is None:
        raise ValueError(_("“%s” is not an ACLED inter code (1 to 8, or a name such as State forces, Rebel group, "
                           "Civilians).") % text)
    return code


def parse_count(text):
    if not text.isdigit():
        raise ValueError(_("“%s” is not a number of people (0 or more).") % text)
    return int(text)


def parse_coordinate(text):
    """A latitude or longitude as a decimal, rounded to the model's five places (about a metre)."""
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValueError(_("“%s” is not a coordinate in decimal degrees (e.g. 18.5392).") % text) from None
    if not value.is_finite():
        raise ValueError(_("“%s” is not a coordinate in decimal degrees (e.g. 18.5392).") % text)
    return value.quantize(Decimal("0.00001"), rounding=ROUND_HALF_UP)


def parse_precision(text):
    if text == "":
        return 1
    if text not in ("1", "2", "3"):
        raise ValueError(_("“%s” is not one of ACLED's precisions (1, 2 or 3).") % text)
    return int(text)


def parse_names(text):
    """ "Civilians (Haiti); Police Forces of Haiti (2021-)" -> its names, each once, in order."""
    return list(dict.fromkeys(name.strip() for name in text.split(";") if name.strip()))


PARSERS = {"event_date": parse_date, "inter1": parse_inter, "inter2": parse_inter, "fatalities": parse_count,
           "latitude": parse_coordinate, "longitude": parse_coordinate, "time_precision": parse_precision,
           "geo_precision": parse_precision, "assoc_actor_1": parse_names, "assoc_actor_2": parse_names}


def acled_row_parse(*, number, cells):
    """One row's cells as (values, errors): each column of PARSERS parsed, the others as text; an empty latitude,
    longitude or inter None. Each cell that does not parse is a RowError naming row `number` and its column."""
    values, errors = {}, []
    for name, text in cells.items():
        if name not in PARSERS:
            values[name] = text
        elif text == "" and name in ("latitude", "longitude", "inter1", "inter2"):
            values[name] = None
        else:
            try:
                values[name] = PARSERS[name](text)
            except ValueError as error:
                errors.append(RowError(number, name, str(error)))
    for name in ("event_id_cnty", "event_type", "sub_event_type", "actor1", "fatalities"):
        if name in cells and cells[name] == "":
            errors.append(RowError(number, name, _("is empty; ACLED always gives it.")))
    year, date = cells.get("year", ""), values.get("event_date")
    if year and isinstance(date, datetime.date) and year != str(date.year):
        errors.append(RowError(number, "year", _("%(year)s, but event_date is in %(date_year)s.")
                               % {"year": year, "date_year": date.year}))
    values["civilian_targeting"] = bool(cells.get("civilian_targeting"))
    return values, errors
