"""Synthetic force history at the size DESIGN.md names: 100 missions, 5,000 contingents, 1,000,000 movements.

`dataset_ensure(...)` fills a migrated, empty Muster database (whichever DATABASE_URL names) once and
records what it generated in a marker table, `bench_dataset`, so a later run with the same seed and
size reuses the data instead of generating it again. The data is deterministic for a seed.

The history is plausible, not random noise: each mission has a life (some still running), each
contingent arrives, rotates, takes casualties and, when it or its mission ends, leaves; men, women and
sex unknown always add up to the count; and no contingent ever has fewer than nobody (an outflow never
exceeds the running strength, per sex too). Movements are inserted in date order, as they would be
recorded over the years, so one mission's rows are scattered over the whole table as in production.

Bulk paths skip the change log (no signals fire): missions and contingents go through `bulk_create`,
movements through `executemany` on SQLite and `COPY` on PostgreSQL.

Command line (uses DATABASE_URL and MUSTER_VAR_DIR like `muster` itself, migrating first):

    .venv/bin/python bench/generate.py [--seed 1] [--movements 1000000] [--replace]
"""

import argparse
import datetime
import itertools
import math
import os
import random
import sys
import time
from dataclasses import asdict, dataclass

MARKER_TABLE = "bench_dataset"
TODAY = datetime.date(2025, 12, 31)  # the fixed "now" of the synthetic history, for determinism
EARLIEST_START = datetime.date(1995, 1, 1)


@dataclass(frozen=True)
class Size:
    missions: int = 100
    contingents: int = 5_000
    movements: int = 1_000_000


@dataclass(frozen=True)
class Dataset:
    """What the marker table says was generated, and how long it took."""

    seed: int
    missions: int
    contingents: int
    movements: int
    seconds: float
    generated_at: str

    @property
    def size(self):
        return Size(self.missions, self.contingents, self.movements)


# Per category: relative share of contingents, typical pledged strength (low, high), women's share,
# and how busy its movement history is relative to its life.
CATEGORY_PROFILE = {
    "military": (0.30, (150, 1500), 0.06, 1.5),
    "fpu": (0.25, (120, 180), 0.12, 1.2),
    "ipo": (0.20, (5, 90), 0.22, 1.0),
    "staff": (0.15, (5, 45), 0.16, 0.6),
    "civilian": (0.10, (3, 30), 0.35, 0.6),
}

# Movement kinds with their base probability for a movement after the first arrival.
INFLOW_KINDS = (("arrival", 0.22), ("rotation_in", 0.25), ("transfer_in", 0.01))
OUTFLOW_KINDS = (
    ("departure", 0.18), ("rotation_out", 0.25), ("transfer_out", 0.01),
    ("medevac", 0.05), ("killed", 0.015), ("missing", 0.005),
)
CASUALTIES = {"medevac", "killed", "missing"}
COUNTERPART = {"arrival": "departure", "rotation_in": "rotation_out", "transfer_in": "transfer_out",
               "departure": "arrival", "rotation_out": "rotation_in", "transfer_out": "transfer_in"}
_KINDS = [kind for kind, _ in INFLOW_KINDS + OUTFLOW_KINDS]
_KIND_WEIGHTS = list(itertools.accumulate(p for _, p in INFLOW_KINDS + OUTFLOW_KINDS))
_INFLOW = {kind for kind, _ in INFLOW_KINDS}


# --- the marker table ----------------------------------------------------------------------------

def dataset_marker(connection):
    """The Dataset recorded in this database, or None when nothing (complete) was generated here."""
    with connection.cursor() as cursor:
        if MARKER_TABLE not in connection.introspection.table_names(cursor):
            return None
        cursor.execute("SELECT seed, missions, contingents, movements, seconds, generated_at "
                       f"FROM {MARKER_TABLE}")
        row = cursor.fetchone()
    return Dataset(*row) if row else None


def _write_marker(connection, dataset):
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (seed integer, missions integer, "
            "contingents integer, movements integer, seconds double precision, generated_at varchar(40))"
        )
        cursor.execute(f"DELETE FROM {MARKER_TABLE}")
        cursor.execute(f"INSERT INTO {MARKER_TABLE} VALUES (%s, %s, %s, %s, %s, %s)",
                       [dataset.seed, dataset.missions, dataset.contingents, dataset.movements,
                        dataset.seconds, dataset.generated_at])


