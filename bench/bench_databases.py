"""The two databases a bench measures side by side in one process: its own SQLite file (the default alias) and a
scratch PostgreSQL database (the "pg" alias) on the local server."""

import os
from pathlib import Path

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
RESULTS_DIR = Path(__file__).resolve().parent / "results"
DATABASES = ("sqlite", "postgresql")


def result_path(name, database):
    """Where the child of bench `name` on `database` writes its figures (JSON) for its parent."""
    return RESULTS_DIR / f"{name}_{database}.json"


def main_in_children(script, argv, *, name, description, repeat, child_main, report):
    """The main of a bench measured in a child per database (figures_in_children): `--database sqlite|postgresql|
    both`, `--repeat N` (default `repeat`); as the child (`--child`), `child_main(args)`; as the parent, each
    database's figures from its child, then `report(figures)`. Its own SQLite file and scratch PostgreSQL database are
    named after `name`. The exit status."""
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--database", choices=(*DATABASES, "both"), default="both")
    parser.add_argument("--repeat", type=int, default=repeat, help="timed runs of each (median)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    chosen = DATABASES if args.database == "both" else (args.database,)
    status, figures = figures_in_children(
        script, chosen, [f"--repeat={args.repeat}", "--child"], results=lambda database: result_path(name, database),
        sqlite_path=RESULTS_DIR / f"{name}.sqlite3", pg_database=f"muster_bench_{name}", var_dir=RESULTS_DIR)
    if status:
        return status
    report(figures)
    return 0


def django_setup(*, sqlite_path, pg_database, var_dir):
    """Django on `sqlite_path`, with `pg_database` as the "pg" alias beside it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "muster.settings")
    os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_path}"
    os.environ.setdefault("MUSTER_VAR_DIR", str(var_dir))
    from django.conf import settings

    # A second database alias for PostgreSQL: both are measured in this one process, side by side.
    settings.DATABASES["pg"] = {**settings.DATABASES["default"], "ENGINE": "django.db.backends.postgresql",
                                "NAME": pg_database, "USER": "postgres", "HOST": "127.0.0.1", "PORT": "5432",
                                "PASSWORD": "", "OPTIONS": {}}
    import django

    django.setup()


def pg_database_ensure(name, action):
    """Create the scratch database `name` unless it exists ("create"), or drop it ("drop")."""
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=5) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if action == "create" and not exists:
            admin.execute(f"CREATE DATABASE {name}")
        elif action == "drop":
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def figures_in_children(script, chosen, passed, *, results, sqlite_path, pg_database, var_dir):
    """(exit status, {database: figures}): `script` run with `passed` in a child per database of `chosen`
    (run_in_child), each child writing its figures as JSON to results(database). Stops at the first child that
    fails."""
    import json

    figures = {}
    for database in chosen:
        result_file = results(database)
        result_file.unlink(missing_ok=True)
        status = run_in_child(script, database, passed, sqlite_path=sqlite_path, pg_database=pg_database,
                              var_dir=var_dir)
        if status:
            return status, figures
        if result_file.exists():  # none when PostgreSQL is unreachable
            figures[database] = json.loads(result_file.read_text())
    return 0, figures


def run_in_child(script, database, passed, *, sqlite_path, pg_database, var_dir):
    """Run `script` again with `passed` on a fresh database of its own: a new SQLite file, or a PostgreSQL database
    created for the run and dropped after it (Django reads DATABASE_URL once, at setup). Its exit status; 0 with a
    word when PostgreSQL is unreachable."""
    import subprocess
    import sys
    from pathlib import Path

    def child(database_url):
        env = os.environ | {"DATABASE_URL": database_url, "MUSTER_VAR_DIR": str(var_dir),
                            "DJANGO_SETTINGS_MODULE": "muster.settings"}
        return subprocess.call([sys.executable, script, *passed], env=env)

    if database == "sqlite":
        for suffix in ("", "-wal", "-shm"):  # a fresh file each run
            Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
        return child(f"sqlite:///{sqlite_path}")
    import psycopg

    try:
        admin = psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        print(f"PostgreSQL skipped: {PG_SERVER} is unreachable ({str(error).strip().splitlines()[0]}).")
        return 0
    with admin:
        admin.execute(f"DROP DATABASE IF EXISTS {pg_database} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {pg_database}")
        try:
            return child(f"{PG_SERVER}/{pg_database}")
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {pg_database} WITH (FORCE)")
