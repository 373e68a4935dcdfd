"""The load test's visitors (bench/loadtest.py runs locust with one of these classes per phase).

Anonymous visitors who ask for the page again as soon as it arrives (no wait), keeping their cookies as a browser
does and accepting gzip as a browser does (locust's FastHttpUser sends Accept-Encoding: gzip, deflate, br). No wait
between requests, because the test measures how many pages the server can give, not how many a crowd would ask for.
The addresses come from the environment, set by bench/loadtest.py.
"""

import os

from locust import FastHttpUser, constant, task


class PublicPage(FastHttpUser):
    """Asks for the public mission page (LOADTEST_PUBLIC_PATH)."""

    wait_time = constant(0)

    @task
    def page(self):
        self.client.get(os.environ["LOADTEST_PUBLIC_PATH"], name="public")


class BareView(FastHttpUser):
    """Asks for the bare Django view (LOADTEST_BARE_PATH), the yardstick."""

    wait_time = constant(0)

    @task
    def page(self):
        self.client.get(os.environ["LOADTEST_BARE_PATH"], name="bare")
