"""The public site under a crowd: the public mission page beside a bare Django view, under gunicorn, with locust.

Issue #15's target: 200 concurrent anonymous users for two minutes at field scale give 0 errors, and the public
mission page's throughput is at least half that of a bare Django view served by the same gunicorn configuration,
measured side by side in one run; each page at most 150 KB.

What it does, all on loopback:

  * the database: bench/generate.py's history (100 missions, 5,000 contingents, 1,000,000 movements) in the SQLite
    file bench/run.py keeps in bench/results/ (made if missing), migrated; the mission with the most movements is
    given a Publication with every part published (every yes/no field of the model set, the licence left as is);
  * the server: gunicorn with Muster's WSGI application as docs/deployment.md runs it (`--workers` two per core,
    `--timeout 120`, bound to 127.0.0.1), DEBUG off, the static files collected and served by whitenoise, under
    bench/loadtest_settings.py: Muster's settings with one change, a URLconf (bench/loadtest_urls.py) that adds
    the bare view, a view that returns a 3-byte HttpResponse, to every page of muster.urls. Its own MUSTER_VAR_DIR
    (bench/results/loadtest-var: secret key, collected static files);
  * the crowd: locust, headless, `--users` (200) anonymous visitors started `--spawn-rate` (50) a second, who ask
    for the page again as soon as it arrives (bench/locustfile.py), for `--time` (120 s): first against the bare
    view, then against the public mission page, with the same gunicorn processes and the same locust settings.

Why two phases back to back and not one run with two user classes weighted equally: with every visitor asking
again as soon as its answer arrives, 200 visitors share gunicorn's queue in turn, so in a mixed run each class gets
about as many answers as the other however long each takes (a visitor of the cheap view waits in the same queue
behind the expensive page); the ratio would be near 1 whatever the page costs. Alone, each phase measures what the
server can give of that page, which is what "at least half the bare view's throughput" asks. The two phases run in
one invocation, one after the other, against the same server processes, so they meet the same machine.

The table: per phase the requests, errors (any status but 200, any connection failure), throughput (requests a
second over the phase, ramp-up included), latency percentiles (p50, p95, p99, as locust records them), and the CPU
that gunicorn's workers and locust used per request (from the processes' CPU times); then throughput public ÷
bare against the target 0.5, beside the ratio the CPU per request predicts (the bare view's server and locust CPU
÷ the page's: what the throughputs would give on a machine doing nothing else), and the page's weight as a
browser fetches it (HTML and the stylesheets, scripts and images it links, uncompressed against the 150 KB
budget, and as sent). Exit status 1 on any error or a page over budget; a ratio under the target is printed as
FAIL but, as in every bench here, no time is asserted.

    .venv/bin/python bench/loadtest.py                 # 200 users, 2 minutes a phase (what `make loadtest` runs)
    .venv/bin/python bench/loadtest.py --quick         # 15 s a phase: a smoke run
    .venv/bin/python bench/loadtest.py --path /public/  # another page than the public mission page

Not part of `make test`. The machine's other work shares its cores with gunicorn and locust: the load average
before each phase is printed so a disturbed run can be seen.
"""

import argparse
import csv
import gzip
import http.client
import json
import os
import re
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
SQLITE_PATH = RESULTS_DIR / "muster_bench.sqlite3"  # bench/run.py's file, shared
VAR_DIR = RESULTS_DIR / "loadtest-var"
PAGE_BUDGET = 150 * 1024  # HTML, CSS, JS and images together, uncompressed (DESIGN.md, principle 4)
RATIO_TARGET = 0.5  # public page's throughput ÷ the bare view's
QUICK_SECONDS = 15


