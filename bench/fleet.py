"""Fleet readiness at scale: `fleet_readiness` against a hand-written SQL aggregate, on SQLite and PostgreSQL.

50,000 vehicles in 100 missions with 1,000,000 status rows (20 per vehicle over ten years, inserted in date
order so one vehicle's rows are scattered over the table as in production). For one mission and one date, and
for every mission at once, it times the selector (the ORM query, built in Python each time) and the SQL a
careful engineer would write by hand, side by side in one run (alternating, after warm-up), checks that both
give the same figures, and prints the ratio. Target (issue 5): the selector within 1.5× of the SQL.

    .venv/bin/python bench/fleet.py [--vehicles 50000] [--statuses 1000000] [--repeat 15] [--keep] [--fresh]

SQLite lives in bench/results/fleet_bench.sqlite3; PostgreSQL in a scratch database `muster_bench_fleet` on
127.0.0.1:5432 (user postgres), dropped at the end unless --keep. Bulk inserts follow bench/generate.py:
executemany on SQLite, COPY on PostgreSQL, no change log. Not part of `make test`.
"""

import argparse
import datetime
import random
import statistics
import sys
import time
from pathlib import Path

import bench_databases as databases

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results"
SQLITE_PATH = RESULTS / "fleet_bench.sqlite3"
PG_DATABASE = "muster_bench_fleet"
MISSIONS = 100
STATUSES = ["operational", "maintenance", "nmc", "written_off"]
FIRST_DAY = datetime.date(2015, 1, 1)
ON = datetime.date(2024, 6, 30)
TARGET = 1.5

# Two aggregates a careful engineer would write by hand; the selector is compared with the faster of the two.
HAND_SQL = {
    # Each vehicle's latest status on or before the date, found by its maximum date and joined back.
    "max": """
SELECT SUM(CASE WHEN s.status <> 'written_off' THEN 1 ELSE 0 END),
       SUM(CASE WHEN s.status = 'operational' THEN 1 ELSE 0 END)
FROM {vehicle} v
JOIN {status} s ON s.vehicle_id = v.id
WHERE {where}
  AND s.since = (SELECT MAX(s2.since) FROM {status} s2 WHERE s2.vehicle_id = v.id AND s2.since <= %s)
""",
    # The latest status read directly from the (vehicle, since, status) index, newest first.
    "latest": """
SELECT SUM(CASE WHEN x.status <> 'written_off' THEN 1 ELSE 0 END),
       SUM(CASE WHEN x.status = 'operational' THEN 1 ELSE 0 END)
FROM (SELECT (SELECT s.status FROM {status} s WHERE s.vehicle_id = v.id AND s.since <= %s
              ORDER BY s.since DESC LIMIT 1) AS status
      FROM {vehicle} v WHERE {where}) x
""",
}


def django_setup():
    databases.django_setup(sqlite_path=SQLITE_PATH, pg_database=PG_DATABASE, var_dir=RESULTS / "var")


def pg_database(action):
    databases.pg_database_ensure(PG_DATABASE, action)


