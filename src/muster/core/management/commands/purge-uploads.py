"""`muster purge-uploads`: delete the files sent for a preview and never committed, once a day old."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from muster.core.models import PendingUpload


class Command(BaseCommand):
    help = ("Delete the uploaded files that wait for a commit (the roll import's preview) once they are a day old. "
            "Each new upload and `muster init` do it too; a cron job may run this as well.")

    def handle(self, *args, **options):
        self.stdout.write(_("Uploads older than a day deleted: %(count)s") % {"count": PendingUpload.purge()})
