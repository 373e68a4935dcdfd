"""Limits on the files users send, checked before anything parses them, each refused with a clear message.

- Every upload: at most `MUSTER_UPLOAD_MAX_BYTES` (`UploadField` on every upload form; `size_checked` for files
  read from elsewhere, with their own limit).
- An XLSX workbook is a zip that can expand without bound: `xlsx_checked` opens it with zipfile, adds up what
  its directory says its parts expand to, then expands them as a stream, counting the bytes, stopping at
  `MUSTER_XLSX_MAX_UNCOMPRESSED_BYTES` (a directory can lie). While expanding its XML parts it reads the
  highest row and column their cells name: a workbook of two cells, A1 and XFD1048576, makes a reader build a
  grid of 17 billion cells, so more rows than `MUSTER_IMPORT_MAX_ROWS` or more than `XLSX_MAX_COLUMNS` columns
  are refused there, before the reader runs.
- A CSV (or any table read row by row): `rows_limited` stops at `MUSTER_IMPORT_MAX_ROWS` data rows.

Each refusal is an `UploadRefused` (a ValidationError) naming the limit and what was sent.
"""

import copy
import io
import math
import zipfile
import zlib
from xml.parsers import expat

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _

XLSX_EXTENSIONS = (".xlsx", ".xlsm")
# A roll has 14 columns Muster reads, a national roll perhaps 30 more. The reader builds the whole grid, rows times
# columns, even of empty cells: 100,000 rows of 100 columns take about 450 MB (measured with calamine); Excel's
# 16,384 columns would take 70 GB.
XLSX_MAX_COLUMNS = 100
CHUNK = 1 << 20


class UploadRefused(ValidationError):
    """A file over one of the limits; `.message` says which and by how much."""


def size_text(size):
    """Bytes as people read them, rounded up so that a file over a limit never reads as equal to it: 31.2 MB."""
    for unit, scale in ((_("%s MB"), 1 << 20), (_("%s KB"), 1 << 10)):
        if size >= scale:
            value = math.ceil(size * 10 / scale) / 10
            return unit % number_format(value, decimal_pos=0 if value.is_integer() else 1)
    return _("%s bytes") % size


def _rows_text(n):
    return number_format(n, force_grouping=True)


def size_checked(size, *, limit=None):
    """Refuse a file of `size` bytes over `limit` (default MUSTER_UPLOAD_MAX_BYTES)."""
    limit = settings.MUSTER_UPLOAD_MAX_BYTES if limit is None else limit
    if size > limit:
        raise UploadRefused(_("The file is %(size)s; the limit is %(limit)s.")
                            % {"size": size_text(size), "limit": size_text(limit)}, code="too_large")


def _too_big(expanded, limit, *, more_than=False):
    message = (_("The workbook expands to more than %(limit)s when unzipped; the limit is %(limit)s.") if more_than
               else _("The workbook expands to %(size)s when unzipped; the limit is %(limit)s."))
    return UploadRefused(message % {"size": size_text(expanded), "limit": size_text(limit)}, code="expands")


def _zip(content):
    """A ZipFile over `content` (bytes or a file), or None when it is not a zip: the reader says so itself."""
    stream = io.BytesIO(content) if isinstance(content, bytes | bytearray | memoryview) else content
    stream.seek(0)
    try:
        return zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None


def xlsx_declared_checked(content, *, limit=None):
    """Refuse a workbook whose zip directory says it expands past `limit` (MUSTER_XLSX_MAX_UNCOMPRESSED_BYTES).

    Reads the directory only: cheap enough for every upload form. `xlsx_checked` also expands it.
    """
    limit = settings.MUSTER_XLSX_MAX_UNCOMPRESSED_BYTES if limit is None else limit
    archive = _zip(content)
    if archive is None:
        declared = 0
    else:
        with archive:
            declared = sum(info.file_size for info in archive.infolist())
    if hasattr(content, "seek"):
        content.seek(0)  # for whoever reads the upload next
    if declared > limit:
        raise _too_big(declared, limit)


def _column_number(letters):
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


class _PartExtent:
    """Follows one XML part of a workbook as it streams past: the highest row and column its rows and cells name
    (a cell without a reference is the next one along), and whether it points a worksheet at a part that is not
    XML (which this check would not read, and a reader would)."""

    def __init__(self):
        self.rows = self.columns = self.row = self.column = 0
        self.odd_sheet = False
        self.letters, self.letters_column = "", 0  # the last column seen by name: most cells repeat one
        self.parser = expat.ParserCreate()
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self.start

    def start(self, name, attrs):
        # Called for every element of a sheet (a 20,000-row roll has 600,000): the cell's case first and quick.
        if name == "c" or name.endswith(":c"):
            reference = attrs.get("r", "").strip()
            letters = reference.rstrip("0123456789")
            digits = reference[len(letters):]
            if letters and letters.isalpha() and letters.isascii():
                if letters != self.letters:
                    self.letters, self.letters_column = letters, _column_number(letters)
                self.column = self.letters_column
            else:
                self.column += 1
            if digits:
                self.row = max(self.row, int(digits))
            if self.column > self.columns:
                self.columns = self.column
            if self.row > self.rows:
                self.rows = self.row
            return
        local = name.rpartition(":")[2]
        if local == "row":
            number = attrs.get("r", "").strip()
            self.row = int(number) if number.isdigit() else self.row + 1
            self.column = 0
            self.rows = max(self.rows, self.row)
        elif local == "Relationship" and attrs.get("Type", "").endswith("/worksheet"):
            self.odd_sheet |= not attrs.get("Target", "").lower().endswith(".xml")

    def feed(self, data, final=False):
        self.parser.Parse(data, final)


