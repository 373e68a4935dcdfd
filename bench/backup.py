"""Backup and restore at field scale: `muster backup` / `muster restore` beside `pg_dump -Fc` / `pg_restore`.

On the synthetic history of bench/generate.py (100 missions, 5,000 contingents, 1,000,000 movements) in a
PostgreSQL database, measured side by side in one run (wall time of each command as a user runs it, Python's start
included; --repeat runs alternating which goes first, median):

  * backup: `muster backup FILE` and `pg_dump -Fc -f FILE` of the same database;
  * restore: each file into a new, empty database: `muster restore FILE` (which migrates it first, then loads
    with COPY in one transaction) and `pg_restore -d DATABASE FILE` (one job);
  * the two files' sizes;
  * the move the backups are for: `muster backup` of the same history in SQLite (bench/results/muster_bench.sqlite3,
    shared with run.py) and `muster restore` of that file into a new PostgreSQL database (skip with --no-move).

Every restored database is checked against its source: the same number of rows in every table the backup holds,
and on PostgreSQL the same MD5 of the movement, contingent and mission tables' rows as PostgreSQL prints them.
A difference is printed as WRONG and makes the exit status 1. Nothing here asserts a time.

    .venv/bin/python bench/backup.py                 # what `make bench` runs
    .venv/bin/python bench/backup.py --keep          # keep the source database muster_bench_backup for next time
    .venv/bin/python bench/backup.py --repeat 3 --no-move
"""

import argparse
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
SQLITE_PATH = RESULTS_DIR / "muster_bench.sqlite3"  # the file run.py generates and keeps
PG_HOST, PG_PORT, PG_USER = "127.0.0.1", "5432", "postgres"
PG_SERVER = f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}"
SOURCE_DATABASE = "muster_bench_backup"
SCRATCH_PREFIX = "muster_bench_restore_"
MUSTER = Path(sys.executable).with_name("muster")
# Tables compared row for row (MD5 of their rows as PostgreSQL prints them, in id order) after each restore.
FINGERPRINTED = ("force_movement", "force_contingent", "missions_mission")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--movements", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each command (median)")
    parser.add_argument("--keep", action="store_true", help=f"keep the database {SOURCE_DATABASE} for the next run")
    parser.add_argument("--no-move", dest="move", action="store_false",
                        help="skip the SQLite backup and its restore into PostgreSQL")
    args = parser.parse_args(argv)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    admin = psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True)
    wrong = []
    try:
        with tempfile.TemporaryDirectory(prefix="muster-bench-backup-") as folder:
            report = _run(args, admin, Path(folder), wrong)
    finally:
        for (name,) in admin.execute("SELECT datname FROM pg_database WHERE datname LIKE %s",
                                     [SCRATCH_PREFIX + "%"]).fetchall():
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if args.keep:
            print(f"  kept the database {SOURCE_DATABASE} for the next run", flush=True)
        else:
            admin.execute(f"DROP DATABASE IF EXISTS {SOURCE_DATABASE} WITH (FORCE)")
            print(f"  dropped the database {SOURCE_DATABASE} (pass --keep to reuse it)", flush=True)
        admin.close()
    text = "\n".join([*report, *(f"WRONG: {problem}" for problem in wrong)])
    print("\n" + text)
    (RESULTS_DIR / "backup-latest.txt").write_text(text + "\n")
    return 1 if wrong else 0


def _run(args, admin, folder, wrong):
    if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [SOURCE_DATABASE]).fetchone():
        admin.execute(f"CREATE DATABASE {SOURCE_DATABASE}")
    print(f"PostgreSQL {SOURCE_DATABASE}: generating (or reusing) the bench data…", flush=True)
    _generate(f"{PG_SERVER}/{SOURCE_DATABASE}", folder, args)
    source_counts = _pg_counts(SOURCE_DATABASE)
    source_prints = _pg_fingerprints(SOURCE_DATABASE)
    mine, theirs = folder / "muster.zip", folder / "pg_dump.dump"
    times = {"muster backup": [], "pg_dump": [], "muster restore": [], "pg_restore": [], "migrating": []}
    for run in range(args.repeat):
        backups = [("muster backup", [MUSTER, "backup", mine], f"{PG_SERVER}/{SOURCE_DATABASE}"),
                   ("pg_dump", ["pg_dump", "-h", PG_HOST, "-p", PG_PORT, "-U", PG_USER, "-Fc", "-f", theirs,
                                SOURCE_DATABASE], None)]
        for name, command, url in backups[:: 1 if run % 2 == 0 else -1]:
            print(f"  {name}…", flush=True)
            times[name].append(_timed(command, folder, url)[0])
        restores = [("muster restore", "muster"), ("pg_restore", "pg")]
        for name, kind in restores[:: 1 if run % 2 == 0 else -1]:
            target = f"{SCRATCH_PREFIX}{kind}"
            admin.execute(f"DROP DATABASE IF EXISTS {target} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {target}")
            print(f"  {name}…", flush=True)
            if kind == "muster":
                seconds, output = _timed([MUSTER, "restore", "-v2", mine], folder, f"{PG_SERVER}/{target}")
                times["migrating"].append(_phase(output, "migrated in"))
            else:
                seconds, _output = _timed(["pg_restore", "-h", PG_HOST, "-p", PG_PORT, "-U", PG_USER, "-d", target,
                                           theirs], folder, None)
            times[name].append(seconds)
            _compare(f"{name} (run {run + 1})", source_counts, source_prints, target, wrong)
            admin.execute(f"DROP DATABASE {target} WITH (FORCE)")
    median = {name: statistics.median(values) for name, values in times.items()}
    size_mine, size_theirs = mine.stat().st_size, theirs.stat().st_size
    version = admin.execute("SHOW server_version").fetchone()[0].split()[0]
    rows = sum(source_counts.values())
    report = [
        f"Backup and restore of {rows:,} rows ({source_counts['force_movement']:,} movements) in PostgreSQL "
        f"{version}; wall time in seconds, median of {args.repeat} run(s)",
        "",
        f"{'':28}{'muster':>10}{'pg_dump/pg_restore':>21}{'ratio':>8}",
        f"{'backup (s)':28}{median['muster backup']:>10.1f}{median['pg_dump']:>21.1f}"
        f"{median['muster backup'] / median['pg_dump']:>8.1f}",
        f"{'restore (s)':28}{median['muster restore']:>10.1f}{median['pg_restore']:>21.1f}"
        f"{median['muster restore'] / median['pg_restore']:>8.1f}",
        f"{'  of which migrating (s)':28}{median['migrating']:>10.1f}",
        f"{'file (MB)':28}{size_mine / 1e6:>10.1f}{size_theirs / 1e6:>21.1f}{size_mine / size_theirs:>8.2f}",
    ]
    if args.move:
        report += ["", *_move(args, admin, folder, source_counts, source_prints, wrong)]
    return report


