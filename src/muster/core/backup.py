"""Backups: the whole database in one portable file, written from SQLite or PostgreSQL and read back into either.

`backup_write(path=…)` streams every table of every installed app (Muster's, Django's contrib apps, DRF's tokens,
django-otp's devices, django-axes' logs: whatever the app registry holds) into a zip file; `backup_restore(path=…)`
loads one into a database of the same schema, in one transaction. Core knows no domain app: it walks the registry.

The file (format version 1) is a zip holding
  * `manifest.json`: the format and its version, the Muster version, when and from which kind of database it was
    written, the migrations applied per app (restore refuses a backup of another schema, naming the difference),
    what was left out and why, and per table, in dependency order: name, model, columns with their kind, primary
    key, row count, SHA-256 of its file and the high-water mark of its id sequence;
  * `tables/<table>.jsonl`: one JSON array per row, the columns in the manifest's order, rows sorted by primary key.
Values are written in one form whatever the database: integers of any size and floats as JSON numbers (Python
prints the shortest text that reads back to the same float), booleans, NULL as null, text as strings, dates and
times in ISO 8601 (date-times in UTC with their offset), decimals and UUIDs as strings, durations as microseconds,
binary as base64, and JSON columns as JSON. The manifest is written last, so a file cut short has none.

Written from one snapshot (PostgreSQL: a REPEATABLE READ, READ ONLY transaction; SQLite: a deferred read
transaction, which in WAL mode does not hold up writers), a table at a time through a server-side cursor, so memory
does not grow with the database; read back with the drivers' bulk paths (COPY on PostgreSQL, executemany on
SQLite) and checked against the manifest's counts and checksums before the transaction commits.
"""

import base64
import contextlib
import datetime
import hashlib
import json
import os
import tempfile
import time
import uuid
import zipfile
import zlib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .jobs import JobFailed, JobResult

FORMAT = "muster-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEMBER = "tables/{table}.jsonl"
CHUNK_ROWS = 5_000  # rows fetched from the server-side cursor, and written, at a time
READ_BYTES = 1 << 20
# Deflate level 1: most of the size saving of level 6 (JSON lines repeat themselves) at a fraction of its time.
COMPRESS_LEVEL = 1

# Tables of installed models that a backup leaves out, with the reason the manifest and `muster backup` give.
SKIPPED = {
    "django_session": "sessions: who is signed in on which browser. They last at most a shift (12 hours), are "
                      "signed with this server's SECRET_KEY, and a session key is a password; after a restore "
                      "everyone signs in again",
    # A backup started from the web is itself a job's result: kept, each backup would hold the one before it.
    "core_job": "background jobs and their results (a backup started from the web is one): kept a day",
    "django_tasks_database_dbtaskresult": "the queue of background jobs: a job waiting when the backup was "
                                          "written is started again by its user",
    "core_workerheartbeat": "when each worker was last seen: written anew every few seconds",
}


class BackupRefused(Exception):
    """Why a backup or a restore did not happen, in one line for the user; the database is as it was."""


@dataclass(frozen=True)
class Column:
    name: str  # the database column
    field: object  # the model's field
    kind: str  # one of KINDS' values


@dataclass(frozen=True)
class Table:
    name: str
    model: type
    columns: tuple
    sequenced: bool  # its primary key is an auto-incremented id

    @property
    def label(self):
        return self.model._meta.label


# Django's internal field types → how the value is written in the file.
KINDS = {
    **dict.fromkeys(("AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField",
                     "SmallIntegerField", "PositiveIntegerField", "PositiveBigIntegerField",
                     "PositiveSmallIntegerField"), "integer"),
    **dict.fromkeys(("CharField", "TextField", "SlugField", "EmailField", "URLField", "GenericIPAddressField",
                     "IPAddressField", "FilePathField", "FileField", "ImageField"), "text"),
    **dict.fromkeys(("BooleanField", "NullBooleanField"), "boolean"),
    "FloatField": "float",
    "DecimalField": "decimal",
    "DateField": "date",
    "DateTimeField": "datetime",
    "TimeField": "time",
    "DurationField": "duration",
    "UUIDField": "uuid",
    "JSONField": "json",
    "BinaryField": "binary",
}
AUTO_FIELDS = {"AutoField", "BigAutoField", "SmallAutoField"}


