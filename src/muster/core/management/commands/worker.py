"""`muster worker`: runs the background jobs (core/jobs.py) that wait in the database, and says it is alive.

django-tasks-db's `db_worker` with a heartbeat: a thread writes this worker's row of core.WorkerHeartbeat every
HEARTBEAT_SECONDS, whatever job it is running, so `/health/` can say whether a worker was seen lately. Production
runs it as a service beside gunicorn's (docs/deployment.md); `make run` starts one beside the development server.
"""

import logging
import os
import socket
import threading
from argparse import ArgumentTypeError

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django.utils.translation import gettext as _
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from muster.core.models import WorkerHeartbeat

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10


class Heartbeat(threading.Thread):
    """This worker's row in core.WorkerHeartbeat, written now and every HEARTBEAT_SECONDS until stopped."""

    def __init__(self, worker_id):
        super().__init__(name="muster-worker-heartbeat", daemon=True)
        self.worker_id, self.stopping = worker_id, threading.Event()
        self.host, self.pid, self.started = socket.gethostname()[:200], os.getpid(), timezone.now()

    def beat(self):
        try:
            WorkerHeartbeat.objects.update_or_create(worker_id=self.worker_id, defaults={
                "host": self.host, "pid": self.pid, "started": self.started, "seen": timezone.now()})
        except DatabaseError as error:  # the database is away: /health/ will say so; beat again later
            log.warning("worker %s: heartbeat not written (%s)", self.worker_id, error)

    def run(self):
        try:
            while not self.stopping.wait(HEARTBEAT_SECONDS):
                self.beat()
        finally:
            connection.close()  # this thread's own

    def stop(self):
        """Stop beating and take this worker's row away: /health/ then says at once that it is gone."""
        self.stopping.set()
        self.join(timeout=HEARTBEAT_SECONDS)
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            pass


def _backend_configured(valid_backend_name):
    def checked(name):
        if not settings.MUSTER_WORKER:
            raise ArgumentTypeError(_("MUSTER_WORKER is not set: the web servers run each job in its request, so "
                                      "no job waits for a worker. Set MUSTER_WORKER=1 for the web servers and the "
                                      "worker."))
        return valid_backend_name(name)

    return checked


class Command(DatabaseWorkerCommand):
    help = ("Run the background jobs (backups, large imports) that wait in the database, one at a time, until "
            "stopped (SIGTERM or Ctrl-C lets the running job finish). Needs MUSTER_WORKER=1, in the web servers' "
            "environment too, so that they queue jobs for it. Run as many as you like, each on any server.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # db_worker checks its --backend (the database backend MUSTER_WORKER chooses) while it reads the arguments:
        # say what to do about it there, before its own words.
        backend = next(action for action in parser._actions if action.dest == "backend_name")
        backend.type = _backend_configured(backend.type)

    def handle(self, *args, **options):
        # With --reload the first process only watches the code and restarts the second, which runs the jobs.
        beating = not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
        heartbeat = Heartbeat(options["worker_id"]) if beating else None
        if heartbeat:
            heartbeat.beat()
            heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            if heartbeat:
                heartbeat.stop()