def _unreadable():
    return UploadRefused(_("This is not a readable XLSX workbook."), code="unreadable")


def xlsx_checked(content, *, limit=None, max_rows=None):
    """Refuse a workbook (bytes) that expands past `limit` (MUSTER_XLSX_MAX_UNCOMPRESSED_BYTES), or whose sheets
    reach past `max_rows` rows below a header row (MUSTER_IMPORT_MAX_ROWS) or past `XLSX_MAX_COLUMNS` columns.

    Run it before handing the bytes to a reader. What it cannot read through (not a zip, damaged, encrypted, an
    unusual compression, XML that is not well-formed) it refuses as not a readable workbook rather than pass on
    unchecked: spreadsheet programs write none of these.
    """
    limit = settings.MUSTER_XLSX_MAX_UNCOMPRESSED_BYTES if limit is None else limit
    max_rows = settings.MUSTER_IMPORT_MAX_ROWS if max_rows is None else max_rows
    xlsx_declared_checked(content, limit=limit)
    archive = _zip(content)
    if archive is None:
        raise _unreadable()
    expanded = 0
    with archive:
        for info in archive.infolist():
            # Read as if the part were as large as the allowance left and one chunk more, whatever the directory
            # claims: the count passes the limit a chunk before zipfile stops (and checks the CRC, which a lying
            # directory fails).
            allowance = copy.copy(info)
            allowance.file_size = limit - expanded + CHUNK + 1
            part = _PartExtent() if info.filename.lower().endswith((".xml", ".rels")) else None
            try:
                with archive.open(allowance) as stream:
                    while chunk := stream.read(CHUNK):
                        expanded += len(chunk)
                        if expanded > limit:
                            raise _too_big(expanded, limit, more_than=True)
                        if part:
                            part.feed(chunk)
                if part:
                    part.feed(b"", True)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, OSError, expat.ExpatError,
                    ValueError, zlib.error):
                raise _unreadable() from None
            if part is None:
                continue
            if part.odd_sheet:
                raise _unreadable()
            if part.rows - 1 > max_rows:
                raise UploadRefused(_("The workbook has rows down to row %(row)s, more than %(limit)s rows below "
                                      "its header; the limit is %(limit)s rows.")
                                    % {"row": _rows_text(part.rows), "limit": _rows_text(max_rows)},
                                    code="too_many_rows")
            if part.columns > XLSX_MAX_COLUMNS:
                raise UploadRefused(_("The workbook has cells in column %(column)s; the limit is %(limit)s columns. "
                                      "Delete the columns the import does not need.")
                                    % {"column": _rows_text(part.columns), "limit": _rows_text(XLSX_MAX_COLUMNS)},
                                    code="too_many_columns")


def rows_limited(rows, *, limit=None, header_rows=1):
    """Yield `rows` (`header_rows` of headers, then data rows), refusing the file once it has more than `limit`
    data rows (default MUSTER_IMPORT_MAX_ROWS)."""
    limit = settings.MUSTER_IMPORT_MAX_ROWS if limit is None else limit
    for number, row in enumerate(rows, start=1 - header_rows):
        if number > limit:
            raise UploadRefused(_("The file has more than %(limit)s rows; the limit is %(limit)s rows. Send it in "
                                  "parts.") % {"limit": _rows_text(limit)}, code="too_many_rows")
        yield row


def upload_checked(upload, *, max_bytes=None):
    """Refuse an uploaded file over `max_bytes` (MUSTER_UPLOAD_MAX_BYTES), or an XLSX whose zip directory says it
    expands past MUSTER_XLSX_MAX_UNCOMPRESSED_BYTES. Reads no more than the zip's directory."""
    size_checked(upload.size, limit=max_bytes)
    if (upload.name or "").lower().endswith(XLSX_EXTENSIONS):
        xlsx_declared_checked(upload)


def _help_with_limit(help_text, max_bytes):
    limit = size_text(settings.MUSTER_UPLOAD_MAX_BYTES if max_bytes is None else max_bytes)
    at_most = _("At most %s.") % limit  # outside the f-string, where makemessages can read it
    return f"{help_text} {at_most}".strip()


class UploadField(forms.FileField):
    """A file field of an upload form: refuses a file over the limits (`upload_checked`) with a clear message,
    and says the size limit in its help text."""

    def __init__(self, *, max_bytes=None, help_text="", **kwargs):
        self.max_bytes = max_bytes
        super().__init__(help_text=lazy(_help_with_limit, str)(help_text, max_bytes), **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            upload_checked(upload, max_bytes=self.max_bytes)
        return upload
