"""A background job in the browser: a report's PDF, asked for where a worker is configured, leads to the job's page,
whose <progress> bar htmx follows while the job waits; once `muster worker` has made the file the bar is replaced by
Done and the download link, and the link gives the PDF."""

import pytest
from playwright.sync_api import expect
from steps import open_dashboard_on
from tests.reports.test_pdf_job import run_worker, worker_configured  # noqa: F401 (a fixture)

from muster.core.models import Job

pytestmark = pytest.mark.browser


def test_a_report_pdf_job_shows_its_progress_then_the_download(open_page, worker_configured, tmp_path):  # noqa: F811
    page = open_page(signed_in_as="j1")
    open_dashboard_on(page, "2025-02-06")
    page.get_by_role("link", name="PDF", exact=True).click()

    expect(page.get_by_role("heading", name="Strength of the MSS on 6 Feb 2025 (PDF)")).to_be_visible()
    bar = page.locator("progress#job-progress")
    expect(bar).to_be_visible()
    expect(page.locator("#job-status")).to_contain_text("Waiting for the worker")
    job = Job.objects.get()
    assert job.status == Job.Status.QUEUED

    run_worker(tmp_path)  # the page keeps asking, once a second, meanwhile
    status = page.locator("#job-status")
    expect(status.get_by_role("heading", name="Done")).to_be_visible()
    expect(bar).to_have_count(0)
    link = status.get_by_role("link", name="Download strength_MSS_2025-02-06.pdf")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "strength_MSS_2025-02-06.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
