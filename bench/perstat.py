"""Benchmark of the PERSTAT at the design's scale: 500,000 tours and 3,000,000 duty statuses, against plain SQL.

For each database (SQLite: bench/results/perstat_bench.sqlite3, kept and reused; PostgreSQL: database
`muster_bench_perstat` at 127.0.0.1:5432, dropped at the end unless --keep) the force history of
bench/generate.py is generated (or reused), then a nominal roll over it: one person per tour, tours spread
over the contingents in proportion to their pledge and life, each with 0 to 12 duty statuses (6 on average).
A marker table, `bench_roll_dataset`, records what was generated, so a later run reuses it.

Then, for the mission with the largest roll, at its latest date and half-way through its life, timed side by
side (interleaved, median of --repeat runs after --warmup):

  * `perstat_report(mission=…, on=…)` with its three tables built: everything the page shows;
  * hand-written SQL for the same figures, through `connection.cursor()`: the roll counted by contingent,
    duty status on the date and sex; arrivals and departures on the day; tours ending within 30/60/90 days;
    the contingents with a roll; strength per contingent from the movements; the contingents' names; and
    the list of those due to rotate. The roll counts are checked against the report's; a difference is WRONG.

Target (issue 3): the PERSTAT no more than 2x the hand-written SQL. Nothing here asserts a time.

    .venv/bin/python bench/perstat.py                      # both databases (what `make bench` runs)
    .venv/bin/python bench/perstat.py --database sqlite
    .venv/bin/python bench/perstat.py --keep               # keep the PostgreSQL database for the next run
"""

import argparse
import datetime
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
SQLITE_PATH = RESULTS_DIR / "perstat_bench.sqlite3"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = "muster_bench_perstat"
MARKER_TABLE = "bench_roll_dataset"
TARGET = 2.0  # perstat_report ÷ hand-written SQL

STATUSES = (("present", 30), ("leave", 30), ("hospitalized", 12), ("wounded", 8), ("medevac", 5),
            ("killed", 1), ("missing", 1), ("repatriated", 3))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("all", "sqlite", "postgresql"), default="all")
    parser.add_argument("--tours", type=int, default=500_000)
    parser.add_argument("--statuses", type=int, default=3_000_000, help="duty-status rows (about)")
    parser.add_argument("--movements", type=int, default=200_000, help="movements of the force history")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database for the next run")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    passed = [f"--tours={args.tours}", f"--statuses={args.statuses}", f"--movements={args.movements}",
              f"--repeat={args.repeat}", f"--warmup={args.warmup}", "--child"]
    texts = []
    if args.database in ("all", "sqlite"):
        _child(f"sqlite:///{SQLITE_PATH}", passed)
        texts.append(RESULTS_DIR / "perstat_sqlite.txt")
    if args.database in ("all", "postgresql"):
        import psycopg

        try:
            admin = psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=5)
        except psycopg.OperationalError as error:
            print(f"PostgreSQL skipped: {PG_SERVER} is unreachable ({str(error).strip().splitlines()[0]}).")
        else:
            with admin:
                if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_DATABASE]).fetchone():
                    admin.execute(f"CREATE DATABASE {PG_DATABASE}")
                try:
                    _child(f"{PG_SERVER}/{PG_DATABASE}", passed)
                    texts.append(RESULTS_DIR / "perstat_postgresql.txt")
                finally:
                    if not args.keep:
                        admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
                        print(f"  dropped the database {PG_DATABASE} (pass --keep to reuse it)")
    print()
    for path in texts:
        if path.exists():
            print(path.read_text())
    return 0


def _child(database_url, passed):
    env = os.environ | {"DATABASE_URL": database_url, "MUSTER_VAR_DIR": str(RESULTS_DIR),
                        "DJANGO_SETTINGS_MODULE": "muster.settings"}
    (RESULTS_DIR / f"perstat_{database_url.split(':')[0].replace('postgres', 'postgresql')}.txt").unlink(
        missing_ok=True)
    return subprocess.call([sys.executable, __file__, *passed], env=env)


# =================================================================================================
# The child: one database.
# =================================================================================================

