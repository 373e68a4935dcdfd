"""Tabular exports: the same headers and rows as CSV or XLSX, as an HTTP download."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
EXPORT_FORMATS = ("csv", "xlsx")  # the formats of every list


def rows_to_csv(headers, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def rows_to_xlsx(headers, rows, *, title="Muster", sheets=None):
    """One sheet of `headers` and `rows`; or, given `sheets` [(title, headers, rows), …], several."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet_title, sheet_headers, sheet_rows in sheets or [(title, headers, rows)]:
        sheet = workbook.create_sheet(sheet_title[:31])
        sheet.append(list(sheet_headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in sheet_rows:
            sheet.append(list(row))
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
