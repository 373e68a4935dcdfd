"""The commune map's aggregation at scale: `incidents_by_commune` against hand-written SQL, on SQLite and PostgreSQL.

1,000,000 incidents over 100 missions, as every mission in the field might record in 20 years (2006–2025), with
their tolls (about 0.8 a row), in communes of 20 departments, inserted in date order so that one mission's rows are
scattered over the table as in production; missions differ in size as in the field (the largest about an eighth of all).
For one mission and one quarter it times the selector as the page calls it (the mission, loaded by the page before,
and its filters given as values; the reader's scope kept with their grants; its SQL compiled by the ORM once per
filter shape and scope, the mission and the period bound at each call; the rows made) and the SQL a careful engineer
would write by hand, in two shapes, side by side in one run (alternating, after warm-up), checks that all give the
same figures, and prints the ratio. Cases: the largest and a middle-sized mission, each as the administrator (every
incident) and as a liaison (those shareable with contributing countries or public).
Target (issue 13): the selector within 1.5× of the faster hand-written SQL, on both databases.

    .venv/bin/python bench/incidents.py [--incidents 1000000] [--repeat 15] [--keep] [--fresh]

SQLite lives in bench/results/incidents_bench.sqlite3 (kept and reused); PostgreSQL in a scratch database
`muster_bench_incidents` on 127.0.0.1:5432 (user postgres), dropped at the end unless --keep, skipped with a message
when the server cannot be reached. Bulk inserts as bench/generate.py and bench/fleet.py do: executemany on SQLite,
COPY on PostgreSQL, no change log. Not part of `make test`.
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
SQLITE_PATH = RESULTS / "incidents_bench.sqlite3"
PG_DATABASE = "muster_bench_incidents"
MISSIONS = 100
DEPARTMENTS, COMMUNES_PER_DEPARTMENT = 20, 10
ACTORS = 400
FIRST_DAY, LAST_DAY = datetime.date(2006, 1, 1), datetime.date(2025, 12, 31)
QUARTER = (datetime.date(2024, 4, 1), datetime.date(2024, 6, 30))
TARGET = 1.5
SHAREABLE = ("shareable", "public")

# Two aggregates a careful engineer would write by hand; the selector is compared with the faster of the two.
HAND_SQL = {
    # The incidents of the period joined to their killed tolls; an incident with several (civilians and police
    # killed) counted once.
    "joined": """
SELECT i.adm1_id, i.adm2_id, COUNT(DISTINCT i.id), COALESCE(SUM(t.count), 0)
FROM {incident} i LEFT JOIN {toll} t ON t.incident_id = i.id AND t.outcome = 'killed'
WHERE i.mission_id = %s AND i.date >= %s AND i.date <= %s{scope}
GROUP BY i.adm1_id, i.adm2_id
""",
    # Each incident's killed summed by a subquery on its tolls, then the incidents grouped by commune.
    "subquery": """
SELECT i.adm1_id, i.adm2_id, COUNT(*),
       COALESCE(SUM((SELECT SUM(t.count) FROM {toll} t WHERE t.incident_id = i.id AND t.outcome = 'killed')), 0)
FROM {incident} i
WHERE i.mission_id = %s AND i.date >= %s AND i.date <= %s{scope}
GROUP BY i.adm1_id, i.adm2_id
""",
}


def django_setup():
    databases.django_setup(sqlite_path=SQLITE_PATH, pg_database=PG_DATABASE, var_dir=RESULTS / "var")


def pg_database(action):
    databases.pg_database_ensure(PG_DATABASE, action)


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


def _mission_sizes(total, rng):
    """Incidents per mission: a few large (the largest about an eighth of all), most small, as ACLED's countries do."""
    weights = [1 / (rank + 1) ** 0.8 for rank in range(MISSIONS)]
    rng.shuffle(weights)
    scale = total / sum(weights)
    sizes = [int(w * scale) for w in weights]
    sizes[0] += total - sum(sizes)
    return sizes