def main(argv=None):
    args = _arguments(argv)
    RESULTS_DIR.mkdir(exist_ok=True)
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{SQLITE_PATH}",
        "MUSTER_VAR_DIR": str(VAR_DIR),
        "DJANGO_SETTINGS_MODULE": "loadtest_settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(BENCH_DIR), os.environ.get("PYTHONPATH")])),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "0",
        "HTTPS": "0",
        "MUSTER_WORKER": "0",
    }
    os.environ.update(env)
    sys.path.insert(0, str(BENCH_DIR))
    mission, movements = _prepare()
    from loadtest_urls import BARE_PATH  # after Django is set up: it includes muster.urls

    path = args.path or f"/public/{mission}/"
    seconds = QUICK_SECONDS if args.quick else args.time
    print(f"== {mission}: {movements:,} movements, published; the page {path}, {args.users} users for {seconds} s "
          f"a phase, gunicorn --workers {args.workers}", flush=True)

    port = _free_port()
    server = _gunicorn_start(port, args.workers, env)
    try:
        _wait_healthy(port, server)
        weight = _weigh(port, path)
        if weight["status"] != 200:
            print(f"{path} answers {weight['status']}, not 200: nothing to measure (is the public mission page "
                  f"there yet? --path chooses another)", file=sys.stderr)
            return 1
        for address in (BARE_PATH, path):  # each worker's first requests (imports, caches) before the clock
            for _ in range(args.workers * 2):
                _get(port, address)
        phases = []
        for label, user_class, address in (("bare Django view", "BareView", BARE_PATH),
                                           ("public mission page", "PublicPage", path)):
            print(f"-- {label} ({address}): load average {os.getloadavg()[0]:.2f}; locust running…", flush=True)
            phases.append(_phase(label, user_class, address, port, server, args, seconds, env))
    finally:
        server.terminate()
        server.wait(timeout=30)

    text = _format(phases, weight, path, mission, movements, args, seconds)
    print()
    print(text)
    (RESULTS_DIR / "loadtest-latest.txt").write_text(text + "\n")
    (RESULTS_DIR / "loadtest-latest.json").write_text(
        json.dumps({"mission": mission, "path": path, "users": args.users, "seconds": seconds,
                    "workers": args.workers, "phases": phases, "weight": weight}, indent=1) + "\n")
    errors = sum(phase["errors"] for phase in phases)
    return 1 if errors or weight["uncompressed"] > PAGE_BUDGET else 0


def _arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time", type=int, default=120, help="seconds of each phase (default 120)")
    parser.add_argument("--users", type=int, default=200, help="concurrent visitors (default 200)")
    parser.add_argument("--spawn-rate", type=float, default=50, help="visitors started a second (default 50)")
    parser.add_argument("--quick", action="store_true", help=f"a smoke run: {QUICK_SECONDS} s a phase")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1),
                        help="gunicorn workers (default two per core, as docs/deployment.md says)")
    parser.add_argument("--path", help="the page to load instead of the public mission page /public/<code>/")
    return parser.parse_args(argv)


# --- the database ---------------------------------------------------------------------------------

def _prepare():
    """Migrate, make or reuse the field-scale history, publish the largest mission; its code and movements."""
    from generate import dataset_ensure, django_setup

    django_setup()
    from django.core.management import call_command
    from django.db import models
    from django.db.models import Count

    from muster.core.changelog import change_context
    from muster.force.models import Movement
    from muster.missions.models import Mission
    from muster.public.models import Publication

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    dataset_ensure(log=lambda message: print(message, flush=True))
    call_command("collectstatic", interactive=False, verbosity=0)  # as a release does: hashed, compressed copies

    largest = (Movement.objects.values("contingent__mission").annotate(n=Count("id")).order_by("-n").first())
    mission = Mission.objects.get(pk=largest["contingent__mission"])
    # Every part the model lets a mission publish, including any added after this was written.
    parts = {field.name: True for field in Publication._meta.get_fields() if isinstance(field, models.BooleanField)}
    with change_context(message="bench/loadtest.py: the largest mission publishes everything"):
        publication = Publication.objects.filter(mission=mission).first() or Publication(mission=mission)
        if publication.pk is None or any(getattr(publication, name) is not True for name in parts):
            for name, value in parts.items():
                setattr(publication, name, value)
            publication.save()
    return mission.code, largest["n"]


# --- the server -----------------------------------------------------------------------------------