# --- the public entry points ---------------------------------------------------------------------

def dataset_ensure(*, seed=1, size=Size(), replace=False, log=print):
    """The synthetic dataset for `seed` and `size`: reused when the marker says it is there, else generated.

    Refuses to touch a database holding other force data unless `replace` (which deletes all
    missions, contingents and movements first).
    """
    from django.db import connection

    existing = dataset_marker(connection)
    if existing and existing.seed == seed and existing.size == size:
        log(f"  reusing the generated data (seed {seed}, generated in {existing.seconds:.0f} s)")
        return existing
    return dataset_generate(seed=seed, size=size, replace=replace or existing is not None, log=log)


def dataset_generate(*, seed=1, size=Size(), replace=False, log=print):
    """Generate the synthetic history into the default database, in one transaction, and mark it."""
    from django.db import connection, transaction

    from muster.force.models import Contingent, Movement
    from muster.missions.models import Mission

    started = time.perf_counter()
    rng = random.Random(seed)
    with transaction.atomic():
        if Movement.objects.exists() or Contingent.objects.exists() or Mission.objects.exists():
            if not replace:
                raise SystemExit("The database already holds missions or movements; "
                                 "pass --replace to delete them.")
            _delete_force_data(connection)
        missions = _missions_create(rng, size.missions)
        contingents, plans = _contingents_create(rng, missions, size.contingents, size.movements)
        log(f"  {len(missions)} missions and {len(contingents):,} contingents created; generating movements…")
        rows = _movement_rows(rng, contingents, plans)
        log(f"  {len(rows):,} movements generated in {time.perf_counter() - started:.0f} s; inserting…")
        _movements_insert(connection, rows)
        dataset = Dataset(seed=seed, missions=len(missions), contingents=len(contingents),
                          movements=len(rows), seconds=round(time.perf_counter() - started, 1),
                          generated_at=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"))
        _write_marker(connection, dataset)
    _analyze(connection)
    dataset = Dataset(**(asdict(dataset) | {"seconds": round(time.perf_counter() - started, 1)}))
    _write_marker(connection, dataset)
    log(f"  generated and analysed in {dataset.seconds:.0f} s")
    return dataset


def _delete_force_data(connection):
    from muster.force.models import Contingent, Movement
    from muster.missions.models import Mission

    with connection.cursor() as cursor:
        for model in (Movement, Contingent, Mission):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def _analyze(connection):
    """Refresh the planner's statistics, as PostgreSQL's autovacuum would after a load this size."""
    from muster.force.models import Contingent, Movement

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Movement, Contingent):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    # SQLite: left as Muster leaves it (no ANALYZE, no sqlite_stat1), so the plans measured are the
    # plans a deployed embedded database gets.


# --- missions and contingents --------------------------------------------------------------------

def _missions_create(rng, count):
    from muster.missions.models import Country, Mission

    countries = list(Country.objects.order_by("iso3").values_list("iso3", flat=True))
    span = (TODAY - EARLIEST_START).days
    missions = []
    for number in range(1, count + 1):
        start = EARLIEST_START + datetime.timedelta(days=rng.randrange(span - 2 * 365))
        end = start + datetime.timedelta(days=rng.randint(2 * 365, 25 * 365))
        missions.append(Mission(
            code=f"SYN{number:03d}", name=f"Synthetic mission {number}",
            lead_country_id=rng.choice(countries),
            start=start, end=end if end < TODAY else None, tour_length_months=rng.choice((6, 9, 12)),
            description="Synthetic benchmark data.",
        ))
    return Mission.objects.bulk_create(missions, batch_size=1000)


@dataclass
class _Plan:
    """How one contingent's history is to be drawn: its days, size, sex mix and number of movements."""

    first_day: int  # date ordinals
    last_day: int
    leaves: bool  # ends with everyone departing (the contingent withdrew or its mission ended)
    movements: int
    pledged: int
    women_share: float
    unknown_share: float