def dataset_ensure(alias, *, incidents, seed=1):
    """Fill `alias` with the incidents and their tolls once; reuse them when the count already matches.
    Returns (seconds taken, 0 when reused; tolls)."""
    from django.db import connections

    from muster.missions.models import Mission
    from muster.operations.models import Actor, EventType, Incident, Toll
    from muster.places.models import AdminArea

    if Incident.objects.using(alias).count() == incidents:
        return 0.0, Toll.objects.using(alias).count()
    started = time.perf_counter()
    Toll.objects.using(alias).all()._raw_delete(alias)
    Incident.objects.using(alias).all()._raw_delete(alias)
    Actor.objects.using(alias).all()._raw_delete(alias)
    AdminArea.objects.using(alias).filter(level=AdminArea.Level.ADM2).delete()
    AdminArea.objects.using(alias).all().delete()
    Mission.objects.using(alias).filter(code__startswith="BENCH").delete()
    connection = connections[alias]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # A page cache of 1 GB for the load (SQLite's default is 2 MB): every row of the incidents updates their
            # nine indexes, at places spread over each, which a small cache reads and writes back again and again.
            cursor.execute("PRAGMA cache_size = -1000000")
    rng = random.Random(seed)
    Mission.objects.using(alias).bulk_create([
        Mission(code=f"BENCH{i:03}", name=f"Bench mission {i}", start=FIRST_DAY, time_zone="UTC")
        for i in range(MISSIONS)])
    missions = list(Mission.objects.using(alias).filter(code__startswith="BENCH").order_by("code")
                    .values_list("pk", flat=True))
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    areas = {"geometry": square, "display_geometry": square, "min_lon": 0, "min_lat": 0, "max_lon": 1, "max_lat": 1}
    AdminArea.objects.using(alias).bulk_create([
        AdminArea(pcode=f"BX{d:02}", level=AdminArea.Level.ADM1, name_en=f"Department {d}", **areas)
        for d in range(DEPARTMENTS)])
    departments = dict(AdminArea.objects.using(alias).filter(level=1).values_list("pcode", "pk"))
    AdminArea.objects.using(alias).bulk_create([
        AdminArea(pcode=f"BX{d:02}{c:02}", level=AdminArea.Level.ADM2, name_en=f"Commune {d}.{c}",
                  parent_id=departments[f"BX{d:02}"], **areas)
        for d in range(DEPARTMENTS) for c in range(COMMUNES_PER_DEPARTMENT)])
    communes = list(AdminArea.objects.using(alias).filter(level=2).values_list("pk", "parent_id"))
    Actor.objects.using(alias).bulk_create([Actor(name=f"Bench group {a}", inter=rng.choice([1, 2, 3, 4, 7, 8]))
                                            for a in range(ACTORS)])
    actors = list(Actor.objects.using(alias).values_list("pk", flat=True))
    if not EventType.objects.using(alias).exists():
        # Migration operations 0002 seeds ACLED's types in the default database only (it writes through the
        # default manager): the second database takes the same from the first.
        EventType.objects.using(alias).bulk_create([
            EventType(disorder_type=e.disorder_type, event_type=e.event_type, sub_event_type=e.sub_event_type,
                      acled=e.acled) for e in EventType.objects.using("default")])
    event_types = list(EventType.objects.using(alias).values_list("pk", flat=True))
    # Each mission works in 30 communes and names 150 places (points); 5% of its incidents are placed only in a
    # department, 40% have no point. Random draws are made in bulk: this is most of the generation's Python time.
    span = (LAST_DAY - FIRST_DAY).days
    rows = []
    for mission, size in zip(missions, _mission_sizes(incidents, rng), strict=True):
        places = rng.sample(communes, 30)
        points = [(f"{18 + rng.random():.5f}", f"{-73 + rng.random():.5f}") for _p in range(150)] + [(None, None)] * 100
        days = rng.choices(range(span), k=size)
        for day, (adm2, adm1), point, department_only in zip(days, rng.choices(places, k=size),
                                                             rng.choices(points, k=size),
                                                             rng.choices((False, True), weights=(95, 5), k=size),
                                                             strict=True):
            rows.append((day, mission, adm1, None if department_only else adm2, *point))
    rows.sort(key=lambda row: row[:2])  # recorded over the years: one mission's incidents scattered in the table
    stamp = connection.ops.adapt_datetimefield_value(datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    dates = [(FIRST_DAY + datetime.timedelta(days=day)).isoformat() for day in range(span)]
    types, actor_ids = rng.choices(event_types, k=incidents), rng.choices(actors, k=incidents)
    classes = rng.choices(["restricted", "shareable", "public"], weights=[50, 30, 20], k=incidents)
    _insert(connection, Incident._meta.db_table,
            ["mission_id", "acled_id", "title", "date", "occurred_at", "time_precision", "event_type_id", "site_id",
             "location", "latitude", "longitude", "geo_precision", "outside_boundaries", "adm1_id", "adm2_id",
             "actor1_id", "actor2_id", "civilian_targeting", "personnel_involved", "narrative", "classification",
             "sample", "created", "last_updated", "version"],
            ((mission, "", "Incident", dates[day], None, 1, event_type, None, "", latitude, longitude, 1, False, adm1,
              adm2, actor, None, False, None, "", classification, False, stamp, stamp, 1)
             for (day, mission, adm1, adm2, latitude, longitude), event_type, actor, classification
             in zip(rows, types, actor_ids, classes, strict=True)))
    first_id = Incident.objects.using(alias).order_by("pk").values_list("pk", flat=True).first()
    # 55% of incidents have tolls: one to three of (group, outcome), killed twice as often as each other outcome.
    kinds = [(group, outcome) for group in ("civilians", "police", "mission", "armed_group", "unknown")
             for outcome in ("killed", "killed", "wounded", "missing", "abducted")]
    tolls_per_incident = rng.choices((0, 1, 2, 3), weights=(45, 28, 14, 13), k=incidents)
    counts = [1, 1, 1, 2, 3, 5, 8, 20]

    def toll_rows():
        for offset, n in enumerate(tolls_per_incident):
            for group, outcome in {kind: None for kind in rng.choices(kinds, k=n)}:  # distinct, in drawn order
                count = rng.choice(counts)
                yield (first_id + offset, group, outcome, count, str(count), False, stamp, stamp, 1)

    _insert(connection, Toll._meta.db_table, ["incident_id", "group", "outcome", "count", "as_reported", "estimate",
                                              "created", "last_updated", "version"], toll_rows())
    with connection.cursor() as cursor:
        # PostgreSQL: VACUUM as autovacuum would soon after a load (the visibility map lets an index answer alone);
        # both databases get fresh statistics.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return time.perf_counter() - started, Toll.objects.using(alias).count()


def readers():
    """The administrator (every incident) and a liaison (granted incidents and tolls shareable or public), as users
    of the SQLite database, whose grants every alias's queries read (permissions load once per user object)."""
    from muster.core.models import ObjectPermission, User
    from muster.core.permissions import clear_cache

    admin = User.objects.filter(username="bench-admin").first() or User.objects.create_superuser(
        "bench-admin", password=None)
    liaison = User.objects.filter(username="bench-liaison").first() or User.objects.create_user(
        "bench-liaison", password=None)
    grant, _created = ObjectPermission.objects.update_or_create(name="bench liaison: shareable incidents", defaults={
        "object_types": ["operations.incident", "operations.toll"], "actions": ["view"],
        "constraints": {"classification": list(SHAREABLE)}})
    grant.users.add(liaison)
    clear_cache(liaison)
    return {"administrator": (admin, ""), "liaison": (liaison, " AND i.classification IN ('shareable', 'public')")}


def measure(alias, *, label, mission_id, reader, scope, repeat, warmup):
    from django.db import connections

    from muster.missions.models import Mission
    from muster.operations.models import Incident, Toll
    from muster.operations.selectors import incidents_by_commune

    connection = connections[alias]
    tables = {"incident": Incident._meta.db_table, "toll": Toll._meta.db_table, "scope": scope}
    params = [mission_id, *(connection.ops.adapt_datefield_value(day) for day in QUARTER)]
    mission = Mission.objects.using(alias).get(pk=mission_id)  # the page's, loaded before it asks for the figures

    def orm():
        rows = incidents_by_commune(user=reader, start=QUARTER[0], end=QUARTER[1], mission=mission, using=alias)
        return sorted((r.adm1_id, r.adm2_id or 0, r.incidents, r.killed) for r in rows)

    def hand(shape):
        sql = HAND_SQL[shape].format(**tables)

        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return sorted((a1, a2 or 0, n, killed) for a1, a2, n, killed in cursor.fetchall())
        return run

    orm_sql, orm_params = _selector_sql(alias, mission_id, reader)

    def orm_sql_alone():
        with connection.cursor() as cursor:
            cursor.execute(orm_sql, orm_params)
            return len(cursor.fetchall())

    functions = {"orm": orm, "joined": hand("joined"), "subquery": hand("subquery"), "orm_sql": orm_sql_alone}
    timings = {name: [] for name in functions}
    results = {}
    order = list(functions.items())
    for n in range(warmup + repeat):
        for name, function in order if n % 2 else reversed(order):
            started = time.perf_counter()
            result = function()
            elapsed = (time.perf_counter() - started) * 1000
            if n >= warmup:
                timings[name].append(elapsed)
            results[name] = result
    wrong = [shape for shape in ("joined", "subquery") if results[shape] != results["orm"]]
    ms = {name: statistics.median(values) for name, values in timings.items()}
    best = min(("joined", "subquery"), key=ms.get)
    return {"label": label, "orm": ms["orm"], "orm_sql": ms["orm_sql"], "joined": ms["joined"],
            "subquery": ms["subquery"], "best": best, "ratio": ms["orm"] / ms[best], "wrong": wrong,
            "communes": len(results["orm"]), "incidents": sum(r[2] for r in results["orm"]),
            "killed": sum(r[3] for r in results["orm"])}


def _selector_sql(alias, mission_id, reader):
    """The SQL and parameters `incidents_by_commune` sends, as its compiler writes them (run alone: the database's
    share of the selector's time)."""
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    from muster.missions.models import Mission
    from muster.operations.selectors import incidents_by_commune

    with CaptureQueriesContext(connections[alias]) as captured:
        incidents_by_commune(user=reader, start=QUARTER[0], end=QUARTER[1],
                             mission=Mission.objects.using(alias).get(pk=mission_id), using=alias)
    return captured.captured_queries[-1]["sql"], None


def plan(alias, mission_id, reader):
    """The database's plan of the selector's query, in a line or a few."""
    from django.db import connections

    sql, _params = _selector_sql(alias, mission_id, reader)
    connection = connections[alias]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join("    " + " ".join(str(c) for c in row[-1:]) for row in cursor.fetchall())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database for the next run")
    parser.add_argument("--fresh", action="store_true", help="delete the SQLite file and regenerate")
    parser.add_argument("--explain", action="store_true", help="print the selector's query plan for each case")
    args = parser.parse_args(argv)
    RESULTS.mkdir(exist_ok=True)
    if args.fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    sys.path.insert(0, str(ROOT.parent / "src"))
    django_setup()
    from django.core.management import call_command
    from django.db import connections
    from django.db.models import Count

    from muster.operations.models import Incident

    aliases = ["default"]
    try:
        pg_database("create")
        aliases.append("pg")
    except Exception as error:  # the benchmark still runs on SQLite alone, and says why
        print(f"PostgreSQL skipped: {str(error).strip().splitlines()[0]}")
    results, wrong = [], False
    try:
        for alias in aliases:
            call_command("migrate", database=alias, verbosity=0)
            seconds, tolls = dataset_ensure(alias, incidents=args.incidents)
            name = "SQLite" if alias == "default" else "PostgreSQL"
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT sqlite_version()" if alias == "default" else "SHOW server_version")
                version = cursor.fetchone()[0]
            print(f"{name}: {args.incidents:,} incidents, {tolls:,} tolls in {MISSIONS} missions"
                  + (f" (generated in {seconds:.0f} s)" if seconds else " (reused)") + f" [{version}]", flush=True)
            sizes = list(Incident.objects.using(alias).order_by().values("mission").annotate(n=Count("pk"))
                         .order_by("-n", "mission").values_list("mission", "n"))
            cases = [("largest", *sizes[0]), ("middle", *sizes[len(sizes) // 2])]
            for role, (reader, scope) in readers().items():
                for size, mission_id, n in cases:
                    label = f"{size} mission ({n:,}), {role}"
                    result = measure(alias, label=label, mission_id=mission_id, reader=reader, scope=scope,
                                     repeat=args.repeat, warmup=args.warmup)
                    results.append((name, result))
                    if args.explain:
                        print(f"  {label}:\n{plan(alias, mission_id, reader)}")
    finally:
        connections.close_all()
        if "pg" in aliases and not args.keep:
            pg_database("drop")
    print(f"\nIncidents and killed by commune, {QUARTER[0]} to {QUARTER[1]}, one mission; median of {args.repeat} "
          f"runs after {args.warmup} warm-up, alternating in one run. ratio = selector (as the page calls it) ÷ the "
          "faster hand-written SQL.")
    print("'its SQL' = the selector's own SQL run alone; hand SQL: 'joined' joins the killed tolls and counts "
          "distinct incidents, 'subquery' sums each incident's killed by a subquery.")
    print(f"{'database':<12}{'case':<38}{'selector':>9}{'its SQL':>9}{'joined':>9}{'subquery':>9}{'ratio':>8}  "
          "target  result  figures")
    for name, r in results:
        verdict = "PASS" if r["ratio"] <= TARGET else "FAIL"
        if r["wrong"]:
            verdict, wrong = "WRONG", True
        print(f"{name:<12}{r['label']:<38}{r['orm']:>9.2f}{r['orm_sql']:>9.2f}{r['joined']:>9.2f}"
              f"{r['subquery']:>9.2f}{r['ratio']:>7.2f}×  ≤ {TARGET}   {verdict:<6}  {r['incidents']:,} incidents, "
              f"{r['killed']:,} killed in {r['communes']} communes")
    print("(all times in ms, medians)")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