# --- which tables ------------------------------------------------------------------------------------------------

def tables_included():
    """Every table of an installed, managed, concrete model (m2m tables too) but SKIPPED, in dependency order."""
    models = [model for model in apps.get_models(include_auto_created=True)
              if model._meta.managed and not model._meta.proxy and model._meta.db_table not in SKIPPED]
    tables = {}
    for model in models:
        columns = tuple(Column(field.column, field, _kind(model, field))
                        for field in model._meta.local_concrete_fields if not getattr(field, "generated", False))
        tables.setdefault(model._meta.db_table, Table(model._meta.db_table, model, columns,
                                                      model._meta.pk.get_internal_type() in AUTO_FIELDS))
    return _dependency_order(tables)


def _kind(model, field):
    target = field
    while target.is_relation:
        target = target.target_field
    kind = KINDS.get(target.get_internal_type())
    if kind is None:
        raise BackupRefused(_("%(model)s.%(field)s is a %(type)s, a kind of column backups do not know yet: add it "
                              "to muster.core.backup.KINDS.")
                            % {"model": model._meta.label, "field": field.name, "type": target.get_internal_type()})
    return kind


def _dependency_order(tables):
    """Tables referenced before the tables referring to them (cycles are left to the deferred constraints)."""
    ordered, placed, visiting = [], set(), set()

    def place(name):
        if name in placed or name in visiting:
            return
        visiting.add(name)
        for field in tables[name].model._meta.local_concrete_fields:
            if field.is_relation and field.related_model is not None:
                target = field.related_model._meta.db_table
                if target in tables and target != name:
                    place(target)
        visiting.discard(name)
        placed.add(name)
        ordered.append(tables[name])

    for name in sorted(tables):
        place(name)
    return ordered


def _left_out(connection, included):
    """Tables in the database a backup does not hold, with why: SKIPPED, caches, and tables of no installed app."""
    cache_tables = {cache.get("LOCATION") for cache in settings.CACHES.values()
                    if cache.get("BACKEND", "").endswith("DatabaseCache")}
    left_out = {}
    for name in sorted(connection.introspection.table_names()):
        if name in included or name == MigrationRecorder.Migration._meta.db_table:
            continue
        if name in SKIPPED:
            left_out[name] = SKIPPED[name]
        elif name in cache_tables:
            left_out[name] = "a cache (the API's rate counts): refilled by use"
        else:
            left_out[name] = "not a table of Muster or of an installed app"
    return left_out


# --- writing -----------------------------------------------------------------------------------------------------

def _datetime_text(value):
    if value.tzinfo is datetime.UTC or value.tzinfo is None:  # what Django reads from either database
        return value.isoformat()
    return value.astimezone(datetime.UTC).isoformat()


