"""Background jobs (core/jobs.py): started, watched, downloaded, refused to others; the worker for real; health.

Without MUSTER_WORKER (the suite's default) a job runs in the request that starts it (django-tasks'
ImmediateBackend) and its page shows the result at once; one test queues a job in the database and runs
`muster worker --batch` against the committed test database, as production does.
"""

import datetime
import io
import json
import os
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from muster.core.backup import backup_job
from muster.core.jobs import JobFailed, JobResult, job_start
from muster.core.models import Job, User, WorkerHeartbeat
from muster.force.models import Contingent, Person
from tests.force.test_roll_import import roll_rows, xlsx


# Work for the tests, module-level as a worker finds it.
def counting_work(*, job, progress, upto):
    for done in range(upto + 1):
        progress(done, upto, step="Counting")
    return JobResult(message=f"Counted to {upto} for {job.user.username}.", file_name="count.txt",
                     content=b"1 2 3", content_type="text/plain")


def refusing_work(*, job, progress):
    progress(1, 4)
    raise JobFailed("Row 7, column Svc No: service number KE00001 is also on row 3.")


def broken_work(*, job, progress):
    raise RuntimeError("a bug")


def backup_download(client, job):
    response = client.get(f"/jobs/{job.pk}/download/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="{job.result_name}"'
    return zipfile.ZipFile(io.BytesIO(b"".join(response) if response.streaming else response.content))


def test_the_administrator_backs_up_from_the_web_and_downloads_the_file(demo_committed, signed_in):
    # Committed: a backup reads from a snapshot transaction of its own, which a test's transaction would refuse.
    client = signed_in("admin")
    assert "Back up now" in client.get("/admin/backup/").content.decode()
    started = client.post("/admin/backup/")
    job = Job.objects.get()
    assert started.status_code == 302 and started["Location"] == f"/jobs/{job.pk}/"
    page = client.get(started["Location"]).content.decode()
    assert job.status == Job.Status.DONE and "Done" in page and f"/jobs/{job.pk}/download/" in page
    assert "keep it encrypted" in page and "http-equiv" not in page and "every 1s" not in page
    assert job.result_name.startswith("muster-backup-") and job.result_name.endswith(".zip")
    with backup_download(client, job) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    tables = {table["name"]: table["rows"] for table in manifest["tables"]}
    assert tables["force_person"] == Person.objects.count() and tables["core_user"] == User.objects.count()
    # A backup does not hold the jobs (each backup would hold the one before it) nor the worker's queue.
    assert "core_job" not in tables and "core_job" in manifest["left_out"]
    assert "django_tasks_database_dbtaskresult" in manifest["left_out"]
    assert job.done == job.total == len(manifest["tables"])


def test_only_the_administrator_may_back_up(signed_in):
    assert signed_in("j1").get("/admin/backup/").status_code == 403
    assert signed_in("j1").post("/admin/backup/").status_code == 403
    assert not Job.objects.exists()
    assert Client().get("/admin/backup/").status_code == 302  # to the sign-in page


def test_a_job_is_seen_by_the_user_who_started_it_and_the_administrator_only(signed_in):
    j1 = User.objects.get(username="j1")
    job = job_start(user=j1, title="Count", work=counting_work, params={"upto": 3})
    assert (job.status, job.message, job.done, job.total) == (Job.Status.DONE, "Counted to 3 for j1.", 3, 3)
    owner = signed_in("j1")
    assert "Counted to 3 for j1." in owner.get(f"/jobs/{job.pk}/").content.decode()
    assert owner.get(f"/jobs/{job.pk}/download/").content == b"1 2 3"
    assert "Counted to 3" in signed_in("admin").get(f"/jobs/{job.pk}/").content.decode()
    other = signed_in("j4")
    for address in (f"/jobs/{job.pk}/", f"/jobs/{job.pk}/download/", f"/jobs/{uuid.uuid4()}/"):
        assert other.get(address).status_code == 404
    assert Client().get(f"/jobs/{job.pk}/").status_code == 302  # to the sign-in page


def test_a_running_job_shows_its_progress_polled_by_htmx_or_reloaded_without_javascript(signed_in):
    job = Job.objects.create(user=User.objects.get(username="j1"), title="Import of kenya.xlsx", work="x.y",
                             status=Job.Status.RUNNING, step="Checking 2,400 rows", done=500, total=2400)
    client = signed_in("j1")
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert '<progress id="job-progress" max="2400" value="500">20%</progress>' in page
    assert "Checking 2,400 rows" in page and "500 of 2,400" in page
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    part = client.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert part.startswith('<div id="job-status"') and "<html" not in part
    assert f'hx-get="/jobs/{job.pk}/" hx-trigger="every 1s" hx-swap="outerHTML"' in part
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404  # nothing to download yet

    Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED, done=0, total=None, step="")
    waiting = client.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "Waiting for the worker" in waiting and '<progress id="job-progress" max="100">' in waiting


