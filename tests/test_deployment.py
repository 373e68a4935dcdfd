"""docs/deployment.md, run: the wheel in a new virtual environment, PostgreSQL, gunicorn with 2 workers, the proxy.

The commands are the doc's own (its block under "## Production", read here line by line), so the doc and what is
proven cannot drift apart; a line this test does not know fails it. Slow (a virtual environment, pip, gunicorn):
`pytest -m deployment`, a step of .ci/run, left out of `make test`. Needs PostgreSQL at 127.0.0.1:5432 (user
postgres, trust), where it makes a scratch database and drops it at the end, whatever happens.
"""

import http.client
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.deployment

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "deployment.md"
# Wheels of the dependencies, when a developer has made them (`pip wheel -w .venv/wheelhouse .`): pip looks there
# before PyPI. Without the folder pip fetches from PyPI (through its own cache).
WHEELHOUSE = REPO / ".venv" / "wheelhouse"
POSTGRES = "postgres://postgres@127.0.0.1:5432"
# What the test gives where the doc writes a placeholder; ALLOWED_HOSTS and HTTPS are taken as the doc writes them.
OWN_VALUES = ("DATABASE_URL", "SECRET_KEY", "MUSTER_VAR_DIR")
PASSWORD = "deploy-check-" + uuid.uuid4().hex[:12]


def doc_commands():
    """The lines of the doc's production block, comments removed."""
    text = DOC.read_text()
    block = re.search(r"## Production\n<!--[^\n]*tests/test_deployment\.py[^\n]*-->\n```sh\n(.*?)```", text, re.S)
    assert block, "docs/deployment.md has no production block marked for tests/test_deployment.py"
    lines = [line.split("  #")[0].strip() for line in block.group(1).splitlines()]
    return [line for line in lines if line]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(command, env, cwd, timeout=300):
    began = time.monotonic()
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{shlex.join(map(str, command))} failed:\n{result.stdout}\n{result.stderr}"
    print(f"{time.monotonic() - began:5.1f} s  {shlex.join(map(str, command))[:100]}")
    return result.stdout


def psql(sql):
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(sql)


class Browser:
    """A client as the proxy passes it on: plain HTTP to gunicorn, with X-Forwarded-Proto: https and the Host.

    Cookies by hand: they are Secure (HTTPS=1), which a cookie jar would never send over http://."""

    def __init__(self, port, host):
        self.port, self.host, self.cookies = port, host, {}

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Host": self.host, "X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        began = time.monotonic()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";")[0]
        connection.close()
        print(f"{time.monotonic() - began:5.1f} s  {method} {path} {response.status}")
        return response, content

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, fields, headers=None):
        return self.request("POST", path, body=urllib.parse.urlencode(fields), headers={
            "Content-Type": "application/x-www-form-urlencoded", **(headers or {})})


