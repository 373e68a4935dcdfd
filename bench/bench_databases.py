"""The two databases a bench measures side by side in one process: its own SQLite file (the default alias) and a
scratch PostgreSQL database (the "pg" alias) on the local server."""

import os

PG_SERVER = "postgres://postgres@127.0.0.1:5432"


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
