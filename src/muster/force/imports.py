"""The nominal roll as contributing countries keep it, as a file: reading it (the import's parsing step), its
template, and the roll Muster holds written back in the same columns.

`roll_rows_read` turns a file into rows keyed by Muster's field names, matching the headers people write
("Svc No", "Service Number", "Matricule", "Date de naissance") case- and accent-insensitively, and
`roll_row_parse` a row's cells into values; `roll_import` (force/services.py) then matches them with what is
stored (`roll_match.py`) and writes them, all or nothing (`roll_write.py`). Every problem is a `RowError` naming the
spreadsheet row, the column as the file spells it, and the reason. An optional "Site" column says where each
officer is posted, by the site's name (matched the same forgiving way).
"""

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from muster.core.exports import cell_text, rows_to_csv, rows_to_xlsx
from muster.core.uploads import UploadRefused, rows_limited, size_checked, xlsx_checked

from .models import Person, Posting, Tour

# Muster's field -> the headers that mean it (normalized: lower case, no accents, words split by one space).
COLUMNS = {
    "service_number": ["service number", "service no", "svc no", "svc number", "service num", "service id",
                       "sn", "matricule", "numero de service", "no de service", "numero de servicio", "placa"],
    "family_name": ["family name", "surname", "last name", "name", "nom", "nom de famille", "apellido",
                    "apellidos"],
    "given_names": ["given names", "given name", "first name", "first names", "forename", "forenames", "other names",
                    "prenom", "prenoms", "nombre", "nombres"],
    "rank": ["rank", "rank title", "grade", "rango"],
    "grade": ["nato grade", "nato rank", "nato rank code", "nato code", "rank code", "stanag 2116", "code otan"],
    "sex": ["sex", "gender", "m f", "sexe", "sexo", "genre"],
    "date_of_birth": ["date of birth", "dob", "d o b", "birth date", "birthdate", "born", "date de naissance",
                      "fecha de nacimiento"],
    "specialty": ["specialty", "speciality", "specialisation", "specialization", "trade", "skill", "specialite",
                  "especialidad"],
    "languages": ["languages", "language", "langues", "langue", "idiomas", "idioma"],
    "arrival": ["arrival", "arrival date", "date of arrival", "arrived", "date arrived", "deployment date",
                "date d arrivee", "arrivee", "fecha de llegada", "llegada"],
    "planned_end": ["planned end", "planned end date", "end of tour", "tour end", "tour end date",
                    "planned departure", "fin de mission", "fin de tour", "fin prevista"],
    "departure": ["departure", "departure date", "date of departure", "departed", "date departed",
                  "date de depart", "depart", "fecha de salida", "salida"],
    "departure_reason": ["departure reason", "reason for leaving", "reason for departure", "reason",
                         "motif de depart", "motif", "motivo"],
    # Where the officer is posted now: a site of the contingent's mission, by name (Posting).
    "site": ["site", "location", "posting", "deployed at", "base", "lieu", "lieu d affectation", "ubicacion",
             "base de operaciones"],
}
REQUIRED = ("service_number", "family_name", "rank", "grade", "sex", "arrival")
LABELS = {
    "service_number": gettext_lazy("Service number"), "family_name": gettext_lazy("Family name"),
    "given_names": gettext_lazy("Given names"), "rank": gettext_lazy("Rank"), "grade": gettext_lazy("NATO grade"),
    "sex": gettext_lazy("Sex"), "date_of_birth": gettext_lazy("Date of birth"),
    "specialty": gettext_lazy("Specialty"), "languages": gettext_lazy("Languages"),
    "arrival": gettext_lazy("Arrival"), "planned_end": gettext_lazy("Planned end"),
    "departure": gettext_lazy("Departure"), "departure_reason": gettext_lazy("Departure reason"),
    "site": gettext_lazy("Site"),
}
SEXES = {"m": "male", "male": "male", "man": "male", "h": "male", "homme": "male", "hombre": "male",
         "masculin": "male", "masculino": "male", "f": "female", "female": "female", "woman": "female",
         "w": "female", "femme": "female", "mujer": "female", "feminin": "female", "femenino": "female"}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%y", "%d %b %Y", "%d %B %Y", "%d-%b-%Y",
                "%d-%b-%y")


