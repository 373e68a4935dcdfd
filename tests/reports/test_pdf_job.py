"""A report's PDF as a background job where a worker is configured (reports.rendering.report_pdf_job): the PDF link
leads to the job's page, the worker makes the file as the user who asked, only that user (and the administrator)
may download it, and a PDF naming people is logged when the job makes it. Without a worker the PDF is the response
(tests/force/test_dashboard.py and the others download it so)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from muster.core.jobs import job_start
from muster.core.models import Job, User
from muster.force.models import PersonalDataExport
from muster.reports.rendering import report_pdf_job
from tests.core.test_jobs import _database_url
from tests.force.test_perstat import kenya_roll  # noqa: F401 (a fixture: twelve Kenyan officers on the roll)


@pytest.fixture
def worker_configured(settings):
    """MUSTER_WORKER set and the database queue, as in production: a job waits for `muster worker`."""
    settings.MUSTER_WORKER = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker(tmp_path):
    """`muster worker` for the jobs waiting, against the committed test database (tests/core/test_jobs.py)."""
    env = {**os.environ, "MUSTER_WORKER": "1", "DATABASE_URL": _database_url(), "MUSTER_VAR_DIR": str(tmp_path)}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    worker = subprocess.run([str(Path(sys.executable).with_name("muster")), "worker", "--batch", "--no-reload",
                             "--no-startup-delay"], env=env, capture_output=True, text=True, timeout=300)
    assert worker.returncode == 0, worker.stderr


def test_the_pdf_link_starts_a_job_the_worker_renders_for_that_user_only(demo_committed, worker_configured,
                                                                       signed_in, tmp_path):
    client = signed_in("j1")
    asked = client.get("/dashboard/MSS/strength.pdf", {"on": "2025-02-06"})
    job = Job.objects.get()
    assert asked.status_code == 302 and asked["Location"] == f"/jobs/{job.pk}/"
    assert (job.user.username, job.status, job.title) == ("j1", Job.Status.QUEUED,
                                                          "Strength of the MSS on 6 Feb 2025 (PDF)")
    assert job.work == f"{report_pdf_job.__module__}.report_pdf_job"
    assert job.params == {"name": "strength", "parameters": {"mission": "MSS", "on": "2025-02-06"},
                          "query": "on=2025-02-06", "base_url": "http://testserver/"}
    assert "Waiting for the worker" in client.get(asked["Location"]).content.decode()

    run_worker(tmp_path)
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.result_name) == (Job.Status.DONE, 2, 2, "strength_MSS_2025-02-06.pdf")
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Done" in page and f"/jobs/{job.pk}/download/" in page and "Download strength_MSS_2025-02-06.pdf" in page
    pdf = client.get(f"/jobs/{job.pk}/download/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"] == 'attachment; filename="strength_MSS_2025-02-06.pdf"'
    assert signed_in("admin").get(f"/jobs/{job.pk}/download/").content == pdf.content
    other = signed_in("j4")
    assert other.get(f"/jobs/{job.pk}/").status_code == 404
    assert other.get(f"/jobs/{job.pk}/download/").status_code == 404


def test_a_perstat_pdf_job_logs_the_names_it_exports_when_it_makes_the_file(kenya_roll, settings, signed_in):  # noqa: F811
    # MUSTER_WORKER with django-tasks' immediate backend: the job runs inside the request, through the same work.
    settings.MUSTER_WORKER = True
    client = signed_in("j1")
    asked = client.get("/perstat/MSS/perstat.pdf", {"on": "2025-05-20"})
    job = Job.objects.get()
    assert asked["Location"] == f"/jobs/{job.pk}/" and job.status == Job.Status.DONE
    logged = PersonalDataExport.objects.values_list("user_name", "what", "rows", "fmt", "query")
    assert list(logged) == [("j1", "PERSTAT MSS 2025-05-20", 11, "pdf", "on=2025-05-20")]
    assert client.get(f"/jobs/{job.pk}/download/").content.startswith(b"%PDF")
    # The XLSX and CSV stay in the request.
    assert client.get("/perstat/MSS/perstat.csv", {"on": "2025-05-20"})["Content-Type"].startswith("text/csv")
    assert Job.objects.count() == 1


def test_a_pdf_job_keeps_to_the_scope_of_the_user_who_asked(demo, settings):
    # The job reads the report again as its user: a mission they cannot see fails it in the words of one that
    # does not exist; a report they may not see at all fails it as refused.
    settings.MUSTER_WORKER = True
    j1 = User.objects.get(username="j1")
    hidden = job_start(user=User.objects.create_user("nobody", password="x-pass-1234"), title="Strength PDF",
                       work=report_pdf_job, params={"name": "strength", "parameters": {"mission": "MSS"}})
    assert (hidden.status, hidden.message) == (Job.Status.FAILED, "No mission with code “MSS”.")
    refused = job_start(user=j1, title="Funding PDF", work=report_pdf_job,
                        params={"name": "funding", "parameters": {"mission": "MSS"}})
    assert (refused.status, refused.message) == (Job.Status.FAILED, "You may not do this.")
