"""Benchmark of the strength report beside thousands of published figures: MINUSTAH with its whole IPI table
(2,747 rows, 52 months, 11,211 claims) imported as its history.

On each database, SQLite and PostgreSQL, one after the other (median of --repeat runs), at 31 January 2010 and
30 June 2013:

  * **the report**: `strength_report` and the API's answer made from it, as the dashboard and /api/strength/ build
    them: the published figures standing on the date (sources.selectors.claims_standing), the differing first;
  * **every figure up to the date**: each reconciled with the movements and read, as the report did before it
    compared only the standing ones, and as the CSV and XLSX exports still do.

Time and queries of each, and their ratio. Nothing here asserts a time.

    .venv/bin/python bench/strength_claims.py                     # both databases
    .venv/bin/python bench/strength_claims.py --database sqlite   # one (bench/results/strength_claims.*)
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import bench_databases as databases

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
SQLITE_PATH = RESULTS_DIR / "strength_claims.sqlite3"
PG_DATABASE = "muster_bench_strength_claims"
TABLE = BENCH_DIR.parent / "tests" / "data" / "ipi" / "Gender.Full.MINUSTAH_rows.csv"
DATABASES = ("sqlite", "postgresql")
DATES = ("2010-01-31", "2013-06-30")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=(*DATABASES, "both"), default="both")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each (median)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    chosen = DATABASES if args.database == "both" else (args.database,)
    status, figures = databases.figures_in_children(
        __file__, chosen, [f"--repeat={args.repeat}", "--child"],
        results=lambda database: RESULTS_DIR / f"strength_claims_{database}.json",
        sqlite_path=SQLITE_PATH, pg_database=PG_DATABASE, var_dir=RESULTS_DIR)
    if status:
        return status
    report(figures)
    return 0


def report(figures):
    for database, by_date in figures.items():
        print(f"\n{database}: MINUSTAH, median of {next(iter(by_date.values()))['repeat']} runs")
        print(f"{'':12}{'claims up to':>14}{'standing':>10}{'the report':>20}{'every figure':>20}{'ratio':>9}")
        for on, f in by_date.items():
            print(f"{on:12}{f['up_to']:>14,}{f['standing']:>10,}"
                  f"{f['report']['seconds'] * 1000:>11.0f} ms {f['report']['queries']:>3} q"
                  f"{f['every']['seconds'] * 1000:>11.0f} ms {f['every']['queries']:>3} q"
                  f"{f['every']['seconds'] / f['report']['seconds']:>8.1f}×")


# =================================================================================================================
# The child: one database, MINUSTAH imported, then the report and the reading of every figure timed.
# =================================================================================================================

def child_main(args):
    import django

    django.setup()
    import datetime

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from muster.core.changelog import change_context
    from muster.force.contribution_history import contribution_table_import
    from muster.force.selectors import claims_reconciled
    from muster.missions.models import Mission
    from muster.reports.serializers import strength_answer
    from muster.reports.strength import strength_report
    from muster.sources.models import Claim

    call_command("migrate", verbosity=0)
    mission = Mission.objects.create(code="MINUSTAH", name="United Nations Stabilization Mission in Haiti",
                                     start=datetime.date(2004, 6, 1), end=datetime.date(2017, 10, 15))
    with change_context(message="bench"):
        contribution_table_import(user=None, mission=mission, content=TABLE.read_bytes(), filename=TABLE.name,
                                  fmt="ipi")

    def the_report(on):
        built = strength_report(mission=mission, on=on, user=None)
        strength_answer(built)
        return built

    def every_figure(on):
        return list(claims_reconciled(claims=Claim.objects.filter(mission=mission, as_of__lte=on))
                    .select_related("source").prefetch_related("countries").order_by("-as_of", "pk"))

    def timed(function, on):
        runs = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                result = function(on)
                runs.append((time.perf_counter() - started, len(queries)))
        return result, {"seconds": statistics.median(s for s, _q in runs),
                        "queries": statistics.median(q for _s, q in runs)}

    figures = {}
    for text in DATES:
        on = datetime.date.fromisoformat(text)
        built, report_time = timed(the_report, on)
        every, every_time = timed(every_figure, on)
        figures[text] = {"report": report_time, "every": every_time, "standing": built.claims_total,
                         "up_to": len(every), "repeat": args.repeat}
        print(f"{connection.vendor} {text}: the report {report_time['seconds'] * 1000:.0f} ms "
              f"({built.claims_total} standing), every figure {every_time['seconds'] * 1000:.0f} ms ({len(every)})")
    database = connection.vendor if connection.vendor == "sqlite" else "postgresql"
    (RESULTS_DIR / f"strength_claims_{database}.json").write_text(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