def _duration_micros(value):
    return (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds


ENCODE = {
    "datetime": _datetime_text,
    "date": datetime.date.isoformat,
    "time": datetime.time.isoformat,
    "duration": _duration_micros,
    "decimal": lambda value: format(value, "f"),  # never "1E+2": plain digits every database reads alike
    "uuid": str,
    "binary": lambda value: base64.b64encode(bytes(value)).decode("ascii"),
}


def backup_write(*, path, using=DEFAULT_DB_ALIAS, log=None, progress=None):
    """Write the database to `path` (replaced only once the new file is whole); return the manifest.

    `progress(done, total, step=…)` hears of each table as it is written (core.jobs.JobProgress)."""
    path = Path(path)
    connection = connections[using]
    _migrated_check(connection)
    started = time.perf_counter()
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        # Personal data: readable by its owner only, from its first byte.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as error:
        raise BackupRefused(_("Cannot write %(path)s: %(reason)s.")
                            % {"path": path, "reason": error.strerror}) from None
    try:
        with os.fdopen(descriptor, "wb") as out:
            with _snapshot(connection):
                manifest = _archive_write(out, connection, log, progress)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    manifest["seconds"] = round(time.perf_counter() - started, 1)
    manifest["bytes"] = path.stat().st_size
    return manifest


def _migrated_check(connection):
    """Refuse a database this Muster's models do not describe: never migrated, or behind the code."""
    if "django_migrations" not in connection.introspection.table_names():
        raise BackupRefused(_("The database %(database)s has no tables yet: nothing to back up.")
                            % {"database": database_named(connection)})
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        migration = plan[0][0]
        raise BackupRefused(_("The database %(database)s is not migrated to this Muster's schema (%(count)d migrations "
                              "to apply, the first %(app)s %(name)s): run `muster init` first, then back up.")
                            % {"database": database_named(connection), "count": len(plan),
                               "app": migration.app_label, "name": migration.name})


@contextlib.contextmanager
def _snapshot(connection):
    """Every table read from one consistent state of the database, without holding up its writers."""
    if connection.vendor == "postgresql":
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    # Django's atomic() on SQLite is BEGIN IMMEDIATE (settings), which would take the write lock for the whole
    # backup; a deferred transaction only reads, and in WAL mode the writers go on beside it.
    connection.ensure_connection()
    connection.connection.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        connection.connection.execute("ROLLBACK")  # it only read


def _archive_write(out, connection, log, progress):
    tables = tables_included()
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "muster_version": _muster_version(),
        "written": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "migrations": _migrations_applied(connection),
        "left_out": _left_out(connection, {table.name for table in tables}),
        "tables": [],
    }
    encoder = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"))
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL,
                         allowZip64=True) as archive:
        for number, table in enumerate(tables):
            if progress:
                progress(number, len(tables), step=_("Writing %(table)s") % {"table": table.name})
            table_started = time.perf_counter()
            entry = _table_write(archive, connection, table, encoder)
            manifest["tables"].append(entry)
            if log:
                log(f"  {table.name}: {entry['rows']:,} rows ({time.perf_counter() - table_started:.1f} s)")
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False))
    return manifest


def _table_write(archive, connection, table, encoder):
    digest = hashlib.sha256()
    member = MEMBER.format(table=table.name)
    with archive.open(member, "w", force_zip64=True) as stream:
        if _postgresql_writes(connection, table):
            count = _rows_write_postgresql(stream, digest, connection, table)
        else:
            count = _rows_write(stream, digest, connection, table, encoder)
    return {
        "name": table.name,
        "model": table.label,
        "file": member,
        "columns": [{"name": column.name, "kind": column.kind} for column in table.columns],
        "primary_key": table.model._meta.pk.column,
        "rows": count,
        "sha256": digest.hexdigest(),
        "sequence": _sequence_read(connection, table) if table.sequenced else None,
    }


def _rows_write(stream, digest, connection, table, encoder):
    """Rows read through the ORM, so each value is what Django reads from this database, written as JSON."""
    encoders = [(i, ENCODE[column.kind]) for i, column in enumerate(table.columns) if column.kind in ENCODE]
    rows = (QuerySet(model=table.model, using=connection.alias).order_by(table.model._meta.pk.attname)
            .values_list(*(column.field.attname for column in table.columns)).iterator(chunk_size=CHUNK_ROWS))
    dumps = encoder.encode
    count = 0
    lines = []
    for row in rows:
        if encoders:
            row = list(row)
            for i, encode in encoders:
                if row[i] is not None:
                    row[i] = encode(row[i])
        lines.append(dumps(row))
        if len(lines) == CHUNK_ROWS:
            count += _lines_write(stream, digest, lines)
    return count + _lines_write(stream, digest, lines)


def _lines_write(stream, digest, lines):
    if not lines:
        return 0
    data = ("\n".join(lines) + "\n").encode("ascii")
    digest.update(data)
    stream.write(data)
    written = len(lines)
    lines.clear()
    return written


