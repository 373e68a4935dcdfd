"""Tabular exports: the same headers and rows as CSV or XLSX, as an HTTP download.

Every cell Muster writes to a CSV or XLSX file goes through `cell_safe`, so text is never read as a formula by
the spreadsheet that opens it ("CSV injection", OWASP): a roll name such as `=HYPERLINK("http://…"&A1,"x")`
reaches the reader as text. Readers of files Muster may have written undo it with `cell_text`.
"""

import csv
import datetime
import io
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
EXPORT_FORMATS = ("csv", "xlsx")  # the formats of every list

# What makes a spreadsheet read a cell as a formula (OWASP, "CSV injection"): =, +, -, @, and a tab or carriage
# return before them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Values written as what they are: a number (negative too), a date, a boolean, an empty cell.
TYPED = (bool, int, float, Decimal, datetime.date, datetime.time, datetime.timedelta, type(None))


def _formula_like(text):
    # Quotes already in front count too, so that `cell_text` undoes `cell_safe` exactly: "'=x" is written "''=x".
    return text.lstrip("'").startswith(FORMULA_STARTS)


def cell_safe(value):
    """`value` as a CSV or XLSX cell that no spreadsheet runs as a formula.

    Numbers, dates, booleans and None stay typed values; anything else becomes text, and text that a spreadsheet
    would take for a formula gets a leading apostrophe, as OWASP advises: `=1+1` → `'=1+1`, `-2+3` → `'-2+3`.
    """
    if isinstance(value, TYPED):
        return value
    text = str(value)
    return f"'{text}" if _formula_like(text) else text


def cell_text(value):
    """The text a cell written by `cell_safe` stood for: one leading apostrophe dropped before a formula start.

    For readers of files that may come back from Muster's own exports (a roll corrected and sent back); any other
    value is returned as it is.
    """
    if isinstance(value, str) and value.startswith("'") and _formula_like(value):
        return value[1:]
    return value


def _safe_row(row):
    return [cell_safe(value) for value in row]


def rows_to_csv(headers, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_safe_row(headers))
    writer.writerows(map(_safe_row, rows))
    return buffer.getvalue().encode("utf-8")


def rows_to_xlsx(headers, rows, *, title="Muster", sheets=None):
    """One sheet of `headers` and `rows`; or, given `sheets` [(title, headers, rows), …], several."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet_title, sheet_headers, sheet_rows in sheets or [(title, headers, rows)]:
        sheet = workbook.create_sheet(sheet_title[:31])
        sheet.append(_safe_row(sheet_headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in sheet_rows:
            sheet.append(_safe_row(row))  # openpyxl makes any text starting with "=" a formula: never ours
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(content, *, filename, fmt):
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_download(headers, rows, *, filename, fmt, title="Muster"):
    rows = list(rows)
    content = rows_to_csv(headers, rows) if fmt == "csv" else rows_to_xlsx(headers, rows, title=title)
    return download(content, filename=f"{filename}.{fmt}", fmt=fmt)