def test_the_deployment_doc_installs_the_wheel_and_serves_pages_pdfs_and_the_api_through_the_proxy(tmp_path):
    started = time.monotonic()
    commands = doc_commands()
    database = f"muster_deploy_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    venv, var_dir, dist = tmp_path / "venv", tmp_path / "var", tmp_path / "dist"
    env = {"PATH": f"{venv / 'bin'}:/usr/local/bin:/usr/bin:/bin", "HOME": os.environ.get("HOME", str(tmp_path)),
           "LANG": "C.UTF-8", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    own = {"DATABASE_URL": f"{POSTGRES}/{database}", "SECRET_KEY": uuid.uuid4().hex * 2,
           "MUSTER_VAR_DIR": str(var_dir)}
    gunicorn = None
    created = False
    try:
        psql(f'CREATE DATABASE "{database}"')
        created = True
        # The wheel, from a copy of the sources (a build in place would leave build/ in the work tree).
        source = tmp_path / "source"
        source.mkdir()
        for name in ("pyproject.toml", "README.md"):
            (source / name).write_bytes((REPO / name).read_bytes())
        subprocess.run(["cp", "-r", str(REPO / "src"), str(source / "src")], check=True)
        run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist), str(source)], env, tmp_path)
        (wheel,) = dist.glob("muster-*.whl")
        run([sys.executable, "-m", "venv", str(venv)], env, tmp_path)
        exported, port, host = set(), free_port(), None
        for line in commands:
            words = shlex.split(line)
            if words[:2] == ["pip", "install"]:
                assert words[2].endswith(".whl"), line
                links = ["--find-links", str(WHEELHOUSE)] if WHEELHOUSE.is_dir() else []
                run([venv / "bin" / "pip", "install", "--quiet", *links, wheel], env, tmp_path, timeout=600)
            elif words[0] == "export":
                for assignment in words[1:]:
                    name, _, value = assignment.partition("=")
                    env[name] = own.get(name, value)
                    exported.add(name)
            elif words[0] == "muster":
                extra = {"MUSTER_ADMIN_PASSWORD": PASSWORD} if "--admin" in words else {}
                run([venv / "bin" / "muster", *words[1:]], env | extra, tmp_path)
            elif words[0] == "gunicorn":
                options = words[1:]
                for flag, value in (("--workers", "2"), ("--bind", f"127.0.0.1:{port}")):
                    options[options.index(flag) + 1] = value
                host = env["ALLOWED_HOSTS"].split(",")[0]
                # The data to look at and a user who signs in with a password alone (J3 needs no second factor,
                # unlike the administrator the doc makes).
                run([venv / "bin" / "muster", "init", "--record"], env, tmp_path)
                run([venv / "bin" / "muster", "shell", "-c", (
                    "from django.contrib.auth.models import Group; from muster.core.models import User; "
                    f"u = User.objects.create_user('ops', password='{PASSWORD}'); "
                    "u.groups.add(Group.objects.get(name='Operations officer (J3)'))")], env, tmp_path)
                with open(tmp_path / "gunicorn.log", "wb") as log:
                    gunicorn = subprocess.Popen([venv / "bin" / "gunicorn", *options], env=env, cwd=tmp_path,
                                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            else:
                pytest.fail(f"docs/deployment.md's production block has a line this test does not run: {line}")
        assert exported >= {"DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "HTTPS", "MUSTER_VAR_DIR"}, exported
        assert env["HTTPS"] == "1" and "DEBUG" not in env and gunicorn is not None

        browser = Browser(port, host)
        for _ in range(60):  # gunicorn and its 2 workers up
            assert gunicorn.poll() is None, (tmp_path / "gunicorn.log").read_text()
            try:
                response, body = browser.get("/health/")
                break
            except OSError:
                time.sleep(0.5)
        assert response.status == 200, body
        assert json.loads(body) == {"status": "ok", "checks": {"database": "ok", "migrations": "ok"}}

        # Without the proxy's header, Muster (HTTPS=1) sends the browser to https.
        response, _ = Browser(port, host).request("GET", "/login/", headers={"X-Forwarded-Proto": "http"})
        assert response.status == 301 and response.getheader("Location") == f"https://{host}/login/"

        response, page = browser.get("/login/")
        assert response.status == 200 and "Strict-Transport-Security" in dict(response.getheaders())
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        response, _ = browser.post("/login/", {"csrfmiddlewaretoken": token, "username": "ops", "password": PASSWORD},
                                   headers={"Referer": f"https://{host}/login/", "Origin": f"https://{host}"})
        assert response.status == 302 and response.getheader("Location") == "/", response.status
        assert "sessionid" in browser.cookies

        response, page = browser.get("/dashboard/MSS/?on=2025-02-06")
        html = page.decode()
        assert response.status == 200 and "Kenya" in html and "761" in html
        stylesheet = re.search(r'<link rel="stylesheet" href="(/static/[^"]+\.css)"', html).group(1)
        response, css = browser.get(stylesheet)  # collected by collectstatic, served by WhiteNoise from gunicorn
        assert response.status == 200 and response.getheader("Content-Type").startswith("text/css") and len(css) > 100

        response, pdf = browser.get("/dashboard/MSS/strength.pdf?on=2025-02-06")
        assert response.status == 200 and pdf.startswith(b"%PDF") and response.getheader("Content-Type") == (
            "application/pdf")

        api = Browser(port, host)
        response, body = api.request("POST", "/api/token/", body=json.dumps({"username": "ops", "password": PASSWORD}),
                                     headers={"Content-Type": "application/json"})
        assert response.status == 200, body
        key = json.loads(body)["token"]
        response, body = api.get("/api/strength/?mission=MSS&on=2025-02-06", headers={"Authorization": f"Token {key}"})
        assert response.status == 200, body
        assert sum(row["total"] for row in json.loads(body)["rows"] if row["country"] == "KEN") == 761
    finally:
        if gunicorn is not None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            try:
                gunicorn.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(gunicorn.pid, signal.SIGKILL)
                gunicorn.wait()
        if created:
            psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    print(f"deployment checked in {time.monotonic() - started:.0f} s")
