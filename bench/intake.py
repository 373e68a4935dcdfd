"""Intake of a 1,000-word statement: read (intake.reading.statement_read) and submitted with its proposals matched
against the records (intake.services.statement_submit), median and 95th percentile after the first, in one run.

The statement is English news copy of about 1,000 words made of the test corpus's English statements
(tests/intake/corpus/, written for Muster's tests) one after the other, so that it proposes what they do: arrivals,
departures, totals, funding, incidents. Submitting is measured on the MSS demo (a SQLite file of its own in
bench/results/, made here once and kept), as J1, rolled back each time so every run finds the same records. Each
run after the first is given another publication date, so that no cache of the engine's dates helps it. Target: at
most 1 s at the median and the 95th percentile; nothing here asserts a time.

    .venv/bin/python bench/intake.py [--repeat 40] [--words 1000]
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
SQLITE_PATH = RESULTS_DIR / "intake_bench.sqlite3"
CORPUS = ROOT / "tests" / "intake" / "corpus"
TARGET_SECONDS = 1.0


def statement_of(words):
    """English statements of the corpus, one after another, until `words` words."""
    paragraphs, count = [], 0
    for path in sorted(CORPUS.glob("en_*.json")):
        text = json.loads(path.read_text())["text"].strip()
        paragraphs.append(text)
        count += len(text.split())
        if count >= words:
            break
    return "\n\n".join(paragraphs), count


def percentile_95(values):
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def timed(function, repeat):
    """(first, [each later run]) in seconds; function(i) for i in 0…repeat."""
    start = time.perf_counter()
    function(0)
    first = time.perf_counter() - start
    times = []
    for i in range(1, repeat + 1):
        start = time.perf_counter()
        function(i)
        times.append(time.perf_counter() - start)
    return first, times


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--words", type=int, default=1000)
    args = parser.parse_args(argv)

    RESULTS_DIR.mkdir(exist_ok=True)
    os.environ.update({"DATABASE_URL": f"sqlite:///{SQLITE_PATH}", "MUSTER_VAR_DIR": str(RESULTS_DIR / "var"),
                       "DJANGO_SETTINGS_MODULE": "muster.settings"})
    sys.path[:0] = [str(ROOT)]
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from muster.core.models import User
    from muster.core.roles import roles_ensure
    from muster.demo.record import demo_load
    from muster.demo.users import demo_users_ensure
    from muster.intake.reading import statement_read
    from muster.intake.services import statement_submit
    from muster.missions.models import Mission

    call_command("migrate", verbosity=0)
    if not Mission.objects.filter(code="MSS").exists():
        print("== the MSS demo, once, in", SQLITE_PATH)
        roles_ensure()
        demo_load()
        demo_users_ensure()
    mission, user = Mission.objects.get(code="MSS"), User.objects.get(username="j1")

    text, words = statement_of(args.words)
    base = datetime.date(2025, 3, 1)

    def published(i):
        return base + datetime.timedelta(days=i)

    proposals = len(statement_read(text, published=base, language="en").proposals)
    print(f"== a statement of {words:,} words ({len(text):,} characters), {proposals} proposals; "
          f"{args.repeat} runs after the first")

    def read(i):
        statement_read(text, published=published(i))

    def submit(i):
        with transaction.atomic():
            statement_submit(user=user, mission=mission, text=text, publisher="Bench", published=published(i))
            transaction.set_rollback(True)

    print(f"{'':34}{'first':>9}{'median':>9}{'95th':>9}{'target':>9}")
    for name, function in [("read (language detected)", read), ("submitted, matched, rolled back", submit)]:
        first, times = timed(function, args.repeat)
        median, p95 = statistics.median(times), percentile_95(times)
        print(f"{name:34}{first:8.3f}s{median:8.3f}s{p95:8.3f}s{TARGET_SECONDS:8.1f}s"
              f"   median {median / TARGET_SECONDS:.2f}x, 95th {p95 / TARGET_SECONDS:.2f}x the target")


if __name__ == "__main__":
    main()