# PostgreSQL writes the same JSON itself, ten times faster than Python can read the rows: each row one
# json_build_array() of these expressions, streamed by COPY. Every kind gives the text the ORM path gives (or, for
# floats and JSON, the same value in another spelling: "1e+15" for 1000000000000000.0).
_UTC = "({c} AT TIME ZONE 'UTC')"
POSTGRESQL_EXPRESSIONS = {
    "datetime": f"to_char({_UTC}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN date_trunc('second', {{c}}) = {{c}} "
                f"THEN '' ELSE to_char({_UTC}, '.US') END || '+00:00'",
    "time": "to_char(date '2000-01-01' + {c}, 'HH24:MI:SS') || CASE WHEN extract(microseconds FROM {c})::bigint "
            "% 1000000 = 0 THEN '' ELSE to_char(date '2000-01-01' + {c}, '.US') END",
    "decimal": "{c}::text",
    "uuid": "{c}::text",
    "binary": "translate(encode({c}, 'base64'), E'\\n', '')",
    "duration": "(extract(epoch FROM {c}) * 1000000)::bigint",
}


def _postgresql_writes(connection, table):
    # json_build_array() takes at most 100 arguments; naive date-times (USE_TZ off) are left to the ORM.
    return connection.vendor == "postgresql" and settings.USE_TZ and len(table.columns) <= 100


def _rows_write_postgresql(stream, digest, connection, table):
    quote = connection.ops.quote_name
    values = ", ".join(POSTGRESQL_EXPRESSIONS.get(column.kind, "{c}").format(c=quote(column.name))
                       for column in table.columns)
    sql = (f"COPY (SELECT json_build_array({values}) FROM {quote(table.name)} "
           f"ORDER BY {quote(table.model._meta.pk.column)}) TO STDOUT")
    count = 0
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL extra_float_digits = 1")  # the shortest text that reads back the same float
        with cursor.cursor.copy(sql) as copy:
            lines = []
            for line in copy:  # one row at a time, its newline included
                lines.append(line)
                if len(lines) == CHUNK_ROWS:
                    count += _copied_write(stream, digest, lines)
            count += _copied_write(stream, digest, lines)
    return count


def _copied_write(stream, digest, lines):
    if not lines:
        return 0
    # COPY's text format doubles every backslash; JSON holds no raw tab or newline for it to escape.
    data = b"".join(lines).replace(b"\\\\", b"\\")
    digest.update(data)
    stream.write(data)
    written = len(lines)
    lines.clear()
    return written


def _sequence_read(connection, table):
    """The highest id ever given in this table (deleted rows too), so a restore never gives one out again."""
    quote = connection.ops.quote_name
    pk = table.model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_sequence_last_value(pg_get_serial_sequence(%s, %s))", [quote(table.name), pk])
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table.name])
        else:
            return None
        row = cursor.fetchone()
    return row[0] if row and row[0] is not None else None


def _muster_version():
    try:
        return metadata.version("muster")
    except metadata.PackageNotFoundError:
        return "unknown"


