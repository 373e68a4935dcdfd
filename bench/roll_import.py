"""Benchmark of the roll import: 20,000 rows (XLSX) through Muster, through django-import-export, and bare.

On the same file and the same database, in one run, side by side (median of --repeat runs, each into an
empty roll and committed):

  * **Muster**: `roll_rows_read` + `roll_import` (force/services.py): every row validated, all or nothing,
    one change-log batch, the importer's scope re-checked — what the import page does;
  * **django-import-export**: a `ModelResource` for Person, then one for Tour, over the same workbook read
    by tablib, with the validation it can express (the models' `full_clean()`, dates, sex and reason
    widgets, people matched by country + service number, tours by person + contingent + arrival, unchanged
    rows skipped, one transaction each) — what a Django team would write with that library;
  * **bare bulk_create** of Person and Tour objects built and validated beforehand: the limit, no reading,
    no checking, no change log.

Targets (issue 3): Muster at least 5x faster than django-import-export, and within 3x of the bare insert.
Nothing here asserts a time. Needs the `bench` extra (`pip install -e '.[bench]'`, which `make bench` does).

    .venv/bin/python bench/roll_import.py                        # SQLite (bench/results/roll_import.sqlite3)
    .venv/bin/python bench/roll_import.py --database postgresql  # scratch database, dropped afterwards
    .venv/bin/python bench/roll_import.py --rows 2000 --repeat 1 # quicker
"""

import argparse
import datetime
import io
import statistics
import sys
import time
from pathlib import Path

import bench_databases as databases

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
SQLITE_PATH = RESULTS_DIR / "roll_import.sqlite3"
PG_DATABASE = "muster_bench_roll"

FASTER_THAN_IMPORT_EXPORT = 5.0  # django-import-export ÷ Muster, at least
WITHIN_BARE = 3.0  # Muster ÷ bare bulk_create, at most

