"""Benchmarks of the strength selectors at full scale, on SQLite and PostgreSQL, against hand-written SQL.

For each database the synthetic history of bench/generate.py (100 missions, 5,000 contingents,
1,000,000 movements) is generated once and reused, then, for several missions and dates, these are
timed side by side in one process (interleaved, median of --repeat runs after --warmup runs):

  * `strength_at(mission, on, by=("country", "category"))`, the rows evaluated;
  * hand-written SQL returning the same rows, in three shapes a DBA might write; the results of
    every one are checked against `strength_at`'s, and a difference is reported as WRONG;
  * `strength_series` over 24 month ends against one point of `strength_at` (both by country),
    its first and last points checked against the hand-written SQL.

Targets (from the issue): strength_at ≤ 1.5× the hand-written SQL; the series ≤ 3× one point.

    .venv/bin/python bench/run.py                      # both databases (what `make bench` runs)
    .venv/bin/python bench/run.py --database sqlite --explain
    .venv/bin/python bench/run.py --index covering     # with a candidate index added for the run

Each database runs in its own child process (`--child`), because Django reads DATABASE_URL once,
at setup. The SQLite file is kept under bench/results/ and reused; the PostgreSQL database
`muster_bench` (127.0.0.1:5432, user postgres) is dropped at the end unless --keep.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
SQLITE_PATH = RESULTS_DIR / "muster_bench.sqlite3"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = "muster_bench"

POINT_TARGET = 1.5  # strength_at ÷ hand-written SQL
SERIES_TARGET = 3.0  # 24-point series ÷ one point
SERIES_POINTS = 24

# Indexes to try without touching the models: created for the run with --index NAME, then dropped.
CANDIDATE_INDEXES = {
    "covering": {
        "sqlite": "CREATE INDEX bench_movement_covering ON {movement} "
                  "(contingent_id, date, kind, count, men, women, unknown)",
        "postgresql": "CREATE INDEX bench_movement_covering ON {movement} "
                      "(contingent_id, date) INCLUDE (kind, count, men, women, unknown)",
    },
}
CANDIDATE_INDEX_NAME = "bench_movement_covering"

# The hand-written SQL, in three shapes. {out} is the list of outward kinds, {sum_*} a signed sum.
SQL_SHAPES = {
    "joined": (
        "SQL: joined, grouped by country, name, category",
        """
        SELECT contingent.country_id, country.name, contingent.category,
               {sum_count}, {sum_men}, {sum_women}, {sum_unknown}
          FROM {movement} AS movement
          JOIN {contingent} AS contingent ON contingent.id = movement.contingent_id
          JOIN {country} AS country ON country.iso3 = contingent.country_id
         WHERE contingent.mission_id = %s AND movement.date <= %s
         GROUP BY contingent.country_id, country.name, contingent.category
        HAVING {sum_count} <> 0
         ORDER BY 1, 2, 3
        """,
    ),
    "grouped_ids": (
        "SQL: grouped by country id, category; name after",
        """
        SELECT grouped.country_id, country.name, grouped.category,
               grouped.total, grouped.men, grouped.women, grouped.unknown
          FROM (SELECT contingent.country_id, contingent.category, {sum_count} AS total,
                       {sum_men} AS men, {sum_women} AS women, {sum_unknown} AS unknown
                  FROM {movement} AS movement
                  JOIN {contingent} AS contingent ON contingent.id = movement.contingent_id
                 WHERE contingent.mission_id = %s AND movement.date <= %s
                 GROUP BY contingent.country_id, contingent.category) AS grouped
          JOIN {country} AS country ON country.iso3 = grouped.country_id
         WHERE grouped.total <> 0
         ORDER BY 1, 2, 3
        """,
    ),
    "per_contingent": (
        "SQL: per contingent, then rolled up",
        """
        SELECT contingent.country_id, country.name, contingent.category,
               SUM(net.total), SUM(net.men), SUM(net.women), SUM(net.unknown)
          FROM (SELECT movement.contingent_id, {sum_count} AS total, {sum_men} AS men,
                       {sum_women} AS women, {sum_unknown} AS unknown
                  FROM {movement} AS movement
                 WHERE movement.contingent_id IN (SELECT id FROM {contingent} WHERE mission_id = %s)
                   AND movement.date <= %s
                 GROUP BY movement.contingent_id) AS net
          JOIN {contingent} AS contingent ON contingent.id = net.contingent_id
          JOIN {country} AS country ON country.iso3 = contingent.country_id
         GROUP BY contingent.country_id, country.name, contingent.category
        HAVING SUM(net.total) <> 0
         ORDER BY 1, 2, 3
        """,
    ),
}


# =================================================================================================
# The parent: one child process per database, then the table.
# =================================================================================================

def main(argv=None):
    args = _arguments(argv)
    if args.child:
        return child_main(args)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    reports, skipped = [], []
    for vendor in (("sqlite", "postgresql") if args.database == "all" else (args.database,)):
        print(f"== {vendor}", flush=True)
        report = _run_sqlite(args) if vendor == "sqlite" else _run_postgresql(args)
        if isinstance(report, str):
            print(report, flush=True)
            skipped.append(report)
        else:
            reports.append(report)
    text = _format(reports, skipped, args)
    print()
    print(text)
    print(f"(whole run: {time.perf_counter() - started:.0f} s)")
    (RESULTS_DIR / "latest.txt").write_text(text + "\n")
    (RESULTS_DIR / "latest.json").write_text(json.dumps(reports, indent=1, default=str) + "\n")
    if args.explain:
        for report in reports:
            print(f"\n== query plans on {report['database']} ({report['plans_file']})\n")
            print(Path(report["plans_file"]).read_text())
    return 1 if any(case["errors"] for report in reports for case in report["cases"]) else 0


def _arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("all", "sqlite", "postgresql"), default="all")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--missions", type=int, default=100)
    parser.add_argument("--contingents", type=int, default=5_000)
    parser.add_argument("--movements", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15, help="timed runs of each measurement (median)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs first")
    parser.add_argument("--fresh", action="store_true", help="regenerate the data even if it is there")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database for the next run")
    parser.add_argument("--explain", action="store_true", help="print the query plans at the end")
    parser.add_argument("--index", choices=sorted(CANDIDATE_INDEXES),
                        help="create this candidate index for the run (dropped afterwards)")
    parser.add_argument("--child", choices=("sqlite", "postgresql"), help=argparse.SUPPRESS)
    parser.add_argument("--json", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _run_sqlite(args):
    if args.fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    return _run_child("sqlite", f"sqlite:///{SQLITE_PATH}", args)


def _run_postgresql(args):
    import psycopg

    try:
        admin = psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        first_line = str(error).strip().splitlines()[0]
        return f"PostgreSQL skipped: the server at {PG_SERVER} is unreachable ({first_line})."
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_DATABASE]).fetchone()
        if exists and args.fresh:
            admin.execute(f"DROP DATABASE {PG_DATABASE} WITH (FORCE)")
            exists = None
        if not exists:
            admin.execute(f"CREATE DATABASE {PG_DATABASE}")
        try:
            return _run_child("postgresql", f"{PG_SERVER}/{PG_DATABASE}", args)
        finally:
            if args.keep:
                print(f"  kept the database {PG_DATABASE} for the next run", flush=True)
            else:
                admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
                print(f"  dropped the database {PG_DATABASE} (pass --keep to reuse it)", flush=True)


def _run_child(vendor, database_url, args):
    """Run this script as `--child vendor` with DATABASE_URL set, and return the report it writes."""
    passed = [f"--seed={args.seed}", f"--missions={args.missions}", f"--contingents={args.contingents}",
              f"--movements={args.movements}", f"--repeat={args.repeat}", f"--warmup={args.warmup}"]
    if args.index:
        passed.append(f"--index={args.index}")
    env = os.environ | {
        "DATABASE_URL": database_url,
        "MUSTER_VAR_DIR": str(RESULTS_DIR / "var"),
        "DJANGO_SETTINGS_MODULE": "muster.settings",
    }
    with tempfile.NamedTemporaryFile(suffix=".json", dir=RESULTS_DIR) as handoff:
        command = [sys.executable, __file__, f"--child={vendor}", f"--json={handoff.name}", *passed]
        completed = subprocess.run(command, env=env, check=False)
        if completed.returncode != 0:
            raise SystemExit(f"The {vendor} benchmark failed (exit status {completed.returncode}).")
        return json.loads(Path(handoff.name).read_text())


def _format(reports, skipped, args):
    lines = []
    for report in reports:
        data = report["dataset"]
        lines += [
            f"{report['database']} ({report['version']}): {data['missions']} missions, "
            f"{data['contingents']:,} contingents, {data['movements']:,} movements, seed {data['seed']}, "
            f"generated in {data['seconds']:.0f} s; extra index: {report['index'] or 'none'}; "
            f"median of {args.repeat} runs after {args.warmup}, measured side by side.",
        ]
    lines += [
        "ratio: strength_at ÷ that SQL (rows 'SQL: …'); the series ÷ one point by country (row "
        "'strength_series').",
        "",
        f"{'database':<11}{'measurement':<52}{'median ms':>10}{'ratio':>8}  {'target':<7}result",
    ]
    for report in reports:
        for case in report["cases"]:
            ms = case["median_ms"]
            lines.append(f"{report['database']:<11}{case['label']}")
            lines.append(_row("", "  strength_at (ORM), by country and category", ms["strength_at"]))
            lines.append(_row("", "  …its SQL alone, without building it in Python", ms["orm_sql"]))
            for shape, (title, _) in SQL_SHAPES.items():
                lines.append(_row("", f"  {title}", ms[shape], ms["strength_at"] / ms[shape], POINT_TARGET))
            lines.append(_row("", f"  strength_series, {SERIES_POINTS} month ends, by country", ms["series"],
                              ms["series"] / ms["point_by_country"], SERIES_TARGET))
            lines.append(_row("", "  strength_at one point, by country", ms["point_by_country"]))
            for error in case["errors"]:
                lines.append(f"{'':<11}  WRONG: {error}")
    lines.append("")
    for report in reports:
        lines += _summary(report)
    lines += skipped
    return "\n".join(lines)


def _row(database, measurement, median, ratio=None, target=None):
    line = f"{database:<11}{measurement:<52}{median:>10.2f}"
    if ratio is None:
        return line
    return f"{line}{ratio:>7.2f}×  ≤ {target:<5}{'PASS' if ratio <= target else 'FAIL'}"


def _summary(report):
    cases = report["cases"]
    name = report["database"]
    lines = []
    for shape, (title, _) in SQL_SHAPES.items():
        ratios = [(c["median_ms"]["strength_at"] / c["median_ms"][shape], c["label"]) for c in cases]
        passed = sum(r <= POINT_TARGET for r, _ in ratios)
        worst = max(ratios)
        lines.append(f"{name}: strength_at ≤ {POINT_TARGET}× «{title.removeprefix('SQL: ')}» in {passed} of "
                     f"{len(cases)} cases "
                     f"(worst {worst[0]:.2f}×, {worst[1].split(' (')[0]})")
    best = [(c["median_ms"]["strength_at"] / min(c["median_ms"][s] for s in SQL_SHAPES), c["label"])
            for c in cases]
    passed = sum(r <= POINT_TARGET for r, _ in best)
    lines.append(f"{name}: strength_at ≤ {POINT_TARGET}× the fastest SQL of each case in {passed} of "
                 f"{len(cases)} cases (worst {max(best)[0]:.2f}×)")
    orm_total = sum(c["median_ms"]["strength_at"] for c in cases)
    totals = {title.removeprefix("SQL: "): sum(c["median_ms"][shape] for c in cases)
              for shape, (title, _) in SQL_SHAPES.items()}
    totals["the fastest of each case"] = sum(min(c["median_ms"][s] for s in SQL_SHAPES) for c in cases)
    lines.append(f"{name}: all {len(cases)} cases together (sum of medians), strength_at {orm_total:.1f} ms ÷ "
                 + ", ".join(f"«{title}» {total:.1f} ms = {orm_total / total:.2f}×" for title, total in totals.items()))
    series = [c["median_ms"]["series"] / c["median_ms"]["point_by_country"] for c in cases]
    sql_only = [(c["median_ms"]["orm_sql"] / min(c["median_ms"][s] for s in SQL_SHAPES), c["label"]) for c in cases]
    passed = sum(r <= POINT_TARGET for r, _ in sql_only)
    lines.append(f"{name}: strength_at's own SQL, run alone, ≤ {POINT_TARGET}× the fastest SQL of each case in "
                 f"{passed} of {len(cases)} cases (worst {max(sql_only)[0]:.2f}×); the rest of strength_at's "
                 "time is building and compiling the query in Python")
    lines.append(f"{name}: strength_series ≤ {SERIES_TARGET}× one point in "
                 f"{sum(r <= SERIES_TARGET for r in series)} of {len(cases)} cases "
                 f"(worst {max(series):.2f}×)")
    wrong = sum(bool(c["errors"]) for c in cases)
    if wrong:
        lines.append(f"{name}: WRONG RESULTS in {wrong} of {len(cases)} cases: strength_at or "
                     "strength_series disagree with the hand-written SQL (see above)")
    for query, plan in report["plan_summary"].items():
        lines.append(f"{name}: plan of {query}: {plan}")
    lines.append("")
    return lines


# =================================================================================================
# The child: one database, set up by DATABASE_URL before Django starts.
# =================================================================================================

def child_main(args):
    sys.path.insert(0, str(BENCH_DIR))
    from generate import Size, dataset_ensure, django_setup

    django_setup()
    from django.core.management import call_command
    from django.db import connection

    print(f"  migrating {connection.settings_dict['NAME']}…", flush=True)
    call_command("migrate", verbosity=0)
    dataset = dataset_ensure(seed=args.seed, size=Size(args.missions, args.contingents, args.movements),
                             log=lambda message: print(message, flush=True))
    if args.index:
        _index_create(connection, args.index)
    try:
        cases, measured = _cases(), []
        for mission, on, label in cases:
            print(f"  {label}: measuring…", flush=True)
            measured.append(_measure_case(mission, on, label, repeat=args.repeat, warmup=args.warmup))
        largest_mission, latest, _ = cases[1]  # the largest mission, at its latest date
        plans_file = RESULTS_DIR / f"plans-{connection.vendor}.txt"
        plan_summary = _plans_write(largest_mission, latest, plans_file)
    finally:
        if args.index:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP INDEX {CANDIDATE_INDEX_NAME}")
    report = {
        "database": {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[connection.vendor],
        "version": _server_version(connection),
        "dataset": asdict(dataset),
        "index": args.index,
        "cases": measured,
        "plans_file": str(plans_file),
        "plan_summary": plan_summary,
    }
    Path(args.json).write_text(json.dumps(report, default=str))
    return 0


def _server_version(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version")
        return f"{connection.vendor} {cursor.fetchone()[0]}"


def _index_create(connection, name):
    from muster.force.models import Movement

    table = Movement._meta.db_table
    print(f"  creating the candidate index «{name}» for this run…", flush=True)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {CANDIDATE_INDEX_NAME}")
        cursor.execute(CANDIDATE_INDEXES[name][connection.vendor].format(movement=table))
        cursor.execute(f"VACUUM ANALYZE {table}" if connection.vendor == "postgresql" else "SELECT 1")


def _cases():
    """(mission, date, label) to measure: five missions from the largest to the smallest history,
    each at two dates: half-way through its life, and its latest (today if it runs, else 90% through)."""
    from django.db.models import Count

    from generate import TODAY
    from muster.force.models import Movement
    from muster.missions.models import Mission

    counts = dict(Movement.objects.values_list("contingent__mission").annotate(n=Count("pk")).order_by())
    missions = sorted(Mission.objects.filter(pk__in=counts), key=lambda m: (-counts[m.pk], m.pk))
    picks = []
    for quantile in (0, 0.25, 0.5, 0.75, 1):
        mission = missions[round(quantile * (len(missions) - 1))]
        if mission not in picks:
            picks.append(mission)
    cases = []
    for mission in picks:
        last = mission.end or TODAY
        latest = TODAY if mission.end is None else mission.start + (last - mission.start) * 9 // 10
        middle = mission.start + (last - mission.start) // 2
        for on in (middle, latest):
            summed = Movement.objects.filter(contingent__mission=mission, date__lte=on).count()
            cases.append((mission, on, f"{mission.code} on {on} ({summed:,} movements)"))
    return cases


def _sql(shape):
    """The hand-written SQL of `shape`, with the tables and the outward kinds of the models."""
    from muster.force.models import Contingent, Movement
    from muster.missions.models import Country

    outward = ", ".join(f"'{kind}'" for kind in Movement.OUTWARD)
    assert re.fullmatch(r"('[a-z_]+', )*'[a-z_]+'", outward)
    signed = {f"sum_{column}": (f"SUM(CASE WHEN movement.kind IN ({outward}) THEN -movement.{column} "
                                f"ELSE movement.{column} END)")
              for column in ("count", "men", "women", "unknown")}
    return SQL_SHAPES[shape][1].format(movement=Movement._meta.db_table, contingent=Contingent._meta.db_table,
                                       country=Country._meta.db_table, **signed)


def _sql_rows(sql, params):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


def _measure_case(mission, on, label, *, repeat, warmup):
    from django.db import connection

    from muster.core.calendar import month_ends
    from muster.force.selectors import strength_at, strength_series

    params = [mission.pk, connection.ops.adapt_datefield_value(on)]
    points = month_ends(start=mission.start, end=on, count=SERIES_POINTS)
    sql = {shape: _sql(shape) for shape in SQL_SHAPES}
    orm_sql = _orm_sql(mission, on)
    runs = {
        "strength_at": lambda: strength_at(mission=mission, on=on, by=("country", "category")).rows,
        "orm_sql": lambda: _sql_rows(*orm_sql),
        **{shape: (lambda text=text: _sql_rows(text, params)) for shape, text in sql.items()},
        "series": lambda: strength_series(mission=mission, points=points, by="country"),
        "point_by_country": lambda: strength_at(mission=mission, on=on, by=("country",)).rows,
    }
    errors = _check(mission, on, points, sql)
    for _ in range(warmup):
        for run in runs.values():
            run()
    timings = {name: [] for name in runs}
    names = list(runs)
    for i in range(repeat):
        # Rotate the order, so no measurement always runs first (or right after the same one).
        for name in names[i % len(names):] + names[: i % len(names)]:
            started = time.perf_counter_ns()
            runs[name]()
            timings[name].append(time.perf_counter_ns() - started)
    return {
        "mission": mission.code,
        "on": on.isoformat(),
        "label": label,
        "median_ms": {name: statistics.median(values) / 1e6 for name, values in timings.items()},
        "errors": errors,
    }


def _orm_sql(mission, on):
    """The SQL strength_at sends, as the database received it, captured once. Run alone it separates the
    query's cost in the database from the fixed cost of building and compiling it in Python."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from muster.force.selectors import strength_at

    with CaptureQueriesContext(connection) as captured:
        strength_at(mission=mission, on=on, by=("country", "category"))
    (query,) = captured.captured_queries
    return query["sql"], []


