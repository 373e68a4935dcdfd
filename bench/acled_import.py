"""Benchmark of the ACLED import: 50,000 events (CSV) into a mission, beside the roll import's rate per row.

On the same database, in one run, side by side (median of --repeat runs, each into a mission without incidents,
committed):

  * **Muster acled_import**: `acled_rows_read` + `acled_import` (operations/acled): every row parsed, matched,
    validated by the models (its point placed in its commune once per distinct point), all or nothing, written in
    bulk with one change-log batch and the importer's scope — what the import page does;
  * **the same file again**: every event already there, nothing written (a re-import checks each row, then
    leaves it alone);
  * **a store per row**: the same matching, then each incident through `operations.services.incident_store` (the
    one store, with its citation) and each new actor and toll through `core.store.record_store`, on the first
    `--rows-per-row` rows — what the import would cost written the way a form writes, which `writing.py` goes
    around (core/store.py says when that is allowed);
  * **Muster roll_import** (bench/roll_import.py's file and call): the rate per row ACLED's is compared with.

The events are synthetic and obviously so (actors "Sample group NNN"), at ACLED's density: a few hundred distinct
locations (a point inside each of Haiti's communes and a few around it), 2 years of the MSS, a third with
fatalities. ACLED's data may not be redistributed; none is used. Nothing here asserts a time.

    .venv/bin/python bench/acled_import.py                          # SQLite (bench/results/acled_import.sqlite3)
    .venv/bin/python bench/acled_import.py --database postgresql    # scratch database, dropped afterwards
    .venv/bin/python bench/acled_import.py --rows 5000 --repeat 1   # quicker
"""

import argparse
import csv
import datetime
import io
import random
import statistics
import sys
import time
from pathlib import Path

import bench_databases as databases

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
SQLITE_PATH = RESULTS_DIR / "acled_import.sqlite3"
PG_DATABASE = "muster_bench_acled"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--rows", type=int, default=50_000, help="events in the ACLED file")
    parser.add_argument("--rows-per-row", type=int, default=2_000, help="events written by a store per row")
    parser.add_argument("--roll-rows", type=int, default=20_000, help="rows of the roll compared with")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each (median)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    passed = [f"--rows={args.rows}", f"--rows-per-row={args.rows_per_row}", f"--roll-rows={args.roll_rows}",
              f"--repeat={args.repeat}", "--child"]
    return databases.run_in_child(__file__, args.database, passed, sqlite_path=SQLITE_PATH,
                                  pg_database=PG_DATABASE, var_dir=RESULTS_DIR)


# =================================================================================================================
# The child: one database, set up, then the imports timed side by side.
# =================================================================================================================