def _migrations_applied(connection):
    """{app: [migration, …]} as recorded in the database."""
    applied = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _migrations_of_code(connection):
    """{app: [migration, …]} that `migrate` records on a new database with this Muster."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied = {}
    for key, migration in loader.graph.nodes.items():
        for app, name in [key, *migration.replaces]:  # a squashed migration records those it replaces too
            applied.setdefault(app, set()).add(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


# --- reading -----------------------------------------------------------------------------------------------------

def backup_restore(*, path, using=DEFAULT_DB_ALIAS, replace=False, log=None):
    """Load the backup at `path` into the database, all or nothing, and return what was done.

    A database without tables is migrated first (after the whole file has been checked); one that holds rows is
    refused unless `replace`, which empties every table in the same transaction as the load.
    """
    path = Path(path)
    started = time.perf_counter()
    connection = connections[using]
    log = log or (lambda _line: None)
    with _archive_open(path) as archive:
        manifest = _manifest_read(archive, path)
        migrated = "django_migrations" not in connection.introspection.table_names()
        _schema_check(manifest, connection, migrated, path)
        tables = _tables_match(manifest, path)
        occupied = []
        if not migrated:
            occupied = _tables_with_rows(connection, tables)
            if occupied and not replace:
                raise BackupRefused(
                    _("The database %(database)s already holds data (rows in %(count)d tables: %(names)s): restore "
                      "into a database with no tables (restore migrates it), or pass --replace to delete what it "
                      "holds and restore the backup in its place.")
                    % {"database": database_named(connection), "count": len(occupied),
                       "names": ", ".join(occupied[:4]) + (", …" if len(occupied) > 4 else "")})
        else:
            # Nothing is written before the whole file is known to be sound, migrations included.
            for entry in manifest["tables"]:
                _member_verify(archive, entry, path)
            log(f"  file checked in {time.perf_counter() - started:.1f} s")
            migrating = time.perf_counter()
            call_command("migrate", interactive=False, verbosity=0, database=using)
            call_command("createcachetable", verbosity=0, database=using)
            log(f"  migrated in {time.perf_counter() - migrating:.1f} s")
        rows = _load(archive, manifest, tables, connection, path, log)
    return {"manifest": manifest, "migrated": migrated, "replaced": bool(occupied), "rows": rows,
            "tables": len(tables), "seconds": round(time.perf_counter() - started, 1)}


def database_named(connection):
    """The database as a user knows it, never with a password: 'postgresql muster' or 'sqlite /path/db'."""
    return f"{connection.vendor} {connection.settings_dict['NAME']}"


def _archive_open(path):
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BackupRefused(_("%(path)s: no such file.") % {"path": path}) from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise BackupRefused(_("%(path)s is not a Muster backup, or it is truncated or damaged (%(error)s); nothing was "
                              "changed.") % {"path": path, "error": error}) from None


def _manifest_read(archive, path):
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise BackupRefused(_("%(path)s is not a Muster backup: it holds no %(manifest)s; nothing was changed.")
                            % {"path": path, "manifest": MANIFEST}) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as error:
        raise BackupRefused(_("%(path)s is damaged: its manifest cannot be read (%(error)s); nothing was changed.")
                            % {"path": path, "error": error}) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupRefused(_("%(path)s is not a Muster backup; nothing was changed.") % {"path": path})
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupRefused(_("%(path)s is a backup of format version %(version)s, which this Muster (format "
                              "version %(ours)s) cannot read; nothing was changed.")
                            % {"path": path, "version": manifest.get("format_version"), "ours": FORMAT_VERSION})
    return manifest


def _schema_check(manifest, connection, migrated, path):
    theirs = {app: set(names) for app, names in manifest.get("migrations", {}).items()}
    ours_listed = _migrations_of_code(connection) if migrated else _migrations_applied(connection)
    ours = {app: set(names) for app, names in ours_listed.items()}
    differences = []
    for app in sorted(set(theirs) | set(ours)):
        only_theirs = sorted(theirs.get(app, set()) - ours.get(app, set()))
        only_ours = sorted(ours.get(app, set()) - theirs.get(app, set()))
        if only_theirs or only_ours:
            parts = []
            if only_theirs:
                parts.append(_("only in the backup: %s") % ", ".join(only_theirs))
            if only_ours:
                parts.append(_("only here: %s") % ", ".join(only_ours))
            differences.append(f"{app} ({'; '.join(parts)})")
    if differences:
        raise BackupRefused(
            _("%(path)s was written by Muster %(version)s with another schema than this database's: %(differences)s. "
              "Restore it with the Muster version that wrote it, then upgrade (`muster init` migrates); if this "
              "database is the one behind, run `muster init` first. Nothing was changed.")
            % {"path": path, "version": manifest.get("muster_version", "?"), "differences": "; ".join(differences)})


def _tables_match(manifest, path):
    """The backup's tables, in its order, as this installation has them; refused unless the columns agree."""
    here = {table.name: table for table in tables_included()}
    listed = [entry.get("name") for entry in manifest.get("tables", [])]
    only_backup = sorted(set(listed) - set(here))
    only_here = sorted(set(here) - set(listed))
    if only_backup or only_here:
        raise BackupRefused(_("%(path)s does not hold the tables of this installation (only in the backup: %(theirs)s; "
                              "only here: %(ours)s): another set of apps is installed. Nothing was changed.")
                            % {"path": path, "theirs": ", ".join(only_backup) or "-",
                               "ours": ", ".join(only_here) or "-"})
    tables = []
    for entry in manifest["tables"]:
        table = here[entry["name"]]
        theirs = [(column["name"], column["kind"]) for column in entry["columns"]]
        ours = [(column.name, column.kind) for column in table.columns]
        if theirs != ours:
            raise BackupRefused(_("%(path)s: table %(table)s has columns %(theirs)s in the backup and %(ours)s here. "
                                  "Nothing was changed.")
                                % {"path": path, "table": table.name, "theirs": theirs, "ours": ours})
        tables.append(table)
    return tables


