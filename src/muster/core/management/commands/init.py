"""`muster init [--demo]`: migrate the database, create the standard roles, optionally load the demo."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from muster.core.roles import roles_ensure


class Command(BaseCommand):
    help = "Migrate the database named by DATABASE_URL, create the standard roles, optionally load the demo."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true",
                            help="Load the MSS / GSF public record and one demo user per role.")

    def handle(self, *args, demo=False, **options):
        call_command("migrate", interactive=False, verbosity=max(options["verbosity"] - 1, 0))
        roles_ensure()
        self.stdout.write(f"Database ready: {connection.vendor} {connection.settings_dict['NAME']}")
        if not demo:
            return
        from muster.missions.demo import DEMO_PASSWORD, demo_load, demo_users_ensure

        loaded = demo_load()
        self.stdout.write("Demo data loaded: the MSS / GSF public record." if loaded
                          else "Demo data already present; left as it is.")
        users = demo_users_ensure()
        self.stdout.write(f"\nDemo users (password for each: {DEMO_PASSWORD}):")
        for username, description in users:
            self.stdout.write(f"  {username:<12} {description}")