def _contingents_create(rng, missions, count, movement_count):
    from muster.force.models import Contingent
    from muster.missions.models import Country

    countries = list(Country.objects.order_by("iso3").values_list("iso3", flat=True))
    # A few countries contribute to many missions, most to few (as in UN force generation).
    country_weights = [rng.lognormvariate(0, 1.2) for _ in countries]
    categories = list(CATEGORY_PROFILE)
    category_weights = [profile[0] for profile in CATEGORY_PROFILE.values()]
    per_mission = _apportion(count, [rng.lognormvariate(0, 0.6) for _ in missions], minimum=5)

    contingents, plans, weights = [], [], []
    for mission, n in zip(missions, per_mission, strict=True):
        mission_first = mission.start.toordinal()
        mission_last = (mission.end or TODAY).toordinal()
        life = mission_last - mission_first
        taken = set()
        while len(taken) < n:
            pair = (rng.choices(countries, country_weights)[0], rng.choices(categories, category_weights)[0])
            if pair in taken:
                continue
            taken.add(pair)
            country, category = pair
            _, (low, high), women, busy = CATEGORY_PROFILE[category]
            first_day = mission_first + rng.randint(0, life * 3 // 10)
            withdraws = mission.end is not None or rng.random() < 0.2
            last_day = mission_last
            if mission.end is None and withdraws:
                stay = mission_last - first_day
                last_day = first_day + rng.randint(stay * 3 // 10, stay)
            pledged = rng.randint(low, high)
            contingents.append(Contingent(mission=mission, country_id=country, category=category,
                                          pledged_strength=pledged))
            plans.append(_Plan(first_day, max(last_day, first_day + 1), withdraws, 0, pledged,
                               min(0.9, women * rng.uniform(0.5, 1.5)),
                               rng.uniform(0.05, 0.5) if rng.random() < 0.4 else 0.0))
            weights.append((last_day - first_day + 30) * busy * rng.lognormvariate(0, 0.5))
    for plan, n in zip(plans, _apportion(movement_count, weights, minimum=2), strict=True):
        plan.movements = n
    return Contingent.objects.bulk_create(contingents, batch_size=1000), plans


def _apportion(total, weights, *, minimum):
    """`total` split in proportion to `weights`, each part at least `minimum` (largest remainders)."""
    spare = total - minimum * len(weights)
    if spare < 0:
        raise ValueError(f"{total} cannot give {len(weights)} parts at least {minimum} each")
    whole = sum(weights)
    shares = [spare * w / whole for w in weights]
    parts = [math.floor(s) for s in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: shares[i] - parts[i], reverse=True)
    for i in by_remainder[: spare - sum(parts)]:
        parts[i] += 1
    return [minimum + p for p in parts]


# --- movements -----------------------------------------------------------------------------------

def _movement_rows(rng, contingents, plans):
    """Every contingent's movements as (day ordinal, contingent id, kind, count, men, women, unknown),
    sorted by day as they would have been recorded."""
    rows = []
    for contingent, plan in zip(contingents, plans, strict=True):
        rows.extend(_contingent_history(rng, contingent.pk, plan))
    rows.sort(key=lambda row: row[0])
    return rows


def _contingent_history(rng, contingent_id, plan):
    """One contingent's movements: an arrival, then a mix keeping strength near its pledge, never below 0."""
    pledged = plan.pledged
    strength = [0, 0, 0]  # men, women, unknown
    days = sorted(rng.randint(plan.first_day + 1, plan.last_day) for _ in range(plan.movements - 1))
    days.insert(0, plan.first_day)
    rows = []
    last = len(days) - 1
    for i, day in enumerate(days):
        total = strength[0] + strength[1] + strength[2]
        if i == 0:
            kind, count = "arrival", max(1, round(pledged * rng.uniform(0.4, 1.0)))
        elif i == last and plan.leaves:
            kind, count = "departure", total  # the one before made sure someone is left to leave
        else:
            kind = _kind_draw(rng, total, pledged)
            count = _size_draw(rng, kind, pledged)
            if kind not in _INFLOW:
                # Never more than are there; and keep one for the final departure of a leaving contingent.
                count = min(count, total - (1 if plan.leaves and i == last - 1 else 0))
                if count < 1:
                    kind, count = "arrival", _size_draw(rng, "arrival", pledged)
        if kind in _INFLOW:
            men, women, unknown = _split_inflow(rng, count, plan)
            strength[0] += men
            strength[1] += women
            strength[2] += unknown
        else:
            men, women, unknown = _split_outflow(count, strength)
            strength[0] -= men
            strength[1] -= women
            strength[2] -= unknown
        rows.append((day, contingent_id, kind, count, men, women, unknown))
    return rows


def _kind_draw(rng, total, pledged):
    if total == 0:
        return "arrival" if rng.random() < 0.6 else "rotation_in"
    kind = rng.choices(_KINDS, cum_weights=_KIND_WEIGHTS)[0]
    if kind in CASUALTIES:
        return kind
    # Pull the strength back towards the pledge: swap an inflow for an outflow when over, and back.
    if kind in _INFLOW and total > 1.2 * pledged and rng.random() < 0.6:
        return COUNTERPART[kind]
    if kind not in _INFLOW and total < 0.6 * pledged and rng.random() < 0.6:
        return COUNTERPART[kind]
    return kind


def _size_draw(rng, kind, pledged):
    if kind in ("killed", "missing"):
        return rng.randint(1, 2)
    if kind == "medevac":
        return rng.randint(1, 4)
    if kind.startswith("rotation"):
        return max(1, round(pledged * rng.uniform(0.05, 0.35)))
    if kind.startswith("transfer"):
        return max(1, round(pledged * rng.uniform(0.01, 0.1)))
    return max(1, round(pledged * rng.uniform(0.01, 0.15)))


def _split_inflow(rng, count, plan):
    women = min(count, round(count * plan.women_share * rng.uniform(0.6, 1.4)))
    unknown = min(count - women, round(count * plan.unknown_share * rng.uniform(0.6, 1.4)))
    return count - women - unknown, women, unknown


def _split_outflow(count, strength):
    """Who leaves: in proportion to who is there, never more of a sex than are present."""
    men_there, women_there, unknown_there = strength
    total = men_there + women_there + unknown_there
    women = min(women_there, count * women_there // total)
    unknown = min(unknown_there, count * unknown_there // total, count - women)
    men = count - women - unknown
    if men > men_there:  # rounding left too many men: take the rest from women, then unknown
        extra, men = men - men_there, men_there
        more_women = min(extra, women_there - women)
        women += more_women
        unknown += extra - more_women
    return men, women, unknown


def _movements_insert(connection, rows):
    from muster.force.models import Movement

    table = Movement._meta.db_table
    columns = ["contingent_id", "kind", "date", "count", "men", "women", "unknown", "note", "created",
               "last_updated", "version"]
    stamp = connection.ops.adapt_datetimefield_value(
        datetime.datetime.combine(TODAY, datetime.time(), tzinfo=datetime.UTC))
    iso = {}  # day ordinal -> "YYYY-MM-DD", shared between rows

    def values():
        for day, contingent_id, kind, count, men, women, unknown in rows:
            date = iso.get(day) or iso.setdefault(day, datetime.date.fromordinal(day).isoformat())
            yield (contingent_id, kind, date, count, men, women, unknown, "", stamp, stamp, 1)

    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
            for row in values():
                copy.write_row(row)
    else:
        connection.ensure_connection()
        marks = ", ".join("?" for _ in columns)
        connection.connection.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", values())


# --- command line --------------------------------------------------------------------------------

def django_setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "muster.settings")
    import django

    django.setup()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--missions", type=int, default=Size.missions)
    parser.add_argument("--contingents", type=int, default=Size.contingents)
    parser.add_argument("--movements", type=int, default=Size.movements)
    parser.add_argument("--replace", action="store_true",
                        help="delete the missions, contingents and movements already there")
    args = parser.parse_args(argv)
    django_setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    size = Size(args.missions, args.contingents, args.movements)
    dataset_ensure(seed=args.seed, size=size, replace=args.replace)


if __name__ == "__main__":
    sys.exit(main())