def _check(mission, on, points, sql):
    """What strength_at and strength_series return, compared with the hand-written SQL; the differences."""
    from django.db import connection

    from muster.force.selectors import strength_at, strength_series

    errors = []
    rows = [(r.country, r.country_name, r.category, r.total, r.men, r.women, r.unknown)
            for r in strength_at(mission=mission, on=on, by=("country", "category")).rows]
    for shape, text in sql.items():
        # The selector returns rows in reading order (countries by name); the SQL in key order.
        expected = sorted(_sql_rows(text, [mission.pk, connection.ops.adapt_datefield_value(on)]))
        rows = sorted(rows)
        if rows != expected:
            errors.append(f"strength_at on {on} differs from «{SQL_SHAPES[shape][0]}»: "
                          f"{_difference(rows, expected)}")
    series = strength_series(mission=mission, points=points, by="country")
    for point in (points[0], points[-1]):
        expected = {}
        for country, _, _, total, *_ in _sql_rows(sql["joined"], [mission.pk,
                                                                  connection.ops.adapt_datefield_value(point)]):
            expected[country] = expected.get(country, 0) + total
        expected = {country: total for country, total in expected.items() if total}
        got = {country: total for country, total in series[point].items() if total}
        if got != expected:
            errors.append(f"strength_series at {point} differs from the SQL: {_difference(got, expected)}")
    by_country = {r.country: r.total for r in strength_at(mission=mission, on=on, by=("country",)).rows}
    if by_country != {c: t for c, t in series[points[-1]].items() if t}:
        errors.append(f"strength_at by country on {on} differs from strength_series' last point")
    return errors