def child_main(args):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from muster.core.models import User
    from muster.core.roles import roles_ensure
    from muster.demo.record import demo_load
    from muster.demo.users import demo_users_ensure
    from muster.force.models import Contingent
    from muster.missions.models import Mission
    from muster.operations.models import Actor, Casualty

    sys.path.insert(0, str(BENCH_DIR))
    import roll_import  # the roll's file and call, as bench/roll_import.py times them

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    roles_ensure()
    demo_load()
    demo_users_ensure()
    mission = Mission.objects.get(code="MSS")
    j3, j1 = User.objects.get(username="j3"), User.objects.get(username="j1")  # as on the pages
    demo_actors = set(Actor.objects.values_list("pk", flat=True))
    # The roll is emptied between runs (bench/roll_import.py's roll_empty): a casualty of a named officer (none in
    # today's demo) would hold on to their tour, so such casualties go first, and nothing else.
    Casualty.objects.filter(tour__isnull=False).delete()
    content = acled_csv(args.rows)
    contingent = Contingent.objects.select_related("country", "mission").get(mission__code="MSS", country_id="KEN",
                                                                             category="fpu")
    roll = roll_import.roll_xlsx(args.roll_rows)
    print(f"{connection.vendor}: {args.rows:,}-event ACLED CSV ({len(content) / 1e6:.1f} MB) into {mission.code}, "
          f"{args.roll_rows:,}-row roll for {contingent}; set up in {time.perf_counter() - started:.0f} s",
          flush=True)

    # name -> (rows, timed run); each starts from no imported incident (or, for the re-import, all of them)
    runs = {
        "Muster acled_import": (args.rows, lambda: muster_import(user=j3, mission=mission, content=content,
                                                                 rows=args.rows)),
        "the same file again": (args.rows, lambda: muster_import(user=j3, mission=mission, content=content,
                                                                 rows=args.rows, again=True)),
        "a store per row": (args.rows_per_row, lambda: per_row_import(
            user=j3, mission=mission, content=acled_csv(args.rows_per_row))),
        "Muster roll_import": (args.roll_rows, lambda: roll_import.muster_import(user=j1, contingent=contingent,
                                                                                 content=roll)),
    }
    # Wall time, and the processor time of this process: on a machine shared with other work the second moves
    # less (SQLite runs inside this process; PostgreSQL's server is not counted in it).
    timings = {name: [] for name in runs}
    for i in range(args.repeat):
        for name, (_rows, run) in runs.items():
            if name != "the same file again":
                incidents_empty(demo_actors)
                roll_import.roll_empty()
            began, began_cpu = time.perf_counter(), time.process_time()
            run()
            timings[name].append((time.perf_counter() - began, time.process_time() - began_cpu))
            print(f"  run {i + 1}: {name}: {timings[name][-1][0]:.2f} s ({timings[name][-1][1]:.2f} s of processor)",
                  flush=True)
    incidents_empty(demo_actors)
    roll_import.roll_empty()
    wall = {name: statistics.median(w for w, _c in values) for name, values in timings.items()}
    cpu = {name: statistics.median(c for _w, c in values) for name, values in timings.items()}
    per_row = {name: (wall[name] / runs[name][0] * 1e6, cpu[name] / runs[name][0] * 1e6) for name in runs}

    def ratio(a, b):
        return f"{per_row[a][0] / per_row[b][0]:5.1f}x wall, {per_row[a][1] / per_row[b][1]:5.1f}x processor"

    lines = [
        f"ACLED import of {args.rows:,} events beside a roll of {args.roll_rows:,} rows, {connection.vendor}, "
        f"median of {args.repeat} runs, each committed",
        f"{'':22} {'rows':>8} {'seconds':>9} {'rows/s':>9} {'µs/row':>8} {'processor µs/row':>17}",
        *(f"{name:22} {runs[name][0]:8,} {wall[name]:9.2f} {runs[name][0] / wall[name]:9,.0f} "
          f"{per_row[name][0]:8,.0f} {per_row[name][1]:17,.0f}" for name in runs),
        f"ACLED ÷ roll, per row   = {ratio('Muster acled_import', 'Muster roll_import')}",
        f"a store per row ÷ bulk  = {ratio('a store per row', 'Muster acled_import')}  (why the import writes in "
        f"bulk)",
    ]
    print()
    print("\n".join(lines))
    (RESULTS_DIR / f"acled_import_{connection.vendor}.txt").write_text("\n".join(lines) + "\n")
    return 0


# --- the file -------------------------------------------------------------------------------------------------

def locations(rng):
    """A few hundred named points, each inside a commune: its representative point, and up to two more about a
    kilometre away where they stay in it (ACLED places events at a location's coordinates, so they repeat)."""
    from shapely.geometry import Point, shape

    from muster.places.models import AdminArea

    found = []
    for commune in AdminArea.objects.filter(level=AdminArea.Level.ADM2).select_related("parent").order_by("pcode"):
        outline = shape(commune.geometry)
        inside = outline.representative_point()
        points = [(inside.y, inside.x)]
        for _ in range(2):
            lat, lon = inside.y + rng.uniform(-0.01, 0.01), inside.x + rng.uniform(-0.01, 0.01)
            if outline.contains(Point(round(lon, 4), round(lat, 4))):
                points.append((lat, lon))
        for n, (lat, lon) in enumerate(points):
            found.append({"admin1": commune.parent.name_fr or commune.parent.name_en,
                          "admin2": commune.name_fr or commune.name_en, "latitude": f"{lat:.4f}",
                          "longitude": f"{lon:.4f}", "location": f"{commune.name_en} sample place {n + 1}"})
    return found