HEADERS = ["Service number", "Family name", "Given names", "Rank", "NATO grade", "Sex", "Date of birth",
           "Specialty", "Languages", "Arrival", "Planned end", "Departure", "Departure reason"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of Muster and the bare insert (median)")
    parser.add_argument("--repeat-slow", type=int, default=1, help="timed runs of django-import-export (median)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    passed = [f"--rows={args.rows}", f"--repeat={args.repeat}", f"--repeat-slow={args.repeat_slow}", "--child"]
    return databases.run_in_child(__file__, args.database, passed, sqlite_path=SQLITE_PATH,
                                  pg_database=PG_DATABASE, var_dir=RESULTS_DIR)


# =================================================================================================
# The child: one database, set up, then the three imports timed side by side.
# =================================================================================================

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

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    roles_ensure()
    demo_load()
    demo_users_ensure()
    contingent = Contingent.objects.select_related("country", "mission").get(mission__code="MSS", country_id="KEN",
                                                                             category="fpu")
    user = User.objects.get(username="j1")  # the personnel officer: the scope check runs as on the page
    content = roll_xlsx(args.rows)
    print(f"{connection.vendor}: {args.rows:,}-row XLSX ({len(content) / 1e6:.1f} MB) for {contingent}; "
          f"set up in {time.perf_counter() - started:.0f} s", flush=True)

    # name -> (untimed preparation, timed run taking what it prepared)
    runs = {
        "Muster roll_import": (lambda: None,
                               lambda _: muster_import(user=user, contingent=contingent, content=content)),
        "django-import-export": (lambda: None, lambda _: import_export_import(contingent=contingent, content=content)),
        "bare bulk_create": (lambda: bare_objects(contingent=contingent, rows=args.rows),
                             lambda prepared: bare_insert(people=prepared[0], tours=prepared[1])),
    }
    timings = {name: [] for name in runs}
    for i in range(max(args.repeat, args.repeat_slow)):
        for name, (prepare, run) in runs.items():
            if len(timings[name]) >= (args.repeat_slow if name == "django-import-export" else args.repeat):
                continue
            roll_empty()
            prepared = prepare()
            began = time.perf_counter()
            run(prepared)
            timings[name].append(time.perf_counter() - began)
            _check_imported(name, contingent, args.rows)
            print(f"  run {i + 1}: {name}: {timings[name][-1]:.2f} s", flush=True)
    roll_empty()
    median = {name: statistics.median(values) for name, values in timings.items()}
    muster, slow, bare = median["Muster roll_import"], median["django-import-export"], median["bare bulk_create"]
    lines = [
        f"Roll import of {args.rows:,} rows (XLSX), {connection.vendor}, median of "
        f"{args.repeat} (django-import-export: {args.repeat_slow}) runs, each into an empty roll",
        f"{'':24} {'seconds':>9} {'rows/s':>9}",
        *(f"{name:24} {seconds:9.2f} {args.rows / seconds:9,.0f}" for name, seconds in median.items()),
        f"django-import-export ÷ Muster = {slow / muster:5.1f}x  (target ≥ {FASTER_THAN_IMPORT_EXPORT:.0f}x: "
        f"{'met' if slow / muster >= FASTER_THAN_IMPORT_EXPORT else 'MISSED'})",
        f"Muster ÷ bare bulk_create    = {muster / bare:5.1f}x  (target ≤ {WITHIN_BARE:.0f}x: "
        f"{'met' if muster / bare <= WITHIN_BARE else 'MISSED'})",
    ]
    print()
    print("\n".join(lines))
    (RESULTS_DIR / f"roll_import_{connection.vendor}.txt").write_text("\n".join(lines) + "\n")
    return 0


def roll_xlsx(rows):
    """A synthetic roll, obviously invented: Sample Officer NNNNN, mixed sexes, ranks and arrival dates."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADERS)
    ranks = (("Constable", "OR-3"), ("Corporal", "OR-4"), ("Sergeant", "OR-6"), ("Inspector", "OF-1"))
    for i in range(rows):
        rank, grade = ranks[i % len(ranks)]
        arrival = datetime.date(2024, 6, 25) + datetime.timedelta(days=i % 300)
        departed = i % 10 == 0 and arrival < datetime.date(2025, 1, 1)
        sheet.append([f"SYN{i:06d}", f"Officer {i + 1:05d}", "Sample", rank, grade, "F" if i % 6 == 0 else "M",
                      datetime.date(1980, 1, 1) + datetime.timedelta(days=i % 7000), "Patrol", "en",
                      arrival, None, arrival + datetime.timedelta(days=180) if departed else None,
                      "End of tour" if departed else None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def roll_empty():
    """Delete every person, tour (with its statuses and postings) and change-log row: each run imports into an
    empty roll."""
    from django.db import connection, transaction

    from muster.core.models import ObjectChange
    from muster.force.models import DutyStatus, Person, Posting, Tour

    with transaction.atomic(), connection.cursor() as cursor:
        for model in (Posting, DutyStatus, Tour, Person, ObjectChange):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def _check_imported(name, contingent, rows):
    from muster.force.models import Person, Tour

    people, tours = Person.objects.count(), Tour.objects.filter(contingent=contingent).count()
    if (people, tours) != (rows, rows):
        raise SystemExit(f"{name} stored {people} people and {tours} tours, not {rows} of each")


# --- the three ways ------------------------------------------------------------------------------

def muster_import(*, user, contingent, content):
    from muster.force.imports import roll_rows_read
    from muster.force.services import roll_import

    result = roll_import(user=user, contingent=contingent, filename="roll.xlsx",
                         roll=roll_rows_read(content=content, filename="roll.xlsx"))
    if not result.committed:
        raise SystemExit(f"Muster refused the roll: {result.errors[:3]}")


def import_export_import(*, contingent, content):
    import tablib

    from muster.core.changelog import change_context

    dataset = tablib.Dataset().load(content, format="xlsx")
    # What the import page knows from its form (the contingent, hence the country), as columns the
    # resources can match on: import-export identifies rows only by columns of the file.
    dataset.append_col([contingent.country_id] * dataset.height, header="country")
    dataset.append_col([contingent.pk] * dataset.height, header="contingent")
    with change_context(message="Roll import (django-import-export)"):
        for resource in (PersonResource(contingent=contingent), TourResource(contingent=contingent)):
            result = resource.import_data(dataset, dry_run=False, raise_errors=False)
            if result.has_errors() or result.has_validation_errors():
                invalid = [(r.number, r.error_dict) for r in result.invalid_rows[:2]] or [
                    (r.number, [str(e.error) for e in r.errors]) for r in result.error_rows[:2]]
                raise SystemExit(f"django-import-export refused the roll: {invalid} {result.base_errors[:1]} "
                                 f"{[e.traceback for r in result.error_rows[:1] for e in r.errors]}")


def bare_objects(*, contingent, rows):
    """The limit's input: Person and Tour objects built and checked before the clock starts."""
    from muster.force.models import Person, Tour, add_months

    people, tours = [], []
    for i in range(rows):
        person = Person(country=contingent.country, service_number=f"SYN{i:06d}", family_name=f"Officer {i + 1:05d}",
                        given_names="Sample", rank="Constable", grade="OR-3",
                        sex="female" if i % 6 == 0 else "male", date_of_birth=datetime.date(1980, 1, 1),
                        specialty="Patrol", languages="en")
        arrival = datetime.date(2024, 6, 25) + datetime.timedelta(days=i % 300)
        people.append(person)
        tours.append(Tour(person=person, contingent=contingent, arrival=arrival,
                          planned_end=add_months(arrival, contingent.mission.tour_length_months)))
    return people, tours


def bare_insert(*, people, tours):
    from django.db import transaction

    from muster.force.models import Person, Tour

    with transaction.atomic():
        Person.objects.bulk_create(people, batch_size=2000)
        for tour in tours:
            tour.person = tour.person  # the person's key, now that it has one
        Tour.objects.bulk_create(tours, batch_size=2000)


# --- django-import-export resources --------------------------------------------------------------

def _resources():
    from import_export import fields, resources, widgets

    from muster.force.imports import parse_reason, parse_sex
    from muster.force.models import Contingent, Person, Tour
    from muster.missions.models import Country

    class ChoiceWidget(widgets.Widget):
        def __init__(self, parse):
            super().__init__()
            self.parse = parse

        def clean(self, value, row=None, **kwargs):
            return self.parse(value) if value not in (None, "") else ""

    class PersonOfCountryWidget(widgets.ForeignKeyWidget):
        """A person by service number, within the contingent's country (service numbers are per country)."""

        def __init__(self, country):
            super().__init__(Person, field="service_number")
            self.country = country

        def get_queryset(self, value, row, *args, **kwargs):
            return Person.objects.filter(country=self.country)

    def text(attribute, column):
        return fields.Field(attribute=attribute, column_name=column, widget=widgets.CharWidget())

    def date(attribute, column):
        return fields.Field(attribute=attribute, column_name=column, widget=widgets.DateWidget())

    class PersonResource(resources.ModelResource):
        country = fields.Field(attribute="country", column_name="country",
                               widget=widgets.ForeignKeyWidget(Country, field="iso3"))
        service_number = text("service_number", "Service number")
        family_name = text("family_name", "Family name")
        given_names = text("given_names", "Given names")
        rank = text("rank", "Rank")
        grade = text("grade", "NATO grade")
        sex = fields.Field(attribute="sex", column_name="Sex", widget=ChoiceWidget(parse_sex))
        date_of_birth = date("date_of_birth", "Date of birth")
        specialty = text("specialty", "Specialty")
        languages = text("languages", "Languages")

        class Meta:
            model = Person
            fields = ("country", "service_number", "family_name", "given_names", "rank", "grade", "sex",
                      "date_of_birth", "specialty", "languages")
            import_id_fields = ("country", "service_number")
            clean_model_instances = True  # the model's full_clean(): NATO grade, choices, lengths
            skip_unchanged = True
            use_transactions = True  # all or nothing

        def __init__(self, *, contingent):
            super().__init__()
            self.contingent = contingent

    class TourResource(resources.ModelResource):
        person = fields.Field(attribute="person", column_name="Service number")
        contingent = fields.Field(attribute="contingent", column_name="contingent",
                                  widget=widgets.ForeignKeyWidget(Contingent))
        arrival = date("arrival", "Arrival")
        planned_end = date("planned_end", "Planned end")
        departure = date("departure", "Departure")
        departure_reason = fields.Field(attribute="departure_reason", column_name="Departure reason",
                                        widget=ChoiceWidget(parse_reason))

        class Meta:
            model = Tour
            fields = ("person", "contingent", "arrival", "planned_end", "departure", "departure_reason")
            import_id_fields = ("person", "contingent", "arrival")
            clean_model_instances = True  # Tour.clean(): dates in order, planned end, one tour at a time
            skip_unchanged = True
            use_transactions = True

        def __init__(self, *, contingent):
            super().__init__()
            self.contingent = contingent
            self.fields["person"].widget = PersonOfCountryWidget(contingent.country)

    return PersonResource, TourResource


class _Lazy:
    """The resources are defined after django.setup(), on first use."""

    def __init__(self, index):
        self.index = index

    def __call__(self, **kwargs):
        return _resources()[self.index](**kwargs)


PersonResource, TourResource = _Lazy(0), _Lazy(1)


if __name__ == "__main__":
    sys.exit(main())
