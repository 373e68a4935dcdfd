"""Muster's own settings, with the load test's URLconf (bench/loadtest.py): the bare view beside every page.

Only ROOT_URLCONF differs, so the public page and the bare view are served by the same settings, middleware and
gunicorn; nothing under src/ knows of the bench.
"""

from muster.settings import *  # noqa: F403 (the settings as deployed, whole)

ROOT_URLCONF = "loadtest_urls"