def _tables_with_rows(connection, tables):
    quote = connection.ops.quote_name
    occupied = []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT 1 FROM {quote(table.name)} LIMIT 1")
            if cursor.fetchone():
                occupied.append(table.name)
    return occupied


def _member_chunks(archive, entry, path):
    """The bytes of one table's file, a megabyte at a time, then its count and checksum checked."""
    digest = hashlib.sha256()
    lines = 0
    try:
        with archive.open(entry["file"]) as stream:
            while chunk := stream.read(READ_BYTES):
                digest.update(chunk)
                lines += chunk.count(b"\n")
                yield chunk
    except KeyError:
        raise BackupRefused(_("%(path)s is damaged: it lacks %(file)s; nothing was changed.")
                            % {"path": path, "file": entry["file"]}) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise BackupRefused(_("%(path)s is damaged (%(file)s: %(error)s); nothing was changed.")
                            % {"path": path, "file": entry["file"], "error": error}) from None
    if lines != entry["rows"] or digest.hexdigest() != entry["sha256"]:
        raise BackupRefused(_("%(path)s is damaged: %(file)s does not match its manifest (%(lines)s rows where it says "
                              "%(rows)s, or another checksum); nothing was changed.")
                            % {"path": path, "file": entry["file"], "lines": f"{lines:,}",
                               "rows": f"{entry['rows']:,}"})


def _member_verify(archive, entry, path):
    for _chunk in _member_chunks(archive, entry, path):
        pass


def _rows_read(archive, entry, path):
    """The rows of one table's file, as lists (each chunk of lines parsed by one call of the JSON decoder)."""
    width = len(entry["columns"])
    rest = b""
    number = 0
    for chunk in _member_chunks(archive, entry, path):
        block, newline, rest_next = (rest + chunk).rpartition(b"\n")
        if not newline:
            rest = rest_next
            continue
        rest = rest_next
        try:
            rows = json.loads(b"[" + block.replace(b"\n", b",") + b"]")
        except ValueError:
            rows = None
        if not isinstance(rows, list) or not all(isinstance(row, list) and len(row) == width for row in rows):
            raise BackupRefused(_("%(path)s is damaged (%(file)s: a line after row %(number)s is not a row of "
                                  "%(width)s values); nothing was changed.")
                                % {"path": path, "file": entry["file"], "number": f"{number:,}", "width": width})
        number += len(rows)
        yield from rows
    if rest:
        raise BackupRefused(_("%(path)s is damaged (%(file)s ends in the middle of a row); nothing was changed.")
                            % {"path": path, "file": entry["file"]})