def child_main(args):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    generate = _generate()
    call_command("migrate", verbosity=0)
    print(f"== {connection.vendor}", flush=True)
    generate.dataset_ensure(seed=1, size=generate.Size(movements=args.movements), log=lambda m: print(m, flush=True))
    roll_ensure(tours=args.tours, statuses=args.statuses)
    mission, cases = _cases()
    lines = [f"PERSTAT on {connection.vendor}: {_count('force_tour'):,} tours, {_count('force_dutystatus'):,} duty "
             f"statuses, {_count('force_movement'):,} movements; median of {args.repeat} runs, ms",
             f"{'case':34} {'tours on roll':>13} {'perstat':>9} {'SQL':>9} {'ratio':>6}"]
    worst = 0
    for label, on in cases:
        result = _measure(mission, on, repeat=args.repeat, warmup=args.warmup)
        ratio = result["perstat"] / result["sql"]
        worst = max(worst, ratio)
        lines.append(f"{mission.code + ' ' + on.isoformat() + ' (' + label + ')':34} {result['on_roll']:13,} "
                     f"{result['perstat']:9.1f} {result['sql']:9.1f} {ratio:5.2f}x"
                     + ("" if result["same"] else "  WRONG: figures differ from the SQL"))
    verdict = "met" if worst <= TARGET else "MISSED"
    lines.append(f"worst perstat ÷ SQL = {worst:.2f}x (target ≤ {TARGET:.0f}x: {verdict})")
    text = "\n".join(lines)
    print(text, flush=True)
    (RESULTS_DIR / f"perstat_{connection.vendor}.txt").write_text(text + "\n")
    return 0


def _generate():
    """bench/generate.py, the force history's generator (a sibling script, not a package)."""
    if str(BENCH_DIR) not in sys.path:
        sys.path.insert(0, str(BENCH_DIR))
    import generate

    return generate


def _count(table):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        return cursor.fetchone()[0]


# --- the roll: generated once, marked, reused ----------------------------------------------------

def roll_ensure(*, tours, statuses, seed=1):
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        if MARKER_TABLE in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT tours, statuses, seconds FROM {MARKER_TABLE}")
            row = cursor.fetchone()
            if row and row[0] == tours and abs(row[1] - statuses) < statuses * 0.01:
                print(f"  reusing the generated roll ({row[0]:,} tours, {row[1]:,} duty statuses, made in "
                      f"{row[2]:.0f} s)", flush=True)
                return
    started = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            for table in ("logistics_posting", "force_dutystatus", "force_tour", "force_person"):
                cursor.execute(f"DELETE FROM {table}")
        made = _roll_generate(connection, random.Random(seed), tours=tours, statuses=statuses)
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (tours integer, statuses integer, "
                           "seconds double precision)")
            cursor.execute(f"DELETE FROM {MARKER_TABLE}")
            cursor.execute(f"INSERT INTO {MARKER_TABLE} VALUES (%s, %s, %s)",
                           [tours, made, time.perf_counter() - started])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("force_person", "force_tour", "force_dutystatus"):
                cursor.execute(f"VACUUM ANALYZE {table}")
            for table in ("force_person", "force_tour"):  # the keys were given; the sequences must follow
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
    print(f"  roll generated in {time.perf_counter() - started:.0f} s ({tours:,} tours, {made:,} duty statuses)",
          flush=True)