def acled_csv(rows, seed=13):
    """`rows` synthetic events in ACLED's columns, deterministic for `seed`."""
    from muster.operations.acled.parsing import COLUMNS
    from muster.operations.models import EventType

    rng = random.Random(seed)
    places = locations(rng)
    kinds = list(EventType.objects.filter(acled=True).values_list("disorder_type", "event_type", "sub_event_type"))
    groups = [(f"Sample group {n:03}", rng.choice((2, 3, 4))) for n in range(300)]
    others = [("Police Forces of Haiti (2021-)", 1), ("Civilians (Haiti)", 7), ("Sample protesters", 6)]
    start = datetime.date(2023, 10, 2)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for i in range(rows):
        day = start + datetime.timedelta(days=rng.randrange(730))
        disorder, event_type, sub_event_type = rng.choice(kinds)
        (actor1, inter1), (actor2, inter2) = rng.choice(groups), rng.choice(others + groups[:20])
        if actor2 == actor1:
            actor2, inter2 = others[0]
        associated = f"{rng.choice(groups)[0]}; {rng.choice(groups)[0]}" if i % 5 == 0 else ""
        place = rng.choice(places)
        fatalities = rng.choice((0, 0, 1, 2, 3, 5, 8)) if i % 3 == 0 else 0
        row = {
            "event_id_cnty": f"SYN{i:06}", "event_date": f"{day.day} {day:%B} {day.year}", "year": day.year,
            "time_precision": rng.choice((1, 1, 1, 2, 3)), "disorder_type": disorder, "event_type": event_type,
            "sub_event_type": sub_event_type, "actor1": actor1, "assoc_actor_1": associated, "inter1": inter1,
            "actor2": actor2, "assoc_actor_2": "", "inter2": inter2, "interaction": "", "civilian_targeting": "",
            "iso": 332, "region": "Caribbean", "country": "Haiti", "admin3": "", **place, "geo_precision": 1,
            "source": "Sample Daily; Sample Radio", "source_scale": "National",
            "notes": f"Sample event {i}: invented for the benchmark.", "fatalities": fatalities, "tags": "",
            "timestamp": 1740000000 + i}
        writer.writerow([row[c] for c in COLUMNS])
    return buffer.getvalue().encode()


def incidents_empty(keep_actors):
    """Delete the incidents the benchmark imported (SYN…) with their tolls, citations and links, the actors an import
    added, and the change log: each run imports into a mission without them. The demo's own incidents stay."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from muster.core.models import ObjectChange
    from muster.operations.models import Actor, Incident, Toll
    from muster.sources.models import Citation

    with transaction.atomic():
        imported = Incident.objects.filter(acled_id__startswith="SYN")
        keys = imported.values("pk")
        Citation.objects.filter(content_type=ContentType.objects.get_for_model(Incident),
                                object_id__in=keys)._raw_delete("default")
        Toll.objects.filter(incident__in=keys)._raw_delete("default")
        for name in ("associated_actors1", "associated_actors2", "units"):
            getattr(Incident, name).through.objects.filter(incident__in=keys)._raw_delete("default")
        imported._raw_delete("default")
        Actor.objects.exclude(pk__in=keep_actors)._raw_delete("default")
        ObjectChange.objects.all()._raw_delete("default")


# --- the ways ---------------------------------------------------------------------------------------------------

def muster_import(*, user, mission, content, rows, again=False):
    from muster.operations.acled import acled_import
    from muster.operations.acled.parsing import acled_rows_read

    result = acled_import(user=user, mission=mission, acled=acled_rows_read(content=content, filename="acled.csv"),
                          filename="acled.csv")
    if not result.committed or (result.unchanged if again else result.created) != rows:
        raise SystemExit(f"Muster refused or miscounted the file: {result.errors[:3]} {result.created} "
                         f"{result.unchanged}")


def per_row_import(*, user, mission, content):
    """The same matching, then a store per record, in one transaction (all or nothing, as the import)."""
    from django.db import transaction

    from muster.core.changelog import change_context
    from muster.core.store import record_store
    from muster.operations.acled.matching import acled_match
    from muster.operations.acled.parsing import acled_rows_read
    from muster.operations.services import incident_store

    with transaction.atomic(), change_context(user=user, message="ACLED import, a store per row"):
        changes = acled_match(user=user, mission=mission, acled=acled_rows_read(content=content,
                                                                                 filename="acled.csv"))
        if changes.errors:
            raise SystemExit(f"Muster refused the file: {changes.errors[:3]}")
        if changes.source.pk is None:
            record_store(user=None, record=changes.source)
        for actor in changes.actors_new:
            record_store(user=user, record=actor)
        quotes = {id(c.cited_incident): c for c in changes.citations_new}
        for incident in changes.incidents_new:
            incident.actor1, incident.actor2 = incident.actor1, incident.actor2
            sides = changes.associated.get(id(incident), ([], []))
            citation = quotes[id(incident)]
            incident_store(user=user, incident=incident, many={"associated_actors1": sides[0],
                                                               "associated_actors2": sides[1]},
                           source=changes.source, quote=citation.quote, locator=citation.locator)
        for toll in changes.tolls_new:
            toll.incident = toll.incident
            record_store(user=user, record=toll)


if __name__ == "__main__":
    sys.exit(main())