def dataset_ensure(alias, *, vehicles, statuses, seed=1):
    """Fill `alias` with the fleet once; reuse it when the counts already match."""
    from django.db import connections

    from muster.logistics.models import Vehicle, VehicleStatus
    from muster.missions.models import Mission

    if (Vehicle.objects.using(alias).count() == vehicles
            and VehicleStatus.objects.using(alias).count() == statuses):
        return 0.0
    started = time.perf_counter()
    VehicleStatus.objects.using(alias).all()._raw_delete(alias)
    Vehicle.objects.using(alias).all()._raw_delete(alias)
    Mission.objects.using(alias).filter(code__startswith="BENCH").delete()
    Mission.objects.using(alias).bulk_create([
        Mission(code=f"BENCH{i:03}", name=f"Bench mission {i}", start=FIRST_DAY) for i in range(MISSIONS)])
    mission_ids = list(Mission.objects.using(alias).filter(code__startswith="BENCH").order_by("code")
                       .values_list("pk", flat=True))
    rng = random.Random(seed)
    connection = connections[alias]
    stamp = connection.ops.adapt_datetimefield_value(datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    types = ["armoured", "mrap", "patrol", "pickup", "ambulance", "truck"]
    vehicle_rows = [(mission_ids[i % MISSIONS], f"V{i:06}", rng.choice(types), "", "", stamp, stamp, 1)
                    for i in range(vehicles)]
    _insert(connection, Vehicle._meta.db_table,
            ["mission_id", "registration", "type", "make_model", "notes", "created", "last_updated", "version"],
            vehicle_rows)
    first_id = Vehicle.objects.using(alias).order_by("pk").values_list("pk", flat=True).first()
    per_vehicle = statuses // vehicles
    span = (datetime.date(2025, 12, 31) - FIRST_DAY).days
    status_rows = []
    for offset in range(vehicles):
        days = sorted(rng.sample(range(span), per_vehicle))
        for n, day in enumerate(days):
            status = "operational" if n == 0 else rng.choices(STATUSES, weights=[60, 20, 18, 2])[0]
            status_rows.append((day, first_id + offset, status))
    status_rows.sort()  # recorded over the years: one vehicle's rows scattered over the table
    iso = {}
    _insert(connection, VehicleStatus._meta.db_table,
            ["vehicle_id", "since", "status", "note", "created", "last_updated", "version"],
            ((vid, iso.get(day) or iso.setdefault(day, (FIRST_DAY + datetime.timedelta(days=day)).isoformat()),
              status, "", stamp, stamp, 1) for day, vid, status in status_rows))
    with connection.cursor() as cursor:
        # PostgreSQL: VACUUM as autovacuum would soon after a load, so that the visibility map lets the covering
        # index answer alone (an index-only scan); both databases get fresh statistics.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return time.perf_counter() - started


def _insert(connection, table, columns, rows):
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        connection.ensure_connection()
        marks = ", ".join("?" for _ in columns)
        with connection.connection:
            connection.connection.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", rows)


def measure(alias, *, label, mission_id, repeat, warmup):
    from django.db import connections

    from muster.logistics.models import Vehicle, VehicleStatus
    from muster.logistics.selectors import fleet_readiness

    connection = connections[alias]
    where = "v.mission_id = %s" if mission_id else "1 = 1"
    tables = {"vehicle": Vehicle._meta.db_table, "status": VehicleStatus._meta.db_table, "where": where}
    on = connection.ops.adapt_datefield_value(ON)
    shapes = {"max": (HAND_SQL["max"].format(**tables), ([mission_id] if mission_id else []) + [on]),
              "latest": (HAND_SQL["latest"].format(**tables), [on] + ([mission_id] if mission_id else []))}

    def orm():
        vehicles = Vehicle.objects.using(alias)
        vehicles = vehicles.filter(mission_id=mission_id) if mission_id else vehicles
        row = fleet_readiness(vehicles=vehicles, on=ON)[0]
        return row.fleet, row.ready

    def hand(shape):
        def run():
            sql, params = shapes[shape]
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                fleet, ready = cursor.fetchone()
            return fleet or 0, ready or 0
        return run

    # The selector's own SQL, run alone: how much of its time is the database's and how much Django's.
    vehicles = Vehicle.objects.using(alias)
    vehicles = vehicles.filter(mission_id=mission_id) if mission_id else vehicles
    orm_sql, orm_params = _aggregate_sql(vehicles, ON, alias)

    def orm_sql_alone():
        with connection.cursor() as cursor:
            cursor.execute(orm_sql, orm_params)
            return tuple(cursor.fetchone())

    timings = {"orm": [], "max": [], "latest": [], "orm_sql": []}
    results = {}
    for n in range(warmup + repeat):
        order = (("orm", orm), ("max", hand("max")), ("latest", hand("latest")), ("orm_sql", orm_sql_alone))
        for name, function in order if n % 2 else tuple(reversed(order)):
            started = time.perf_counter()
            result = function()
            elapsed = (time.perf_counter() - started) * 1000
            if n >= warmup:
                timings[name].append(elapsed)
            results[name] = result
    for shape in ("max", "latest"):
        if results[shape] != results["orm"]:
            raise SystemExit(f"{alias} {label}: the selector gives {results['orm']}, the SQL ({shape}) "
                             f"{results[shape]}")
    ms = {name: statistics.median(values) for name, values in timings.items()}
    best = min(("max", "latest"), key=ms.get)
    return {"label": label, "orm": ms["orm"], "sql": ms[best], "best": best, "max": ms["max"],
            "latest": ms["latest"], "ratio": ms["orm"] / ms[best], "result": results["orm"], "orm_sql": ms["orm_sql"]}


def _aggregate_sql(vehicles, on, alias):
    """The SQL and parameters `fleet_readiness(vehicles=…, on=…)` sends, captured from one run."""
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    from muster.logistics.selectors import fleet_readiness

    with CaptureQueriesContext(connections[alias]) as captured:
        fleet_readiness(vehicles=vehicles, on=on)
    sql = captured.captured_queries[-1]["sql"]
    return sql, None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vehicles", type=int, default=50_000)
    parser.add_argument("--statuses", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database for the next run")
    parser.add_argument("--fresh", action="store_true", help="delete the SQLite file and regenerate")
    args = parser.parse_args(argv)
    RESULTS.mkdir(exist_ok=True)
    if args.fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    sys.path.insert(0, str(ROOT.parent / "src"))
    django_setup()
    from django.core.management import call_command
    from django.db import connections

    aliases = ["default"]
    try:
        pg_database("create")
        aliases.append("pg")
    except Exception as error:  # the benchmark still runs on SQLite alone, and says why
        print(f"PostgreSQL skipped: {str(error).strip().splitlines()[0]}")
    results = []
    try:
        for alias in aliases:
            call_command("migrate", database=alias, verbosity=0)
            seconds = dataset_ensure(alias, vehicles=args.vehicles, statuses=args.statuses)
            name = "SQLite" if alias == "default" else "PostgreSQL"
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT sqlite_version()" if alias == "default" else "SHOW server_version")
                version = cursor.fetchone()[0]
            print(f"{name}: {args.vehicles:,} vehicles, {args.statuses:,} statuses"
                  + (f" (generated in {seconds:.0f} s)" if seconds else " (reused)") + f" [{version}]", flush=True)
            from muster.missions.models import Mission

            mission_id = Mission.objects.using(alias).filter(code="BENCH042").values_list("pk", flat=True).get()
            for label, mid in ((f"one mission ({args.vehicles // MISSIONS:,} vehicles)", mission_id),
                               (f"every mission ({args.vehicles:,} vehicles)", None)):
                results.append((name, measure(alias, label=label, mission_id=mid, repeat=args.repeat,
                                              warmup=args.warmup)))
    finally:
        connections.close_all()
        if "pg" in aliases and not args.keep:
            pg_database("drop")
    print(f"\nReadiness on {ON}, median of {args.repeat} runs after {args.warmup} warm-up, selector and SQL "
          "alternating in one run. ratio = selector (ORM, built each time) ÷ hand-written SQL.")
    print("'its SQL' = the selector's own SQL run alone (the database's share of the selector's time); hand SQL: "
          "'max' joins each vehicle's MAX(since), 'latest' reads the newest status per vehicle; the ratio is against "
          "the faster of the two.")
    print(f"{'database':<12}{'case':<34}{'selector':>9}{'its SQL':>9}{'max':>9}{'latest':>9}{'ratio':>8}  target  "
          "result  figures")
    for name, r in results:
        verdict = "PASS" if r["ratio"] <= TARGET else "FAIL"
        print(f"{name:<12}{r['label']:<34}{r['orm']:>9.2f}{r['orm_sql']:>9.2f}{r['max']:>9.2f}{r['latest']:>9.2f}"
              f"{r['ratio']:>7.2f}×  ≤ {TARGET}   {verdict:<6}  {r['result'][1]:,} of {r['result'][0]:,} ready")
    print("(all times in ms, medians)")


if __name__ == "__main__":
    sys.exit(main())
