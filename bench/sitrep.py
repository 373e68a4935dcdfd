"""The SITREP at field scale: compiled beside the dashboard for the same mission and date, and its queries counted.

On bench/generate.py's history (100 missions, 5,000 contingents, 1,000,000 movements) in a SQLite file of its own
(bench/results/sitrep_bench.sqlite3, made here once and kept), with --incidents synthetic incidents (1,000,000 by
default: the issue's "every mission in the field for 20 years") spread over the missions by the length of their lives,
each with one to three tolls and a unit of the mission, inserted in date order as bench/generate.py inserts movements.
For the mission with the most movements at its latest date (bench/pages.py's choice), side by side in one run
(alternating, after --warmup, median of --repeat):

  * the strength report the dashboard shows, built (reports.strength.strength_report), and
  * the weekly SITREP compiled and read as the system (reports.sitrep.sitrep_report),
  * then both pages through Django's test client as the administrator: /dashboard/<mission>/ and /sitrep/<mission>/,

the ratio of each (target: the SITREP at most 3× the dashboard) and the SITREP's queries here against a week of the
small demo-sized history (the same number whatever the size of the history). Nothing here asserts a time.

    .venv/bin/python bench/sitrep.py [--incidents 1000000] [--repeat 15] [--warmup 3]
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
SQLITE_PATH = RESULTS_DIR / "sitrep_bench.sqlite3"
TARGET = 3.0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args(argv)

    RESULTS_DIR.mkdir(exist_ok=True)
    os.environ.update({"DATABASE_URL": f"sqlite:///{SQLITE_PATH}", "MUSTER_VAR_DIR": str(RESULTS_DIR / "var"),
                       "DJANGO_SETTINGS_MODULE": "muster.settings", "ALLOWED_HOSTS": "testserver"})
    sys.path[:0] = [str(BENCH_DIR), str(ROOT)]
    from generate import TODAY, dataset_ensure, django_setup

    django_setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from tests.two_factor import verify_session

    from muster.force.models import Movement
    from muster.missions.models import Mission
    from muster.reports.sitrep import sitrep_report
    from muster.reports.strength import strength_report
    from pages import _bench_administrator

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    dataset_ensure(log=lambda message: print(message, flush=True))
    incidents_ensure(args.incidents)
    setup_test_environment()

    by_size = Movement.objects.values("contingent__mission").annotate(n=Count("id")).order_by("-n")
    largest = by_size.filter(contingent__mission__end__isnull=True).first() or by_size.first()
    mission = Mission.objects.get(pk=largest["contingent__mission"])
    on = TODAY if mission.end is None else mission.start + (mission.end - mission.start) * 9 // 10
    week = sitrep_report(mission=mission, on=on, user=None, period="weekly")
    print(f"== {mission.code}: {largest['n']:,} movements, {mission.incidents.count():,} incidents, on {on}: the "
          f"week's SITREP has {len(week.strength)} contingents, {len(week.incidents)} incidents", flush=True)

    def dashboard():
        return strength_report(mission=mission, on=on, user=None)

    def sitrep():
        return sitrep_report(mission=mission, on=on, user=None, period="weekly")

    built = _timed({"dashboard (strength report)": dashboard, "SITREP, weekly": sitrep}, args)
    admin = _bench_administrator()
    client = Client()
    client.force_login(admin)
    verify_session(client, admin)

    def page(address):
        def get():
            response = client.get(address)
            assert response.status_code == 200, (address, response.status_code)
        return get

    pages = _timed({f"GET /dashboard/{mission.code}/": page(f"/dashboard/{mission.code}/?on={on}"),
                    f"GET /sitrep/{mission.code}/": page(f"/sitrep/{mission.code}/?on={on}&period=weekly")}, args)
    print()
    for label, timings in [("built", built), ("pages", pages)]:
        (first, base), (second, measured) = timings.items()
        ratio = measured / base
        verdict = "within" if ratio <= TARGET else "OVER"
        print(f"{label}: {second} {measured:.0f} ms ÷ {first} {base:.0f} ms = {ratio:.2f}× ({verdict} the "
              f"{TARGET:.0f}× target)")

    with CaptureQueriesContext(connection) as here:
        sitrep()
    print(f"\nqueries to compile the SITREP here: {len(here)} (tests/reports/test_sitrep.py holds the same number "
          "for a small and a larger week on the demo)")
    return 0


def _timed(cases, args):
    """{label: median ms} of each case, run alternately after warm-up."""
    timings = {label: [] for label in cases}
    for run in range(args.warmup + args.repeat):
        for label, case in (cases.items() if run % 2 else reversed(cases.items())):
            started = time.perf_counter()
            case()
            elapsed = (time.perf_counter() - started) * 1000
            if run >= args.warmup:
                timings[label].append(elapsed)
    medians = {label: statistics.median(values) for label, values in timings.items()}
    for label, median in medians.items():
        print(f"  {label:40} {median:8.0f} ms (median of {args.repeat})", flush=True)
    return medians


def incidents_ensure(count, *, seed=1):
    """`count` synthetic incidents over the missions (by the length of their lives), once: a later run with as many
    keeps them. Bulk inserts, as bench/generate.py's movements: no signals, no change log."""
    from django.db import connection, transaction

    from muster.force.models import Contingent
    from muster.missions.models import Mission
    from muster.operations.models import Actor, EventType, Incident, Toll

    if Incident.objects.count() == count:
        return
    started = time.perf_counter()
    rng = random.Random(seed)
    with transaction.atomic():
        Toll.objects.all().delete()
        Incident.units.through.objects.all().delete()
        Incident.objects.all().delete()
        actor, _ = Actor.objects.get_or_create(name="Bench armed group",
                                               defaults={"inter": Actor.Inter.POLITICAL_MILITIA})
        event_types = list(EventType.objects.values_list("pk", flat=True))
        missions = list(Mission.objects.order_by("pk"))
        units = {}
        for mission_id, contingent_id in Contingent.objects.values_list("mission_id", "pk"):
            units.setdefault(mission_id, []).append(contingent_id)
        from generate import TODAY

        lives = [((m.end or TODAY) - m.start).days + 1 for m in missions]
        per_mission = [count * life // sum(lives) for life in lives]
        per_mission[0] += count - sum(per_mission)
        rows = []
        for mission, n, life in zip(missions, per_mission, lives, strict=True):
            for _ in range(n):
                rows.append((mission.start + datetime.timedelta(days=rng.randrange(life)), mission.pk))
        rows.sort()
        classifications = ["restricted", "shareable", "public"]
        fields = [f for f in Incident._meta.concrete_fields if not f.primary_key]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        defaults = {f.attname: f.get_default() for f in fields}
        now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")  # as Django stores it in SQLite
        table = connection.ops.quote_name(Incident._meta.db_table)
        with connection.cursor() as cursor:
            values = []
            for number, (day, mission_id) in enumerate(rows, start=1):
                row = {**defaults, "mission_id": mission_id, "title": f"Bench incident {number}",
                       "date": day.isoformat(), "event_type_id": rng.choice(event_types), "actor1_id": actor.pk,
                       "classification": rng.choice(classifications), "sample": True, "created": now,
                       "last_updated": now, "version": 1}
                values.append([row[f.attname] for f in fields])
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)
        incident_ids = list(Incident.objects.order_by("pk").values_list("pk", "mission_id"))
        tolls, links = [], []
        for incident_id, mission_id in incident_ids:
            for group, outcome in rng.sample([("civilians", "killed"), ("police", "wounded"), ("armed_group", "killed"),
                                              ("civilians", "abducted")], rng.randint(1, 3)):
                tolls.append(Toll(incident_id=incident_id, group=group, outcome=outcome, count=rng.randint(1, 9),
                                  as_reported=""))
            if units.get(mission_id):
                links.append(Incident.units.through(incident_id=incident_id,
                                                    contingent_id=rng.choice(units[mission_id])))
        Toll.objects.bulk_create(tolls, batch_size=5000)
        Incident.units.through.objects.bulk_create(links, batch_size=5000)
    print(f"{count:,} incidents, {len(tolls):,} tolls generated in {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    sys.exit(main())