def normalize(text):
    """ "Date d'arrivée" -> "date d arrivee"; "Svc. No." -> "svc no"."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


# Muster's own field names are accepted too, unless a variant claims them ("grade" is French for rank).
HEADER_FIELDS = {normalize(name): name for name in COLUMNS} | {
    variant: name for name, variants in COLUMNS.items() for variant in variants}


@dataclass(frozen=True)
class RowError:
    row: int | None  # the spreadsheet's row number (the header is row 1); None for the file as a whole
    column: str  # as the file spells it
    message: str

    def __str__(self):
        if self.row is None:
            return _("Column %(column)s: %(message)s") % {"column": self.column, "message": self.message}
        return _("Row %(row)s, column %(column)s: %(message)s") % {"row": self.row, "column": self.column,
                                                                   "message": self.message}


class RollFileError(Exception):
    """The file cannot be read as a roll at all (format, encoding, missing columns)."""

    def __init__(self, errors):
        super().__init__("; ".join(map(str, errors)))
        self.errors = errors


@dataclass
class RollFile:
    headers: dict  # field -> the header as the file spells it
    rows: list  # [(row number, {field: raw value})]


def roll_rows_read(*, content, filename):
    """Read an XLSX or CSV roll: its headers matched to fields, and its non-empty rows.

    A file over the upload limits (core.uploads: size, an XLSX's unzipped size and extent, rows) is refused before
    it is parsed, or as soon as its rows pass the limit. A cell Muster's export neutralised (`'=…`) reads back as
    the text it stood for (core.exports.cell_text), so an exported roll re-imports unchanged.
    """
    try:
        return _roll_rows_read(content, filename)
    except UploadRefused as refused:
        raise RollFileError([RowError(None, filename, refused.message)]) from None


def _roll_rows_read(content, filename):
    if filename.lower().endswith((".xlsx", ".xlsm")):
        size_checked(len(content))
        xlsx_checked(content)
        table = _xlsx_rows(content)
    elif filename.lower().endswith((".csv", ".txt")):
        size_checked(len(content))
        table = _csv_rows(content)
    else:
        raise RollFileError([RowError(None, filename, _("Send an XLSX or CSV file."))])
    table = rows_limited(table)
    try:
        header = next(table)
    except StopIteration:
        raise RollFileError([RowError(None, filename, _("The file is empty."))]) from None
    headers, errors = {}, []
    for index, raw in enumerate(header):
        if raw is None or str(raw).strip() == "":
            continue
        name = HEADER_FIELDS.get(normalize(raw))
        if name is None:
            continue  # a column Muster does not keep (unit notes, phone numbers): ignored, not stored
        if name in headers:
            errors.append(RowError(None, str(raw), _("means the same as column %s; keep one.") % headers[name][0]))
        headers[name] = (str(raw).strip(), index)
    for name in REQUIRED:
        if name not in headers:
            errors.append(RowError(None, str(LABELS[name]), _("is missing; the roll needs it (any of: %s).")
                                   % ", ".join(COLUMNS[name][:4])))
    if errors:
        raise RollFileError(errors)
    rows = []
    for number, values in enumerate(table, start=2):
        cells = {name: cell_text(values[index]) if index < len(values) else None
                 for name, (_label, index) in headers.items()}
        if all(v is None or str(v).strip() == "" for v in cells.values()):
            continue
        rows.append((number, cells))
    return RollFile(headers={name: label for name, (label, _i) in headers.items()}, rows=rows)


def _xlsx_rows(content):
    # calamine (Rust) reads a 20,000-row roll in 0.2 s where openpyxl's read-only mode takes 3 s: most of the
    # import's time (bench/roll_import.py). Cells come back as str, float, int, bool, date or datetime; an empty
    # cell is "".
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
        return iter(sheet.to_python(skip_empty_area=False))
    except Exception:  # calamine raises several kinds for a file that is not a workbook
        raise RollFileError([RowError(None, "XLSX", _("This is not a readable XLSX workbook."))]) from None


def _csv_rows(content):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return iter(csv.reader(io.StringIO(text), dialect))


def parse_date(value):
    """A date as people type it: ISO (2025-01-31) or day first (31/01/2025, 31.01.2025, 31 Jan 2025)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("“%s” is not a date (write 2025-01-31 or 31/01/2025).") % text)


def parse_sex(value):
    sex = SEXES.get(normalize(value))
    if sex is None:
        raise ValueError(_("“%s” is not a sex Muster knows (M or F).") % value)
    return sex


REASONS = {normalize(value): value for value, _label in Tour.Reason.choices} | {
    normalize(label): value for value, label in Tour.Reason.choices}


def parse_reason(value):
    reason = REASONS.get(normalize(value))
    if reason is None:
        raise ValueError(_("“%(value)s” is not a reason Muster knows (%(known)s).")
                         % {"value": value, "known": ", ".join(str(label) for _v, label in Tour.Reason.choices)})
    return reason


def text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a service number typed into a number cell
    return str(value).strip()


PARSERS = {"date_of_birth": parse_date, "arrival": parse_date, "planned_end": parse_date, "departure": parse_date,
           "sex": parse_sex, "departure_reason": parse_reason}


def roll_row_parse(*, number, cells, labels):
    """One row's raw cells as (values, errors): dates, sex and reason parsed, the rest as text, an empty cell None
    (a parsed field) or "". Each cell that does not parse is a RowError naming row `number` and its column."""
    values, errors = {}, []
    for name, raw in cells.items():
        cell = text(raw)
        if cell == "":
            values[name] = None if name in PARSERS else ""
            continue
        if name not in PARSERS:
            values[name] = cell
            continue
        try:
            values[name] = PARSERS[name](raw)
        except ValueError as error:
            errors.append(RowError(number, labels[name], str(error)))
    return values, errors


PERSON_FIELDS = ("family_name", "given_names", "rank", "grade", "sex", "date_of_birth", "specialty", "languages")
TOUR_FIELDS = ("arrival", "planned_end", "departure", "departure_reason")


def roll_template(*, fmt):
    """An empty roll with Muster's own headers, and a sheet explaining each column (XLSX) — for download."""
    headers = [str(LABELS[name]) for name in COLUMNS]
    example = ["EX-0001", "SAMPLE", "Synthetic Example", "Corporal", "OR-4", "F", "31/01/1990", "Driver", "en, fr",
               "25/06/2024", "", "", "", "MSS base"]
    if fmt == "csv":
        return rows_to_csv(headers, [example])
    notes = [[str(LABELS[name]), _("required") if name in REQUIRED else _("optional"), ", ".join(COLUMNS[name])]
             for name in COLUMNS]
    return rows_to_xlsx(None, None, sheets=[(str(_("Roll")), headers, [example]),
                                            (str(_("Columns")), [_("Column"), _("Required"), _("Also accepted")],
                                             notes)])


def roll_export(*, tours, fmt):
    """`tours` as a roll in the template's columns (one row per tour, its site the latest posting), for download.

    The file reads back through `roll_rows_read` + `roll_import` and changes nothing: a liaison can take the
    roll Muster holds, correct it in a spreadsheet and send it back.
    """
    from django.db.models import OuterRef, Subquery

    latest_site = Posting.objects.filter(tour=OuterRef("pk")).order_by("-since").values("site__name")[:1]
    sexes = {Person.Sex.MALE: "M", Person.Sex.FEMALE: "F"}
    reasons = dict(Tour.Reason.choices)
    rows = []
    for tour in (tours.select_related("person").annotate(site_name=Subquery(latest_site))
                 .order_by("person__service_number", "arrival", "pk")):
        values = {name: getattr(tour.person, name) for name in PERSON_FIELDS} | {
            name: getattr(tour, name) for name in TOUR_FIELDS} | {"service_number": tour.person.service_number}
        values["sex"] = sexes[values["sex"]]
        values["departure_reason"] = str(reasons[tour.departure_reason]) if tour.departure_reason else ""
        values["site"] = tour.site_name or ""
        rows.append([values[name] for name in COLUMNS])
    headers = [str(LABELS[name]) for name in COLUMNS]
    if fmt == "csv":
        return rows_to_csv(headers, [["" if v is None else v for v in row] for row in rows])
    return rows_to_xlsx(headers, rows, title=str(_("Roll")))