def _load(archive, manifest, tables, connection, path, log):
    entries = {entry["name"]: entry for entry in manifest["tables"]}
    total = 0
    present = set(connection.introspection.table_names())
    loading = None  # the table whose rows are going in: a refusal while they do may be its file's damage
    try:
        with transaction.atomic(using=connection.alias):
            # Everything goes, sessions too: a session of the old database's user 7 is not for the new user 7.
            emptied = [table.name for table in tables] + [name for name in SKIPPED if name in present]
            with connection.cursor() as cursor:
                for statement in connection.ops.sql_flush(no_style(), emptied):
                    cursor.execute(statement)
            foreign_keys = _foreign_keys_drop(connection, tables)
            for table in tables:
                table_started = time.perf_counter()
                loading = entries[table.name]
                rows = _rows_read(archive, loading, path)
                _rows_insert(connection, table, rows)
                total += entries[table.name]["rows"]
                seconds = time.perf_counter() - table_started
                log(f"  {table.name}: {entries[table.name]['rows']:,} rows ({seconds:.1f} s)")
            loading = None
            checking = time.perf_counter()
            if foreign_keys is None:
                connection.check_constraints(table_names=[table.name for table in tables])
            else:
                _foreign_keys_add(connection, foreign_keys)
            _sequences_reset(connection, tables, entries)
            log(f"  constraints checked and sequences set in {time.perf_counter() - checking:.1f} s")
            committing = time.perf_counter()
        log(f"  committed in {time.perf_counter() - committing:.1f} s")
    except BackupRefused:
        raise
    except (ValueError, TypeError, DatabaseError, connection.Database.Error) as error:
        # Rows are checked against their file's checksum as they stream, the whole file's at its end: a file damaged
        # in a way the inflater decodes gives rows the database may refuse first. Then the file is what to blame.
        if loading is not None:
            _member_verify(archive, loading, path)  # raises BackupRefused ("… is damaged …") if it is
        if isinstance(error, (ValueError, TypeError)):  # a value that is not what its column's kind says
            raise BackupRefused(_("%(path)s is damaged (a value does not fit its column: %(error)s); nothing was "
                                  "changed.") % {"path": path, "error": error}) from error
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise BackupRefused(_("The database refused the backup's rows (%(error)s); nothing was changed.")
                            % {"error": first_line}) from error
    return total


def _foreign_keys_drop(connection, tables):
    """PostgreSQL: the tables' foreign keys, dropped for the load and added back after it, in its transaction.

    A deferred foreign key queues a check per row inserted, held in the server's memory until the commit (a
    million movements: a million checks one at a time); added back, each key is checked by one join, as pg_restore
    does. None elsewhere: SQLite checks its deferred keys at the commit, or when asked (check_constraints).
    """
    if connection.vendor != "postgresql":
        return None
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                       "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
                       [[quote(table.name) for table in tables]])
        foreign_keys = cursor.fetchall()
        for table, name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
    return foreign_keys


def _foreign_keys_add(connection, foreign_keys):
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")


def _loaders(connection, table):
    """Per column: file value → what the driver is given, as Django itself would have written it."""
    postgresql = connection.vendor == "postgresql"
    utc = connection.timezone == datetime.UTC or str(connection.timezone) == "UTC"

    def datetime_sqlite(text):
        if utc and len(text) in (25, 32) and text.endswith("+00:00"):  # 2025-12-31T00:00:00[.000000]+00:00
            return text[:-6].replace("T", " ", 1)  # what Django stores: str() of the naive UTC time
        return connection.ops.adapt_datetimefield_value(datetime.datetime.fromisoformat(text))

    loaders = []
    for column in table.columns:
        kind = column.kind
        if kind == "datetime":
            loader = None if postgresql else datetime_sqlite  # PostgreSQL reads ISO 8601 with its offset
        elif kind == "duration":
            loader = (lambda micros: datetime.timedelta(microseconds=micros)) if postgresql else None
        elif kind == "uuid":
            loader = None if postgresql else (lambda text: uuid.UUID(text).hex)
        elif kind == "binary":
            loader = lambda text: base64.b64decode(text)  # noqa: E731
        elif kind == "json":
            loader = _json_loader(connection, column.field)
        elif kind == "decimal":
            loader = None  # the text Django gives either driver (SQLite's NUMERIC column converts it alike)
        elif kind == "float" and not postgresql:
            loader = float  # PostgreSQL writes NaN and Infinity as strings, and 1.0 as 1
        else:
            loader = None  # integers, floats, booleans, text, dates and times: as they are
        loaders.append(loader)
    return loaders