def test_a_refused_job_says_why_and_a_broken_one_says_it_is_muster_s_error(signed_in, caplog):
    j1 = User.objects.get(username="j1")
    refused = job_start(user=j1, title="Refused", work=refusing_work)
    assert (refused.status, refused.done, refused.total) == (Job.Status.FAILED, 1, 4)
    page = signed_in("j1").get(f"/jobs/{refused.pk}/").content.decode()
    assert "The job failed" in page and "Row 7, column Svc No: service number KE00001 is also on row 3." in page
    assert "<progress" not in page and "every 1s" not in page

    broken = job_start(user=j1, title="Broken", work=broken_work)
    assert broken.status == Job.Status.FAILED and f"this job's number, {broken.pk}" in broken.message
    assert "a bug" not in broken.message and "RuntimeError: a bug" in caplog.text


def test_work_that_a_worker_could_not_find_is_refused_when_started(demo):
    def nested(*, job, progress):
        return JobResult()

    with pytest.raises(ValueError, match="not a module-level function"):
        job_start(user=User.objects.get(username="j1"), title="Nested", work=nested)


def test_jobs_and_their_files_are_deleted_a_day_after_they_finish(demo):
    j1 = User.objects.get(username="j1")
    old = job_start(user=j1, title="Old", work=counting_work, params={"upto": 1})
    Job.objects.filter(pk=old.pk).update(finished=timezone.now() - Job.KEPT_FOR - timezone.timedelta(seconds=1))
    new = job_start(user=j1, title="New", work=counting_work, params={"upto": 1})
    assert list(Job.objects.values_list("pk", flat=True)) == [new.pk]


@pytest.fixture
def kenya(demo):
    return Contingent.objects.get(mission__code="MSS", country_id="KEN")


def roll_preview(client, kenya, rows):
    upload = io.BytesIO(xlsx(roll_rows(rows)))
    upload.name = "kenya.xlsx"
    preview = client.post("/roll/import/", {"contingent": kenya.pk, "file": upload})
    return preview.context["commit_form"].initial["token"]