def _roll_generate(connection, rng, *, tours, statuses):
    from muster.force.models import Contingent, add_months

    TODAY, _apportion = _generate().TODAY, _generate()._apportion  # noqa: N806

    contingents = list(Contingent.objects.select_related("mission").order_by("pk"))
    first = {c.pk: c.mission.start.toordinal() for c in contingents}
    last = {c.pk: (c.mission.end or TODAY).toordinal() for c in contingents}
    weights = [(c.pledged_strength or 10) * (last[c.pk] - first[c.pk] + 1) for c in contingents]
    stamp = connection.ops.adapt_datetimefield_value(datetime.datetime(2025, 12, 31, tzinfo=datetime.UTC))
    per_status = statuses / tours
    names = [s for s, _ in STATUSES]
    cumulative = []
    for _, weight in STATUSES:
        cumulative.append((cumulative[-1] if cumulative else 0) + weight)
    people, tour_rows, status_rows = [], [], []
    tour_id = 0
    for contingent, n in zip(contingents, _apportion(tours, weights, minimum=1), strict=True):
        months = contingent.mission.tour_length_months
        for _ in range(n):
            tour_id += 1
            arrival = datetime.date.fromordinal(rng.randint(first[contingent.pk], last[contingent.pk]))
            planned_end = add_months(arrival, months)
            departure = planned_end if planned_end.toordinal() < last[contingent.pk] else None
            reason = "end_of_tour" if departure else ""
            people.append((tour_id, stamp, stamp, 1, contingent.country_id, f"B{tour_id:07d}",
                           f"Officer {tour_id:07d}", "Sample", "Constable", "OR-3",
                           "female" if rng.random() < 0.12 else "male", None, "", ""))
            tour_rows.append((tour_id, stamp, stamp, 1, tour_id, contingent.pk, arrival.isoformat(),
                              planned_end.isoformat(), departure.isoformat() if departure else None, reason))
            span = ((departure or planned_end) - arrival).days
            count = min(span, rng.randint(0, round(2 * per_status)))
            for day in sorted(rng.sample(range(span), count)) if count else ():
                status = rng.choices(names, cum_weights=cumulative)[0]
                status_rows.append((stamp, stamp, 1, tour_id, (arrival + datetime.timedelta(days=day)).isoformat(),
                                    status, ""))
    _insert(connection, "force_person", ["id", "created", "last_updated", "version", "country_id", "service_number",
                                         "family_name", "given_names", "rank", "grade", "sex", "date_of_birth",
                                         "specialty", "languages"], people)
    _insert(connection, "force_tour", ["id", "created", "last_updated", "version", "person_id", "contingent_id",
                                       "arrival", "planned_end", "departure", "departure_reason"], tour_rows)
    _insert(connection, "force_dutystatus", ["created", "last_updated", "version", "tour_id", "since", "status",
                                             "reason"], status_rows)
    return len(status_rows)


def _insert(connection, table, columns, rows):
    """executemany on SQLite, COPY on PostgreSQL (as bench/generate.py inserts movements)."""
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        connection.ensure_connection()
        marks = ", ".join("?" for _ in columns)
        connection.connection.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", rows)


# --- the cases and the measurement ---------------------------------------------------------------

def _cases():
    """The mission with the most tours; its latest date (today if it runs) and half-way through its life."""
    from django.db.models import Count

    from muster.missions.models import Mission

    TODAY = _generate().TODAY  # noqa: N806

    mission = Mission.objects.annotate(n=Count("contingents__tours")).order_by("-n").first()
    end = min(mission.end or TODAY, TODAY) - datetime.timedelta(days=30)
    return mission, [("latest", end), ("half-way", mission.start + (end - mission.start) / 2)]


