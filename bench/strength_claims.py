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

import json
import statistics
import sys
import time
from pathlib import Path

import bench_databases as databases

BENCH_DIR = Path(__file__).resolve().parent
TABLE = BENCH_DIR.parent / "tests" / "data" / "ipi" / "Gender.Full.MINUSTAH_rows.csv"
DATES = ("2010-01-31", "2013-06-30")


def main(argv=None):
    return databases.main_in_children(__file__, argv, name="strength_claims", description=__doc__.splitlines()[0],
                                      repeat=5, child_main=child_main, report=report)


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
    databases.result_path("strength_claims", database).write_text(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
