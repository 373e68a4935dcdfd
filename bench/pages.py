"""Pages at field scale: what the largest mission's dashboard weighs and costs to render, beside the same figures
from the API, and the heaviest page a user reaches from the navigation.

On bench/generate.py's history (100 missions, 5,000 contingents, 1,000,000 movements; the SQLite file that
bench/run.py keeps in bench/results/, made here if it is missing), for the mission with the most movements at its
latest date, side by side in one run (interleaved, median of --repeat after --warmup), through Django's test
client with every middleware (sign-in, two-factor, compression) as a browser meets them:

  * GET /dashboard/<mission>/?on=…            the dashboard page, its HTML built and sent
  * GET /api/strength/?mission=…&on=…         the same strength figures as JSON

and the weight of each (HTML or JSON, uncompressed and gzip-compressed as sent), then every page of the navigation
and the API's documentation for the same mission, weighed with the stylesheet and scripts it links (tests/
page_weight.py's rule: at most 150 KB). The issue's figures before this work: the dashboard 421 KB of HTML and
209 ms against 82 ms for /api/strength/ (2.5×); /api/docs/ 280 KB.

    .venv/bin/python bench/pages.py [--repeat 15] [--warmup 3]

Not part of `make test`; nothing here asserts a time.
"""

import argparse
import gzip
import os
import re
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
SQLITE_PATH = RESULTS_DIR / "muster_bench.sqlite3"
BEFORE = {"dashboard_html": 421 * 1024, "dashboard_ms": 209, "api_ms": 82, "docs_html": 280 * 1024}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
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
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import setup_test_environment
    from tests.page_weight import PAGE_BUDGET, navigation_links, weigh
    from tests.two_factor import verify_session

    from muster.force.models import Movement
    from muster.missions.models import Mission

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    dataset_ensure(log=lambda message: print(message, flush=True))
    setup_test_environment()  # the test client's host, no e-mail sent

    admin = _bench_administrator()
    client = Client()
    client.force_login(admin)
    verify_session(client, admin)

    # The largest mission still running, today (bench/generate.py's fixed today); the largest of all if none runs,
    # nine tenths through its life (at its end it has nobody), as bench/run.py chooses its dates.
    by_size = (Movement.objects.values("contingent__mission").annotate(n=Count("id")).order_by("-n"))
    running = by_size.filter(contingent__mission__end__isnull=True).first()
    largest = running or by_size.first()
    mission = Mission.objects.get(pk=largest["contingent__mission"])
    on = TODAY if mission.end is None else mission.start + (mission.end - mission.start) * 9 // 10
    countries = mission.contingents.values("country").distinct().count()
    print(f"== {mission.code}: {largest['n']:,} movements, {countries} contributing countries, on {on}", flush=True)

    dashboard = f"/dashboard/{mission.code}/?on={on}"
    api = f"/api/strength/?mission={mission.code}&on={on}"
    timings = {dashboard: [], api: []}
    for run in range(args.warmup + args.repeat):
        for address in (dashboard, api) if run % 2 else (api, dashboard):
            started = time.perf_counter()
            response = client.get(address)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (address, response.status_code)
            if run >= args.warmup:
                timings[address].append(elapsed)
    page_ms, api_ms = statistics.median(timings[dashboard]), statistics.median(timings[api])
    page, answer = client.get(dashboard), client.get(api)

    print(f"\n{'':34}{'median':>10}{'uncompressed':>15}{'sent (gzip)':>14}")
    for label, ms, response in [("dashboard page", page_ms, page), ("/api/strength/ (same figures)", api_ms, answer)]:
        body = response.content
        print(f"{label:34}{ms:8.0f} ms{len(body) / 1024:12.0f} KB{len(gzip.compress(body, 6)) / 1024:11.0f} KB")
    print(f"dashboard ÷ API: {page_ms / api_ms:.2f}× (before: {BEFORE['dashboard_ms']} ms ÷ {BEFORE['api_ms']} ms = "
          f"{BEFORE['dashboard_ms'] / BEFORE['api_ms']:.2f}×, the page {BEFORE['dashboard_html'] // 1024} KB of HTML)")

    print("\n== every page of the navigation and the API's documentation, with the files each links")
    pages = sorted(set(navigation_links(client)) | {dashboard} | set(_api_docs(client)))
    weighed = sorted(((*weigh(client, address)[:2], address) for address in pages), reverse=True)
    for uncompressed, sent, address in weighed[:8]:
        flag = "  OVER 150 KB" if uncompressed > PAGE_BUDGET else ""
        print(f"  {uncompressed / 1024:7.0f} KB  ({sent / 1024:4.0f} KB sent)  {address}{flag}")
    heaviest = weighed[0]
    print(f"heaviest of {len(weighed)} pages: {heaviest[2]} {heaviest[0] / 1024:.0f} KB "
          f"(before: the dashboard {BEFORE['dashboard_html'] // 1024} KB of HTML, /api/docs/ "
          f"{BEFORE['docs_html'] // 1024} KB)")
    return 0


def _bench_administrator():
    """The mission administrator, who sees every page and every country (a superuser, as `muster init --admin`)."""
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username="bench-admin",
                                                     defaults={"is_staff": True, "is_superuser": True})
    return user



def _api_docs(client):
    return ["/api/docs/", *re.findall(r'<a href="(/api/docs/[\w-]+/)"', client.get("/api/docs/").content.decode())]


if __name__ == "__main__":
    sys.exit(main())