def _sql(on, mission_id):
    """The hand-written SQL: (query, params) for each figure of the PERSTAT."""
    from django.db import connection

    from muster.force.models import Movement

    day = connection.ops.adapt_datefield_value
    previous = on - datetime.timedelta(days=1)
    outward = ", ".join(f"'{kind}'" for kind in Movement.OUTWARD)
    on_roll = "t.arrival <= %s AND (t.departure IS NULL OR t.departure > %s)"
    horizon = [day(on + datetime.timedelta(days=d)) for d in (30, 60, 90)]
    return {
        "roll by contingent, status, sex": (f"""
            SELECT t.contingent_id,
                   COALESCE((SELECT d.status FROM force_dutystatus d WHERE d.tour_id = t.id AND d.since <= %s
                              ORDER BY d.since DESC LIMIT 1), 'present') AS status,
                   p.sex, COUNT(*)
              FROM force_tour t JOIN force_contingent c ON c.id = t.contingent_id
              JOIN force_person p ON p.id = t.person_id
             WHERE c.mission_id = %s AND {on_roll}
             GROUP BY 1, 2, 3""", [day(on), mission_id, day(on), day(on)]),
        "arrivals and departures": ("""
            SELECT t.contingent_id,
                   SUM(CASE WHEN t.arrival > %s AND t.arrival <= %s THEN 1 ELSE 0 END),
                   SUM(CASE WHEN t.departure > %s AND t.departure <= %s THEN 1 ELSE 0 END)
              FROM force_tour t JOIN force_contingent c ON c.id = t.contingent_id
             WHERE c.mission_id = %s
               AND ((t.arrival > %s AND t.arrival <= %s) OR (t.departure > %s AND t.departure <= %s))
             GROUP BY 1""", [day(previous), day(on)] * 2 + [mission_id] + [day(previous), day(on)] * 2),
        "rotation due": (f"""
            SELECT t.contingent_id, SUM(CASE WHEN t.planned_end <= %s THEN 1 ELSE 0 END),
                   SUM(CASE WHEN t.planned_end <= %s THEN 1 ELSE 0 END), COUNT(*)
              FROM force_tour t JOIN force_contingent c ON c.id = t.contingent_id
             WHERE c.mission_id = %s AND {on_roll} AND t.planned_end <= %s
             GROUP BY 1""", [horizon[0], horizon[1], mission_id, day(on), day(on), horizon[2]]),
        "contingents with a roll": ("""
            SELECT DISTINCT t.contingent_id FROM force_tour t JOIN force_contingent c ON c.id = t.contingent_id
             WHERE c.mission_id = %s""", [mission_id]),
        "strength from movements": (f"""
            SELECT m.contingent_id, SUM(CASE WHEN m.kind IN ({outward}) THEN -m.count ELSE m.count END)
              FROM force_movement m JOIN force_contingent c ON c.id = m.contingent_id
             WHERE c.mission_id = %s AND m.date <= %s GROUP BY 1""", [mission_id, day(on)]),
        "contingents": ("""
            SELECT c.id, country.name, c.category FROM force_contingent c
              JOIN missions_country country ON country.iso3 = c.country_id WHERE c.mission_id = %s""",
                        [mission_id]),
        "rotation list (names)": (f"""
            SELECT t.planned_end, p.service_number, p.rank, p.family_name, p.given_names, c.country_id, t.arrival
              FROM force_tour t JOIN force_contingent c ON c.id = t.contingent_id
              JOIN force_person p ON p.id = t.person_id
             WHERE c.mission_id = %s AND {on_roll} AND t.planned_end <= %s
             ORDER BY t.planned_end, t.id""", [mission_id, day(on), day(on), horizon[2]]),
    }


def _sql_all(queries):
    from django.db import connection

    results = {}
    with connection.cursor() as cursor:
        for name, (sql, params) in queries.items():
            cursor.execute(sql, params)
            results[name] = cursor.fetchall()
    return results


def _perstat(mission, on):
    from muster.reports.perstat import perstat_report, perstat_rotation_table, perstat_shares_table, perstat_table

    report = perstat_report(mission=mission, on=on)
    perstat_table(report)
    perstat_shares_table(report)
    perstat_rotation_table(report)
    return report


def _measure(mission, on, *, repeat, warmup):
    queries = _sql(on, mission.pk)
    report = _perstat(mission, on)
    from_sql = {}
    for contingent, status, _sex, n in _sql_all(queries)["roll by contingent, status, sex"]:
        from_sql[(contingent, status)] = from_sql.get((contingent, status), 0) + n
    from_report = {(s.contingent.pk, status): n for s in report.contingents for status, n in s.by_status.items() if n}
    runs = {"perstat": lambda: _perstat(mission, on), "sql": lambda: _sql_all(queries)}
    for _ in range(warmup):
        for run in runs.values():
            run()
    timings = {name: [] for name in runs}
    for i in range(repeat):
        for name in list(runs)[i % 2:] + list(runs)[:i % 2]:  # alternate which goes first
            started = time.perf_counter_ns()
            runs[name]()
            timings[name].append(time.perf_counter_ns() - started)
    return {"on_roll": sum(from_sql.values()), "same": from_sql == from_report,
            **{name: statistics.median(values) / 1e6 for name, values in timings.items()}}


if __name__ == "__main__":
    sys.exit(main())