def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _gunicorn_start(port, workers, env):
    log = open(RESULTS_DIR / "loadtest-gunicorn.log", "w")  # open for the server's life
    command = [str(Path(sys.executable).parent / "gunicorn"), "muster.wsgi", "--workers", str(workers),
               "--timeout", "120", "--bind", f"127.0.0.1:{port}"]
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)


def _wait_healthy(port, server, *, within=60):
    deadline, answer = time.monotonic() + within, "nothing"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped (status {server.returncode}): see "
                             f"{RESULTS_DIR / 'loadtest-gunicorn.log'}")
        try:
            status, body, _ = _get(port, "/health/")
        except OSError:
            status = None
        else:
            if status == 200:
                return
            answer = f"{status} {body.decode(errors='replace')}"
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer /health/ with 200 within {within} s (last: {answer})")


def _get(port, address, *, gzip_ok=False):
    """(status, body as sent, headers) of one GET, as a browser without a cookie asks."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", address, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


def _weigh(port, path):
    """The page as a browser fetches it: its HTML and every stylesheet, script and image it links from /static/,
    uncompressed and as sent (gzip when the server offers it)."""
    status, html, _ = _get(port, path)
    if status != 200:
        return {"status": status}
    _, sent_html, _ = _get(port, path, gzip_ok=True)
    assets = sorted(set(re.findall(rb'<(?:link|script|img)[^>]+(?:src|href)="(/static/[^"]+)"', html)))
    files = []
    for asset in assets:
        address = asset.decode()
        asset_status, body, _ = _get(port, address)
        _, sent, _ = _get(port, address, gzip_ok=True)
        files.append({"address": address, "status": asset_status, "bytes": len(body), "sent": len(sent)})
    return {"status": status, "html": len(html), "html_sent": len(sent_html), "files": files,
            "uncompressed": len(html) + sum(f["bytes"] for f in files),
            "sent": len(sent_html) + sum(f["sent"] for f in files),
            "html_gzip_9": len(gzip.compress(html, 9))}


# --- the crowd ------------------------------------------------------------------------------------

def _phase(label, user_class, address, port, server, args, seconds, env):
    """One locust run against one address: its figures, with the CPU the server and locust spent on it."""
    import psutil  # locust's own dependency

    workers = psutil.Process(server.pid).children(recursive=True)
    server_cpu = _cpu(workers)
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory(dir=RESULTS_DIR) as scratch:
        prefix = Path(scratch) / "locust"
        command = [sys.executable, "-m", "locust", "-f", str(BENCH_DIR / "locustfile.py"), user_class,
                   "--headless", "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
                   "--run-time", f"{seconds}s", "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix),
                   "--only-summary", "--loglevel", "WARNING"]
        started = time.monotonic()
        completed = subprocess.run(command, env=env | {"LOADTEST_PUBLIC_PATH": address, "LOADTEST_BARE_PATH": address},
                                   capture_output=True, text=True, check=False)
        elapsed = time.monotonic() - started
        log = completed.stdout + completed.stderr
        (RESULTS_DIR / f"loadtest-locust-{user_class}.log").write_text(log)
        stats_file = Path(f"{prefix}_stats.csv")
        if not stats_file.exists():
            raise SystemExit(f"locust wrote no figures (status {completed.returncode}):\n{log[-3000:]}")
        row = next(r for r in csv.DictReader(stats_file.open()) if r["Name"] != "Aggregated")
        failures = [{"error": r["Error"], "occurrences": int(r["Occurrences"])}
                    for r in csv.DictReader(Path(f"{prefix}_failures.csv").open())]
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    locust_cpu = (children_after.ru_utime + children_after.ru_stime
                  - children_before.ru_utime - children_before.ru_stime)
    requests = int(row["Request Count"])
    server_seconds = _cpu(workers) - server_cpu
    return {
        "label": label, "address": address, "requests": requests, "errors": int(row["Failure Count"]),
        "throughput": float(row["Requests/s"]), "p50": _ms(row["50%"]), "p95": _ms(row["95%"]),
        "p99": _ms(row["99%"]), "max": _ms(row["Max Response Time"]),
        "bytes_per_response": float(row["Average Content Size"]),
        "server_cpu_ms": 1000 * server_seconds / max(requests, 1),
        "locust_cpu_ms": 1000 * locust_cpu / max(requests, 1),
        "server_cpu_share": server_seconds / elapsed / (os.cpu_count() or 1),
        "locust_cpu_share": locust_cpu / elapsed,
        "locust_saturated": "CPU usage above" in log,
        "failures": failures,
    }


def _cpu(processes):
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except Exception:  # a worker gone (psutil.NoSuchProcess): its time is lost, and said by the figures
            continue
        total += times.user + times.system
    return total


def _ms(value):
    return None if value in ("", "N/A") else float(value)


# --- the table ------------------------------------------------------------------------------------

def _format(phases, weight, path, mission, movements, args, seconds):
    bare, public = phases
    ratio = public["throughput"] / bare["throughput"] if bare["throughput"] else 0.0
    lines = [
        f"{mission} ({movements:,} movements of bench/generate.py's 1,000,000), {path}; gunicorn --workers "
        f"{args.workers} on 127.0.0.1, {os.cpu_count()} cores; locust: {args.users} users (spawn rate "
        f"{args.spawn_rate:g}/s), no wait, {seconds} s a phase, the bare view first, then the page.",
        "",
        f"{'':22}{'requests':>9}{'errors':>8}{'req/s':>9}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'max ms':>8}"
        f"{'server CPU':>12}{'locust CPU':>12}",
    ]
    for phase in phases:
        lines.append(
            f"{phase['label']:22}{phase['requests']:>9,}{phase['errors']:>8,}{phase['throughput']:>9.1f}"
            f"{_cell(phase['p50'])}{_cell(phase['p95'])}{_cell(phase['p99'])}{_cell(phase['max'])}"
            f"{phase['server_cpu_ms']:>7.2f} ms/r{phase['locust_cpu_ms']:>7.2f} ms/r")
    # On a machine shared with other work, throughput follows the load of the moment; the CPU each request costs
    # (server and locust together, both on these cores) does much less, so the ratio it predicts is printed too.
    cost = {p["label"]: p["server_cpu_ms"] + p["locust_cpu_ms"] for p in phases}
    predicted = cost[bare["label"]] / cost[public["label"]] if cost[public["label"]] else 0.0
    lines += [
        f"{'':22}(server CPU: gunicorn's workers per request, {bare['server_cpu_share']:.0%} and "
        f"{public['server_cpu_share']:.0%} of the machine; locust: {bare['locust_cpu_share']:.0%} and "
        f"{public['locust_cpu_share']:.0%} of one core"
        + ("; locust warned its CPU was saturated" if any(p["locust_saturated"] for p in phases) else "") + ")",
        "",
        f"throughput public ÷ bare: {ratio:.2f} (target ≥ {RATIO_TARGET}) "
        f"{'PASS' if ratio >= RATIO_TARGET else 'FAIL'}; from the CPU per request (server and locust): {predicted:.2f}",
        f"errors: {sum(p['errors'] for p in phases)} (target 0) "
        f"{'PASS' if not any(p['errors'] for p in phases) else 'FAIL'}",
    ]
    for phase in phases:
        for failure in phase["failures"]:
            lines.append(f"  {phase['label']}: {failure['occurrences']:,} × {failure['error']}")
    assets = ", ".join(f"{f['address']} {f['bytes']:,} B" + ("" if f["status"] == 200 else f" (status {f['status']})")
                       for f in weight["files"])
    lines += [
        f"page weight: HTML {weight['html']:,} B ({weight['html_sent']:,} B sent); with what it links "
        f"({assets or 'nothing'}) {weight['uncompressed']:,} B = {weight['uncompressed'] / 1024:.1f} KB "
        f"(budget {PAGE_BUDGET // 1024} KB) {'PASS' if weight['uncompressed'] <= PAGE_BUDGET else 'FAIL'}; "
        f"{weight['sent']:,} B as sent",
    ]
    return "\n".join(lines)


def _cell(value):
    return f"{'—':>8}" if value is None else f"{value:>8.0f}"


if __name__ == "__main__":
    sys.exit(main())
