"""Schemathesis against the API, as an outside integrator runs it: every operation of /api/schema/, every check.

    .venv/bin/python tests/schemathesis_run.py [--max-examples N] [extra schemathesis options…]

A scratch installation in a temporary folder (its own SQLite database, MUSTER_VAR_DIR), `muster init --demo`,
gunicorn with two workers on a free port of 127.0.0.1 (as docs/deployment.md serves Muster), an API token for
`admin` (sees everything) and one for `liaison-gtm` (one country's records), then `schemathesis run … --checks all`
with each token, the two side by side (each run alone leaves a core idle while it generates its cases), their
reports printed one after the other. Exits non-zero on any failure. Not collected by pytest (no test_ prefix); CI
runs it after the suite (.ci/run).

The server's rate limits are raised for the run (a settings module in the scratch folder): this is a test of the
contract, not of the throttles, which tests/core test on their own. Exclusions, each with its reason, are in
docs/api.md ("Checked by schemathesis") and in EXCLUDED below.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "muster-demo-2025"
USERS = ["admin", "liaison-gtm"]
# Keep in step with docs/api.md, "Checked by schemathesis".
EXCLUDED = [
    # The token endpoint takes a user name and password, not a token: fuzzing it only counts wrong passwords
    # towards django-axes' lockout and its 5-a-minute rate; tests/core/test_sign_in.py tests it.
    "--exclude-path", "/api/token/",
    # "Schema-valid data is accepted" cannot hold: a request can be valid by the schema and still be refused with
    # 400 by the records it names (a filter or relation naming a record that does not exist or that the user may not
    # see, answered like one that does not exist) or by the rules across records (a departure that would leave fewer
    # than nobody, two basings of a vehicle on one day). Every other check runs, negative data included.
    "--exclude-checks", "positive_data_acceptance",
]
# Fuzzing and stateful sequences (links between operations); the coverage phase's boundary cases take six minutes
# more per user and are left to the tests of tests/core/test_api_contract.py.
PHASES = "examples,fuzzing,stateful"

SETTINGS = """\
from muster.settings import *  # noqa: F403

# Thousands of requests a minute from one user: the contract is under test here, not the rates.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min",
                                                               "token": "100/min"}}
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer at {url} within {seconds} s")


def token(base, username):
    data = json.dumps({"username": username, "password": PASSWORD}).encode()
    request = urllib.request.Request(f"{base}/api/token/", data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)["token"]
    except urllib.error.HTTPError as error:
        said = error.read()[:2000].decode(errors="replace")
        raise SystemExit(f"no token for {username}: {error.code} {said}") from None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=10)
    parser.add_argument("--users", default=",".join(USERS))
    options, extra = parser.parse_known_args()

    with tempfile.TemporaryDirectory(prefix="muster-schemathesis-") as tmp:
        tmp = Path(tmp)
        (tmp / "fuzz_settings.py").write_text(SETTINGS)
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "HTTPS"}}
        env |= {"MUSTER_VAR_DIR": str(tmp / "var"), "DJANGO_SETTINGS_MODULE": "fuzz_settings",
                "PYTHONPATH": os.pathsep.join(filter(None, [str(tmp), env.get("PYTHONPATH")])),
                "ALLOWED_HOSTS": "127.0.0.1,localhost"}
        print("== muster init --demo in", tmp, flush=True)
        subprocess.run([BIN / "muster", "init", "--demo"], env=env, cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        # The rates count in the database cache's table (a no-op where `muster init` made it already).
        subprocess.run([BIN / "muster", "createcachetable"], env=env, cwd=tmp, check=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = open(tmp / "server.log", "w")  # noqa: SIM115 - closed below, after the server
        server = subprocess.Popen([BIN / "gunicorn", "muster.wsgi", "--workers", "2", "--timeout", "120",
                                   "--bind", f"127.0.0.1:{port}"], env=env, cwd=tmp, stdout=log,
                                  stderr=subprocess.STDOUT)
        failed, finished, runs = [], False, {}
        try:
            wait_for(f"{base}/api/schema/")
            for username in options.users.split(","):
                key = token(base, username)
                report = open(tmp / f"schemathesis-{username}.log", "w")  # noqa: SIM115 - closed once it has run
                runs[username] = report, subprocess.Popen(
                    [BIN / "schemathesis", "run", f"{base}/api/schema/", "--checks", "all",
                     "--max-examples", str(options.max_examples), "--seed", "2025", "--workers", "2",
                     "--header", f"Authorization: Token {key}", "--request-timeout", "30",
                     "--suppress-health-check", "all", "--phases", PHASES, *EXCLUDED, *extra],
                    cwd=tmp, stdout=report, stderr=subprocess.STDOUT,
                )
            for username, (report, run) in runs.items():
                run.wait()
                report.close()
                print(f"== schemathesis as {username}", flush=True)
                print((tmp / f"schemathesis-{username}.log").read_text(), flush=True)
                if run.returncode:
                    failed.append(username)
            finished = True
        finally:
            for _report, run in runs.values():
                if run.poll() is None:  # interrupted: no run outlives the server
                    run.kill()
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()
            if failed or not finished:
                print("== the server's log, last lines:")
                print("\n".join((tmp / "server.log").read_text().splitlines()[-60:]))
        if failed:
            print(f"schemathesis found failures as {', '.join(failed)}")
            return 1
        print("schemathesis: no failures")
        return 0


if __name__ == "__main__":
    sys.exit(main())