def _move(args, admin, folder, pg_counts, pg_prints, wrong):
    """SQLite → PostgreSQL at field scale: `muster backup` of the SQLite file, `muster restore` into PostgreSQL."""
    url = f"sqlite:///{SQLITE_PATH}"
    print(f"SQLite {SQLITE_PATH.name}: generating (or reusing) the bench data…", flush=True)
    _generate(url, folder, args)
    moved = folder / "from-sqlite.zip"
    print("  muster backup of SQLite…", flush=True)
    backup_seconds, _output = _timed([MUSTER, "backup", moved], folder, url)
    target = f"{SCRATCH_PREFIX}moved"
    admin.execute(f"DROP DATABASE IF EXISTS {target} WITH (FORCE)")
    admin.execute(f"CREATE DATABASE {target}")
    print("  muster restore into PostgreSQL…", flush=True)
    restore_seconds, output = _timed([MUSTER, "restore", "-v2", moved], folder, f"{PG_SERVER}/{target}")
    counts = _sqlite_counts()
    moved_counts = _pg_counts(target)
    if moved_counts != counts:
        wrong.append(f"the move: row counts differ from the SQLite source: {_differences(counts, moved_counts)}")
    # The generator is deterministic: the same seed gives the same movements in either database.
    moved_prints = _pg_fingerprints(target)
    if moved_prints["force_movement"] != pg_prints["force_movement"]:
        wrong.append("the move: force_movement differs from the same history generated in PostgreSQL")
    admin.execute(f"DROP DATABASE {target} WITH (FORCE)")
    return [
        f"The move, SQLite → PostgreSQL ({counts['force_movement']:,} movements, one run):",
        f"  muster backup of SQLite          {backup_seconds:>6.1f} s   {moved.stat().st_size / 1e6:.1f} MB",
        f"  muster restore into PostgreSQL   {restore_seconds:>6.1f} s   "
        f"(of which migrating {_phase(output, 'migrated in'):.1f} s)",
    ]


def _generate(url, folder, args):
    environment = os.environ | {"DATABASE_URL": url, "MUSTER_VAR_DIR": str(folder / "var"),
                                "DJANGO_SETTINGS_MODULE": "muster.settings"}
    subprocess.run([sys.executable, BENCH_DIR / "generate.py", f"--seed={args.seed}",
                    f"--movements={args.movements}"], env=environment, check=True)


def _timed(command, folder, database_url):
    environment = os.environ | {"MUSTER_VAR_DIR": str(folder / "var"), "DJANGO_SETTINGS_MODULE": "muster.settings"}
    if database_url:
        environment["DATABASE_URL"] = database_url
    started = time.perf_counter()
    completed = subprocess.run([str(part) for part in command], env=environment, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"{command[0]} failed ({completed.returncode}): {completed.stderr.strip()}")
    return seconds, completed.stdout


def _phase(output, words):
    match = re.search(rf"{words} ([0-9.]+) s", output)
    return float(match[1]) if match else float("nan")


def _tables_of_backup():
    """The tables a Muster backup holds, from the models (not bench_dataset, not the sessions)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "muster.settings")
    os.environ.setdefault("MUSTER_VAR_DIR", str(RESULTS_DIR / "var"))
    import django

    django.setup()
    from muster.core.backup import tables_included

    return [table.name for table in tables_included()]


def _pg_counts(database):
    with psycopg.connect(f"{PG_SERVER}/{database}") as connection:
        return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
                for name in _tables_of_backup()}


def _sqlite_counts():
    with sqlite3.connect(SQLITE_PATH) as connection:
        return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
                for name in _tables_of_backup()}


def _pg_fingerprints(database):
    with psycopg.connect(f"{PG_SERVER}/{database}") as connection:
        return {name: connection.execute(f'SELECT md5(string_agg(t::text, E\'\\n\' ORDER BY t.id)) FROM "{name}" t')
                .fetchone()[0] for name in FINGERPRINTED}


def _compare(what, counts, prints, database, wrong):
    got = _pg_counts(database)
    if got != counts:
        wrong.append(f"{what}: row counts differ: {_differences(counts, got)}")
    got_prints = _pg_fingerprints(database)
    for name in FINGERPRINTED:
        if got_prints[name] != prints[name]:
            wrong.append(f"{what}: the rows of {name} differ from the source's")


def _differences(expected, got):
    return ", ".join(f"{name} {expected.get(name)} → {got.get(name)}" for name in sorted(set(expected) | set(got))
                     if expected.get(name) != got.get(name))


if __name__ == "__main__":
    sys.exit(main())
