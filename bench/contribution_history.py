"""Benchmark of a contribution table imported as history: MINUSTAH's whole IPI table (2,747 rows, 52 months).

On each database, SQLite and PostgreSQL, side by side (median of --repeat runs, each into a mission of its own,
committed):

  * **claims only**: `contribution_table_import` for a mission that records movements of its own (one, seeded),
    so that the table stays claims — the import as it was before the history (issue #14), with its claims, its
    change log and the importer's scope;
  * **claims and history**: the same table for a mission with no movements: its claims, and the contingents,
    movements and citations that make its strength on every table date the table's, one change-log batch;
  * **the same table again**: nothing added (every claim held, every date already in the history).

Time and queries of each, and history ÷ claims only. Nothing here asserts a time.

    .venv/bin/python bench/contribution_history.py                     # both databases
    .venv/bin/python bench/contribution_history.py --database sqlite   # one (bench/results/contribution_history.*)
    .venv/bin/python bench/contribution_history.py --repeat 1          # quicker
"""

import json
import statistics
import sys
import time
from pathlib import Path

import bench_databases as databases

BENCH_DIR = Path(__file__).resolve().parent
TABLE = BENCH_DIR.parent / "tests" / "data" / "ipi" / "Gender.Full.MINUSTAH_rows.csv"


def main(argv=None):
    return databases.main_in_children(__file__, argv, name="contribution_history", description=__doc__.splitlines()[0],
                                      repeat=3, child_main=child_main, report=report)


def report(figures):
    if not figures:
        return
    any_run = next(iter(figures.values()))
    print(f"\nMINUSTAH's IPI table: {any_run['rows']:,} rows, {any_run['dates']} dates; "
          f"{any_run['claims']:,} claims, {any_run['contingents']} contingents, {any_run['movements']:,} movements "
          f"(each with its citation). Median of {any_run['repeat']} runs.")
    print(f"{'':28}" + "".join(f"{database:>24}" for database in figures))
    for key, label in (("claims_only", "claims only"), ("history", "claims and history"),
                       ("again", "the same table again")):
        print(f"{label:28}" + "".join(f"{f[key]['seconds']:>12.2f} s {f[key]['queries']:>5} q" + " " * 3
                                      for f in figures.values()))
    print(f"{'history ÷ claims only':28}" + "".join(
        f"{f['history']['seconds'] / f['claims_only']['seconds']:>12.2f} ×" + " " * 10 for f in figures.values()))


# =================================================================================================================
# The child: one database, set up, then the imports timed side by side.
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
    from muster.force.models import Contingent, Movement
    from muster.force.selectors import strength_at
    from muster.missions.models import Mission, PersonnelCategory

    call_command("migrate", verbosity=0)
    content = TABLE.read_bytes()
    runs = {"claims_only": [], "history": [], "again": []}
    counts = {}

    def timed(name, mission, table, filename):
        with CaptureQueriesContext(connection) as queries, change_context(message="bench"):
            started = time.perf_counter()
            result = contribution_table_import(user=None, mission=mission, content=table, filename=filename,
                                               fmt="ipi")
            seconds = time.perf_counter() - started
        runs[name].append((seconds, len(queries)))
        return result

    for n in range(args.repeat):
        # A mission of its own each run: the table's mission code replaced by it.
        code = f"M{n}"
        table = content.replace(b'"MINUSTAH"', f'"{code}"'.encode())
        own = Mission.objects.create(code=f"{code}", name=f"Run {n}, own movements", start=datetime.date(2004, 6, 1))
        contingent = Contingent.objects.create(mission=own, country_id="BRA", category=PersonnelCategory.MILITARY)
        Movement.objects.create(contingent=contingent, kind=Movement.Kind.ARRIVAL, date=datetime.date(2004, 6, 1),
                                count=1, men=1)
        claims_only = timed("claims_only", own, table, TABLE.name)
        assert claims_only.history.own_movements and claims_only.created > 0
        bare = Mission.objects.create(code=f"H{n}", name=f"Run {n}, history", start=datetime.date(2004, 6, 1))
        history_table = table.replace(f'"{code}"'.encode(), f'"H{n}"'.encode())
        built = timed("history", bare, history_table, f"H{n}_{TABLE.name}")
        again = timed("again", bare, history_table, f"H{n}_{TABLE.name}")
        assert (again.created, again.history.movements) == (0, 0)
        last = built.history.dates[-1]
        on_last = sum(r.total for r in strength_at(mission=bare, on=last, by=("country", "category")).rows)
        counts = {"rows": len(content.splitlines()) - 1, "dates": len(set(
            Movement.objects.filter(contingent__mission=bare).values_list("date", flat=True))),
            "claims": built.created, "contingents": built.history.contingents,
            "movements": built.history.movements, "strength_on_last_date": on_last}
    medians = {name: {"seconds": statistics.median(s for s, _q in measured),
                      "queries": statistics.median(q for _s, q in measured)} for name, measured in runs.items()}
    database = connection.vendor if connection.vendor == "sqlite" else "postgresql"
    print(f"{database}: claims only {medians['claims_only']['seconds']:.2f} s, {medians['claims_only']['queries']} "
          f"queries; claims and history {medians['history']['seconds']:.2f} s, {medians['history']['queries']} "
          f"queries; again {medians['again']['seconds']:.2f} s ({counts['movements']:,} movements, strength on the "
          f"last date {counts['strength_on_last_date']:,})")
    databases.result_path("contribution_history", database).write_text(
        json.dumps(medians | counts | {"repeat": args.repeat}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
