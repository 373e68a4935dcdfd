"""The `muster` command: Django's management commands with Muster's settings, and one line for a user's mistake.

`muster init --demo`, `muster strength --mission MSS --on 2025-02-06` and every other command live as
management commands in the apps; this wrapper chooses the settings module and turns what goes wrong around a
command rather than in it (a database without tables, a DATABASE_URL that is misspelled or points nowhere, output
closed early by `| head`) into one line on stderr and a non-zero status, as Unix tools do. `--traceback` or
MUSTER_DEBUG=1 shows the traceback instead, for developers. Errors of the code itself keep their traceback.
"""

import os
import re
import sys

EXIT_ERROR = 1
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for Ctrl-C

# "scheme://user:password@" → the password part, so that no message repeats it.
URL_PASSWORD = re.compile(r"^(?P<head>[\w+.-]*://[^:/@]*:)(?P<password>.*)@")


def _(message):
    """gettext once Django is set up; before that (settings refused) the English text."""
    from django.utils.translation import gettext

    try:
        return gettext(message)
    except Exception:  # the settings themselves were refused (AppRegistryNotReady, or their own error again)
        return message


class Refusal(Exception):
    """What went wrong, said in one line to the user."""


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "muster.settings")
    arguments = sys.argv[1:] if argv is None else list(argv)
    debug = "--traceback" in arguments or os.environ.get("MUSTER_DEBUG", "").strip().lower() in {"1", "true", "yes"}
    from django.core.management import execute_from_command_line

    try:
        _settings_load()
        _language_activate()
        execute_from_command_line(["muster", *arguments])
        sys.stdout.flush()  # inside the try: a reader gone before the last buffer is written is the same case
    except BrokenPipeError:
        # The reader closed our output (`muster strength … | head -1`): it has all it wanted. Stop quietly, and
        # point stdout at nothing so that Python's own flush at exit does not complain either.
        _output_discard()
        return 0
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return EXIT_INTERRUPTED
    except Exception as error:
        refusal = error if isinstance(error, Refusal) else _database_refusal(error)
        if refusal is None or debug:
            raise
        sys.stderr.write(f"muster: {refusal}\n")
        return EXIT_ERROR
    return 0


def _language_activate():
    """Speak the user's language, as other command-line tools do: MUSTER_LANGUAGE, else the POSIX locale variables in
    their order of precedence (LANGUAGE, LC_ALL, LC_MESSAGES, LANG: "fr_HT.UTF-8" is French), if Muster speaks it."""
    import django
    from django.conf import settings
    from django.utils import translation

    django.setup()  # a catalogue is read through the apps; execute_from_command_line's own setup is then a no-op
    offered = {code for code, _name in settings.LANGUAGES}
    for variable in ("MUSTER_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for value in os.environ.get(variable, "").split(":"):  # LANGUAGE is a list: "ht:fr"
            language = re.split(r"[_.@-]", value.strip(), maxsplit=1)[0].lower()
            if language in offered:
                translation.activate(language)
                return
            if language in {"c", "posix"}:
                return  # the C locale: untranslated output, as asked


def _settings_load():
    """Import the settings here, where their refusals can be explained, rather than deep inside Django."""
    import dj_database_url
    from django.conf import settings

    try:
        settings.DATABASES  # noqa: B018 - reading it imports muster.settings, which parses DATABASE_URL
    except dj_database_url.UnknownSchemeError as error:
        scheme = error.args[0] if error.args else ""
        problem = (_("it has no scheme such as postgres://") if scheme in ("", "://")
                   else _("unknown scheme %(scheme)s") % {"scheme": repr(scheme.removesuffix("://"))})
        raise Refusal(_("DATABASE_URL=%(url)s is not a database address: %(problem)s (write "
                        "postgres://USER:PASSWORD@HOST:5432/NAME or sqlite:///PATH).")
                      % {"url": _redacted(os.environ.get("DATABASE_URL", "")), "problem": problem}) from error
    except dj_database_url.ParseError as error:
        raise Refusal(_("DATABASE_URL=%(url)s is not a valid address (a port that is not a number? an @, / or : in "
                        "the password must be written %%40, %%2F, %%3A).")
                      % {"url": _redacted(os.environ.get("DATABASE_URL", ""))}) from error
    except OSError as error:
        # The settings keep the secret key, and by default the SQLite file, in MUSTER_VAR_DIR (./var).
        raise Refusal(_("Cannot write %(path)s (%(reason)s): set MUSTER_VAR_DIR to a folder Muster may write, "
                        "or run muster from one.") % {"path": error.filename, "reason": error.strerror}) from error


def _database_refusal(error):
    """A Refusal for a database that has no tables or cannot be reached; None for anything else."""
    from django.db import DatabaseError, InterfaceError, OperationalError, ProgrammingError

    if not isinstance(error, DatabaseError):
        return None
    database = _database_named()
    if isinstance(error, OperationalError | ProgrammingError) and _table_missing(error):
        if _has_no_tables():
            return Refusal(_("The database %(database)s has no tables yet: run `muster init` first.")
                           % {"database": database})
        # The first line only: PostgreSQL goes on to quote the SQL around the missing table.
        return Refusal(_("The database %(database)s lacks a table (%(error)s): run `muster init`, which migrates it.")
                       % {"database": database, "error": _scrubbed(str(error).strip().splitlines()[0])})
    if isinstance(error, OperationalError | InterfaceError) and _raised_while_connecting(error):
        return Refusal(_("Cannot connect to the database %(database)s: %(error)s")
                       % {"database": database, "error": _one_line(error)})
    return None


def _table_missing(error):
    cause = error.__cause__
    return ("no such table" in str(error)  # SQLite
            or getattr(cause, "sqlstate", None) == "42P01"  # PostgreSQL: undefined_table
            or re.search(r'relation ".*" does not exist', str(error)) is not None)


def _has_no_tables():
    """True when even Django's migration table is missing: `muster init` never ran on this database."""
    from django.db import connection

    try:
        return "django_migrations" not in connection.introspection.table_names()
    except Exception:  # the database answered one query wrongly already; say the general thing
        return True


def _raised_while_connecting(error):
    # Django closes every connection once a command ends, so whether it was ever open cannot be asked afterwards;
    # the traceback still says whether the error came out of opening it (ensure_connection), whatever the backend.
    frame = error.__traceback__
    while frame is not None:
        code = frame.tb_frame.f_code
        if code.co_name == "ensure_connection" and "django" in code.co_filename:
            return True
        frame = frame.tb_next
    return False


def _database_named():
    """The database as the user chose it: DATABASE_URL (its password hidden), else the SQLite file."""
    if os.environ.get("DATABASE_URL"):
        return _("named by DATABASE_URL (%(url)s)") % {"url": _redacted(os.environ["DATABASE_URL"])}
    from django.conf import settings

    return str(settings.DATABASES["default"]["NAME"])


def _redacted(url):
    return URL_PASSWORD.sub(r"\g<head>***@", url)


def _scrubbed(text):
    """`text` without the password of DATABASE_URL, wherever a driver's message may have repeated it."""
    match = URL_PASSWORD.match(os.environ.get("DATABASE_URL", ""))
    password = match and match["password"]
    return text.replace(password, "***") if password else text


def _one_line(error):
    """A driver's message on one line, without the password it may repeat (our own text shows it redacted)."""
    return _scrubbed(" ".join(line.strip() for line in str(error).splitlines() if line.strip()))


def _output_discard():
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no file descriptor behind stdout: nothing will be flushed to it either
        pass


if __name__ == "__main__":
    sys.exit(main())