def _json_loader(connection, field):
    encoder = getattr(field, "encoder", None)
    if connection.vendor == "postgresql":
        return lambda value: json.dumps(value, cls=encoder)  # COPY's text for a jsonb column
    return lambda value: connection.ops.adapt_json_value(value, encoder)


def _rows_insert(connection, table, rows):
    loaders = _loaders(connection, table)
    if any(loaders):
        pairs = list(enumerate(loaders))
        converted = [(i, loader) for i, loader in pairs if loader is not None]

        def adapted():
            for row in rows:
                for i, loader in converted:
                    value = row[i]
                    if value is not None:
                        row[i] = loader(value)
                yield row

        values = adapted()
    else:
        values = rows
    quote = connection.ops.quote_name
    names = ", ".join(quote(column.name) for column in table.columns)
    if connection.vendor == "postgresql":
        copy_sql = f"COPY {quote(table.name)} ({names}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
            for row in values:
                copy.write_row(row)
    elif connection.vendor == "sqlite":
        marks = ", ".join("?" for _column in table.columns)
        connection.connection.executemany(f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})", values)
    else:
        with connection.cursor() as cursor:
            marks = ", ".join("%s" for _column in table.columns)
            sql = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})"
            batch = []
            for row in values:
                batch.append(row)
                if len(batch) == CHUNK_ROWS:
                    cursor.executemany(sql, batch)
                    batch.clear()
            if batch:
                cursor.executemany(sql, batch)


def _sequences_reset(connection, tables, entries):
    """New rows get ids above every id the backup holds, and above every id its database ever gave."""
    sequenced = [table for table in tables if table.sequenced]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [table.model for table in sequenced]):
            cursor.execute(statement)
        for table in sequenced:
            mark = entries[table.name].get("sequence")
            if not mark:
                continue
            pk = table.model._meta.pk.column
            if connection.vendor == "postgresql":
                cursor.execute(f"SELECT setval(pg_get_serial_sequence(%s, %s), %s) "
                               f"WHERE %s > (SELECT COALESCE(MAX({quote(pk)}), 0) FROM {quote(table.name)})",
                               [quote(table.name), pk, mark, mark])
            elif connection.vendor == "sqlite":
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table.name])
                cursor.execute(f"INSERT INTO sqlite_sequence (name, seq) "
                               f"SELECT %s, MAX(%s, COALESCE(MAX({quote(pk)}), 0)) FROM {quote(table.name)}",
                               [table.name, mark])



def size_text(size):
    """1,234,567 bytes → '1.2 MB'."""
    if size < 1000:
        return f"{size:,} bytes"
    for unit in ("KB", "MB", "GB"):
        size /= 1000
        if size < 1000 or unit == "GB":
            return f"{size:.1f} {unit}"


def backup_job(*, job, progress):
    """A backup as a job (core.jobs): the file, named for when it was written, for the administrator to download.

    Written to a temporary file first (backup_write replaces a file only once it is whole), then kept with the
    job in the database, where any app server can offer it."""
    name = f"muster-backup-{datetime.datetime.now(datetime.UTC):%Y%m%dT%H%M%SZ}.zip"
    with tempfile.TemporaryDirectory(prefix="muster-backup-") as folder:
        path = Path(folder) / name
        try:
            manifest = backup_write(path=path, progress=progress)
        except BackupRefused as refusal:
            raise JobFailed(str(refusal)) from None
        content = path.read_bytes()
    rows = sum(table["rows"] for table in manifest["tables"])
    return JobResult(file_name=name, content=content, content_type="application/zip",
                     message=_("%(tables)d tables, %(rows)s rows, %(size)s. The file holds personal data and every "
                               "account's keys: keep it encrypted.")
                     % {"tables": len(manifest["tables"]), "rows": f"{rows:,}", "size": size_text(len(content))})