def test_a_roll_above_the_threshold_is_stored_by_a_job_that_leads_to_its_batch(signed_in, kenya, settings):
    settings.MUSTER_ROLL_IMPORT_JOB_ROWS = 20
    client = signed_in("j1")
    token = roll_preview(client, kenya, 21)
    stored = client.post("/roll/import/", {"contingent": kenya.pk, "token": token, "filename": "kenya.xlsx"})
    job = Job.objects.get()
    assert stored["Location"] == f"/jobs/{job.pk}/" and job.title.startswith("Import of kenya.xlsx (21 rows) into")
    assert Person.objects.filter(country="KEN").count() == 21
    batch = client.get(stored["Location"], follow=True)
    assert batch.redirect_chain[-1][0].startswith("/roll/imports/")
    assert "Imported the roll of" in batch.content.decode() and "21 people added" in batch.content.decode()
    htmx = client.get(stored["Location"], headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"].startswith("/roll/imports/")  # the polled part takes the page there


def test_a_roll_at_the_threshold_is_stored_in_the_request(signed_in, kenya, settings):
    settings.MUSTER_ROLL_IMPORT_JOB_ROWS = 20
    client = signed_in("j1")
    token = roll_preview(client, kenya, 20)
    stored = client.post("/roll/import/", {"contingent": kenya.pk, "token": token, "filename": "kenya.xlsx"})
    assert stored["Location"].startswith("/roll/imports/") and not Job.objects.exists()


def test_a_roll_job_that_finds_the_roll_changed_names_the_rows_and_stores_nothing(signed_in, kenya, settings):
    settings.MUSTER_ROLL_IMPORT_JOB_ROWS = 2
    client = signed_in("j1")
    token = roll_preview(client, kenya, 3)
    # Between the preview and the commit someone records one of these service numbers on a tour that overlaps.
    other = Contingent.objects.filter(mission__code="GSF", country_id="KEN").first() or kenya
    person = Person.objects.create(country_id="KEN", service_number="KE00001", family_name="Earlier", given_names="A")
    person.tours.create(contingent=other, arrival=datetime.date(2024, 1, 1), planned_end=datetime.date(2025, 12, 31))
    client.post("/roll/import/", {"contingent": kenya.pk, "token": token, "filename": "kenya.xlsx"})
    job = Job.objects.get()
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert job.status == Job.Status.FAILED and "Nothing was stored:" in page and "Row 3, column" in page
    assert Person.objects.filter(country="KEN").count() == 1


def test_health_says_whether_a_worker_was_seen_where_one_is_configured(demo, settings):
    assert "worker" not in Client().get("/health/").json()["checks"]  # none configured: jobs run in the request
    settings.MUSTER_WORKER = True
    missing = Client().get("/health/")
    assert missing.status_code == 200
    assert missing.json() == {"status": "degraded", "checks": {"database": "ok", "migrations": "ok",
                                                                "worker": "not seen"}}
    beat = WorkerHeartbeat.objects.create(worker_id="w1", host="app1", pid=1)
    assert Client().get("/health/").json() == {"status": "ok", "checks": {"database": "ok", "migrations": "ok",
                                                                           "worker": "ok"}}
    WorkerHeartbeat.objects.filter(pk=beat.pk).update(
        seen=timezone.now() - timezone.timedelta(seconds=settings.MUSTER_WORKER_SEEN_WITHIN + 1))
    assert Client().get("/health/").json()["checks"]["worker"] == "not seen"


def _database_url():
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    return (f"postgres://{database['USER']}{password}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
            f"/{database['NAME']}")


def test_muster_worker_runs_a_queued_backup_against_the_database(demo_committed, settings, tmp_path):
    settings.MUSTER_WORKER = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    admin = User.objects.get(username="admin")
    job = job_start(user=admin, title="Backup of the database", work=backup_job)
    assert job.status == Job.Status.QUEUED and DBTaskResult.objects.filter(status="READY").count() == 1

    env = {**os.environ, "MUSTER_WORKER": "1", "DATABASE_URL": _database_url(), "MUSTER_VAR_DIR": str(tmp_path)}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    worker = subprocess.run([str(Path(sys.executable).with_name("muster")), "worker", "--batch", "--no-reload",
                             "--no-startup-delay"], env=env, capture_output=True, text=True, timeout=300)
    assert worker.returncode == 0, worker.stderr
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    assert job.started and job.finished and job.done == job.total and job.total > 40
    with zipfile.ZipFile(io.BytesIO(bytes(job.result_content))) as archive:
        assert json.loads(archive.read("manifest.json"))["format"] == "muster-backup"
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert not WorkerHeartbeat.objects.exists()  # a worker that stops takes its heartbeat away


def test_muster_worker_refuses_to_start_where_no_worker_is_configured(demo):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="MUSTER_WORKER is not set: the web servers run each job in its request"):
        call_command("worker", "--batch", "--no-reload")
