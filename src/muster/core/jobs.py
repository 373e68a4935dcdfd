"""Background jobs: work that can outlast a request, run by a worker, watched by the user who started it.

    job = job_start(user=request.user, title=_("Backup of the database"), work=backup_job)
    return redirect(job)  # /jobs/<id>/: a progress bar, then the download, the page to go to, or why it failed

`work` is a module-level function `work(*, job, progress, **params) -> JobResult`; `params` are JSON (ids and
text, not model instances: the worker is another process), and `job.user` is who asked, whose scope the work keeps
to (start every read from `restrict(job.user, …)`). It reports how far it is with `progress(done, total, step=…)`,
returns a JobResult (a file, a page to go to, a sentence) and refuses with JobFailed (or a ValidationError or a
PermissionDenied) whose words the user reads; any other exception is logged with its traceback and the user reads
that the job stopped on an error of Muster's. The jobs there are: the administrator's backup (core.backup), a
large roll's commit (force.services.roll_import_job) and, where a worker is configured, every report's PDF
(reports.rendering.report_pdf_job, returning `JobResult(file_name="….pdf", content=pdf,
content_type="application/pdf")`).

With MUSTER_WORKER=1 (settings.TASKS names django-tasks-db's DatabaseBackend) `job_start` queues the job in the
database and `muster worker` runs it; without, django-tasks' ImmediateBackend runs it inside `job_start`, so the
job is over when its page first shows. django-tasks keeps its own record of the run (`DBTaskResult`); `core.Job` is
the user's side of it: who, what, how far, the outcome and the file, readable by that user and the administrator.
"""

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connections
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task

from .models import Job

log = logging.getLogger(__name__)


@dataclass
class JobResult:
    """What a job leaves for its user: a sentence, and a file to download or a page to go to."""

    message: str = ""
    file_name: str = ""
    content: bytes | None = None
    content_type: str = "application/octet-stream"
    url: str = ""


class JobFailed(Exception):
    """Why the work stopped, in words for the user who started it (e.g. the rows of a roll that were refused)."""


def job_start(*, user, title, work, params=None):
    """Start `work` (see above) for `user` as a job; the Job, already over where no worker is configured."""
    path = f"{work.__module__}.{work.__qualname__}"
    try:
        found = import_string(path)
    except ImportError:
        found = None
    if found is not work:
        raise ValueError(f"{path} is not a module-level function: a worker could not find it")
    Job.purge()
    job = Job.objects.create(user=user, title=title[:200], work=path, params=params or {})
    job_run.enqueue(job_id=str(job.pk))
    job.refresh_from_db()
    return job


@task()
def job_run(job_id):
    """Run one job (by the worker, or in the request): its work, then its outcome stored on the Job."""
    started = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started=timezone.now())
    if not started:  # deleted meanwhile, or already taken by another run of the same task
        return
    job = Job.objects.select_related("user").get(pk=job_id)
    progress = JobProgress(job)
    try:
        result = import_string(job.work)(job=job, progress=progress, **job.params)
    except JobFailed as refusal:
        _job_finish(job, progress, status=Job.Status.FAILED, message=str(refusal))
    except (ValidationError, PermissionDenied) as refusal:
        _job_finish(job, progress, status=Job.Status.FAILED, message=" ".join(_messages(refusal)))
    except Exception:
        log.exception("job %s (%s) failed", job.pk, job.work)
        _job_finish(job, progress, status=Job.Status.FAILED, message=_(
            "The job stopped on an error of Muster's, not of what you asked: try again, and if it fails again "
            "give the administrator this job's number, %(id)s.") % {"id": job.pk})
    else:
        job.message, job.result_url = result.message, result.url
        if result.content is not None:
            job.result_name, job.result_content = result.file_name, result.content
            job.result_content_type = result.content_type
        _job_finish(job, progress, status=Job.Status.DONE)
    finally:
        progress.close()


def _messages(refusal):
    if isinstance(refusal, ValidationError):
        return refusal.messages
    return [str(refusal) or _("You may not do this.")]


def _job_finish(job, progress, *, status, message=None):
    job.status, job.finished = status, timezone.now()
    if message is not None:
        job.message = message
    job.done, job.total, job.step = progress.done, progress.total, ""
    if status == Job.Status.DONE and job.total is not None:
        job.done = job.total
    job.save()


class JobProgress:
    """`progress(done, total, step=…)`: how far a job is, written where its page can read it while it runs.

    Written through a connection of its own, in autocommit, at most once a second: the work may be inside a
    transaction of its own (a roll import stores all or nothing; a backup reads from one snapshot), whose writes no
    one else sees until it ends. On SQLite a transaction that writes holds the database's one write lock, so while
    the roll import stores the bar waits (the write is skipped at once, not queued) and moves when it is done; on
    PostgreSQL it moves throughout. Where no worker is configured the request that runs the job is the one that
    would show it, so nothing is written until the end.
    """

    INTERVAL = 1.0  # seconds: the page asks once a second

    def __init__(self, job):
        self.job_id, self.done, self.total, self.step = job.pk, 0, None, ""
        self._written_at = None
        self._connection = None

    def __call__(self, done, total=None, *, step=None):
        self.done = done
        if total is not None:
            self.total = total
        if step is not None:
            self.step = step[:200]
        now = time.monotonic()
        if not settings.MUSTER_WORKER or (
                step is None and self._written_at is not None and now - self._written_at < self.INTERVAL):
            return
        self._written_at = now
        self._write()

    def _write(self):
        if self._connection is None:
            self._connection = connections["default"].copy()
            if self._connection.vendor == "sqlite":  # skip a write while another transaction holds the lock
                self._connection.settings_dict["OPTIONS"] = {**self._connection.settings_dict["OPTIONS"],
                                                             "timeout": 0}
        connection = self._connection
        table, pk = connection.ops.quote_name(Job._meta.db_table), Job._meta.pk
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"UPDATE {table} SET done = %s, total = %s, step = %s WHERE {pk.column} = %s",
                               [self.done, self.total, self.step, pk.get_db_prep_value(self.job_id, connection)])
        except DatabaseError as error:  # the bar lags; the job goes on
            log.debug("job %s: progress not written (%s)", self.job_id, error)

    def close(self):
        if self._connection is not None:
            self._connection.close()
            self._connection = None
