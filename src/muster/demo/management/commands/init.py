"""`muster init [--record | --demo] [--admin NAME]`: migrate, create the standard roles, the record, the first admin.

It lives in the demo package, above every app, because `--record` and `--demo` load every app's records; what it
does for any installation (migrate, the roles, the administrator) needs only core, which imports no app.
"""

import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from muster.core.models import PendingUpload
from muster.core.roles import roles_ensure
from muster.demo.record import demo_load
from muster.demo.users import DEMO_PASSWORD, demo_users_ensure

# For automation (a deployment script, a container's first start): the password of `--admin`, never on the
# command line, where any user of the machine could read it in the process list.
ADMIN_PASSWORD_VARIABLE = "MUSTER_ADMIN_PASSWORD"


class Command(BaseCommand):
    help = ("Migrate the database named by DATABASE_URL and create the standard roles (safe to run on every release); "
            "optionally load the MSS / GSF public record, the demo users, and create or reset an administrator.")

    def add_arguments(self, parser):
        parser.add_argument("--record", action="store_true",
                            help=_("Load the MSS / GSF public record (missions, contingents, movements, claims, "
                                   "funding, logistics), without any user."))
        parser.add_argument("--demo", action="store_true",
                            help=_("Load the public record and one demo user per role, all with a published "
                                   "password."))
        parser.add_argument("--admin", metavar="NAME",
                            help=_("Create the administrator NAME, or reset the password of that administrator. "
                                   "The password is asked twice on a terminal, or read from %(variable)s.")
                            % {"variable": ADMIN_PASSWORD_VARIABLE})

    def handle(self, *args, record=False, demo=False, admin=None, **options):
        # Asked and checked before anything is written, so a refused password leaves the database as it was.
        admin_password = self._admin_password(admin) if admin else None
        call_command("migrate", interactive=False, verbosity=max(options["verbosity"] - 1, 0))
        call_command("createcachetable", verbosity=0)  # where the API's rate limits count (settings.CACHES)
        roles_ensure()
        PendingUpload.purge()  # files sent for a preview a day ago and never committed
        self.stdout.write(_("Database ready: %(vendor)s %(name)s")
                          % {"vendor": connection.vendor, "name": connection.settings_dict["NAME"]})
        if record or demo:
            self._record_load(demo=demo)
        if admin:
            self._admin_ensure(admin, admin_password)

    def _record_load(self, *, demo):
        loaded = demo_load()
        if not loaded:
            self.stdout.write(_("The MSS / GSF public record is already present; left as it is."))
        elif demo:
            self.stdout.write(_("Demo data loaded: the MSS / GSF public record."))
        else:
            self.stdout.write(_("Public record loaded: the MSS / GSF missions, contingents, movements, claims, "
                                "funding and logistics, each figure with its source."))
        if not demo:
            return
        users = demo_users_ensure()
        self.stdout.write("\n" + _("Demo users (password for each: %(password)s):") % {"password": DEMO_PASSWORD})
        for username, description in users:
            self.stdout.write(f"  {username:<12} {description}")
        self.stdout.write(_("The administrator, J1, the liaisons and finance sign in with a second factor: their "
                            "first sign-in sets up an authenticator app."))

    def _admin_password(self, username):
        """The administrator's password from the environment or the terminal, refused unless the validators agree."""
        User = get_user_model()
        candidate = User(username=username)
        try:
            User._meta.get_field(User.USERNAME_FIELD).run_validators(username)
        except ValidationError as error:
            raise CommandError(_("--admin %(name)r: %(reasons)s")
                               % {"name": username, "reasons": " ".join(error.messages)}) from None
        password = os.environ.get(ADMIN_PASSWORD_VARIABLE)
        if password is None:
            if not sys.stdin.isatty():
                raise CommandError(_("No password for %(name)s: run this on a terminal to be asked for it, or set "
                                     "%(variable)s.") % {"name": username, "variable": ADMIN_PASSWORD_VARIABLE})
            password = getpass.getpass(_("Password for %(name)s: ") % {"name": username})
            if getpass.getpass(_("The same password again: ")) != password:
                raise CommandError(_("The two passwords differ; nothing was changed."))
        try:
            validate_password(password, user=candidate)
        except ValidationError as error:
            raise CommandError(_("Password refused: %(reasons)s Nothing was changed.")
                               % {"reasons": " ".join(error.messages)}) from None
        return password

    @transaction.atomic
    def _admin_ensure(self, username, password):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is not None and not user.is_superuser:
            # Making an existing officer an administrator is a decision for the administration pages, not a side
            # effect of a setup command run with a name that happened to be taken.
            raise CommandError(_("%(name)s is a user who is not an administrator; choose another name.")
                               % {"name": username})
        created = user is None
        user = user or User(username=username)
        user.is_superuser = user.is_staff = user.is_active = True
        user.set_password(password)
        user.save()
        message = (_("Administrator %(name)s created: sign in with the password given.") if created
                   else _("Administrator %(name)s: password reset (and the account active)."))
        self.stdout.write(message % {"name": username})