def _difference(got, expected):
    if isinstance(got, dict):
        keys = sorted(k for k in set(got) | set(expected) if got.get(k) != expected.get(k))
        return "; ".join(f"{k}: got {got.get(k)}, SQL {expected.get(k)}" for k in keys[:3]) + (
            f" (and {len(keys) - 3} more)" if len(keys) > 3 else "")
    pairs = [(g, e) for g, e in zip(got, expected, strict=False) if g != e]
    shown = "; ".join(f"got {g}, SQL {e}" for g, e in pairs[:2])
    return f"{len(got)} rows vs {len(expected)}; {len(pairs)} differ, e.g. {shown}"


def _plans_write(mission, on, path):
    """EXPLAIN every query of the largest case into `path`; a one-line summary of each plan."""
    from django.db import connection

    from muster.core.calendar import month_ends
    from muster.force.selectors import strength_at, strength_series

    captured = []

    def capture(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        strength_at(mission=mission, on=on, by=("country", "category"))
        strength_series(mission=mission, points=month_ends(start=mission.start, end=on, count=SERIES_POINTS),
                        by="country")
    params = [mission.pk, connection.ops.adapt_datefield_value(on)]
    queries = {
        "strength_at (ORM)": captured[0],
        **{SQL_SHAPES[shape][0]: (_sql(shape), params) for shape in SQL_SHAPES},
        "strength_series (ORM)": captured[1],
    }
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    text, summary = [f"Query plans for {mission.code} on {on}, {connection.vendor}\n"], {}
    for name, (sql, params) in queries.items():
        with connection.cursor() as cursor:
            cursor.execute(explain + sql, params)
            plan = [row[-1] for row in cursor.fetchall()]
        text += [f"-- {name}", sql.strip(), f"-- params: {list(params)}", *plan, ""]
        summary[name] = _plan_summary(plan, connection.vendor)
    path.write_text("\n".join(text))
    return summary


def _plan_summary(plan, vendor):
    """The plan's steps in one line: all of SQLite's; PostgreSQL's nodes that read, join, sort or group."""
    if vendor == "sqlite":
        return " / ".join(plan)
    steps = []
    for number, line in enumerate(plan):
        if number and "->" not in line:
            continue  # a node's details (Filter:, Sort Key:, Buffers: …), not a node
        step = line.strip().removeprefix("->").strip().split("  (")[0]
        if step != "Hash" and not step.startswith("Materialize"):
            steps.append(step)
    return " / ".join(steps)


if __name__ == "__main__":
    sys.exit(main())
