"""`/health/` for a load balancer: 200 when this server can serve, 503 when it cannot.

Answered by `HealthCheckMiddleware`, first in MIDDLEWARE, before the host check (ALLOWED_HOSTS) and the redirect
to https: a load balancer asks each server by its own address, over plain HTTP, often unable to add a header, and
must get the answer rather than a 400 or a 301. The answer is the same for everyone and tells nothing else.

A plain view rather than django-health-check: the checks (the database answers; every migration this code has is
applied to it; where a worker is configured, one was seen lately) fit in a few lines, and the answer says no more
than what failed — no host, no version, no error text a stranger could use.

A worker not seen (`"worker": "not seen"`) makes the status "degraded" but still answers 200: this server serves
pages, and a load balancer that took every server out because the one worker stopped would turn jobs that wait into
a site that is down. Monitoring alerts on "degraded"; the database or the migrations failing answer 503.
"""

import datetime
import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

log = logging.getLogger(__name__)


def _database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        log.exception("health: the database does not answer")
        return "unreachable"
    return "ok"


def _migrations():
    executor = MigrationExecutor(connection)
    unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return "ok" if not unapplied else "unapplied"


def _worker():
    """Whether a `muster worker` beat in the last MUSTER_WORKER_SEEN_WITHIN seconds (core.WorkerHeartbeat)."""
    from .models import WorkerHeartbeat

    since = timezone.now() - datetime.timedelta(seconds=settings.MUSTER_WORKER_SEEN_WITHIN)
    return "ok" if WorkerHeartbeat.objects.filter(seen__gte=since).exists() else "not seen"


PATH = "/health/"


def health(request):
    checks = {"database": _database()}
    if checks["database"] == "ok":
        try:
            checks["migrations"] = _migrations()
        except DatabaseError:
            log.exception("health: cannot read the applied migrations")
            checks["migrations"] = "unknown"
    healthy = all(value == "ok" for value in checks.values())
    status = "ok" if healthy else "failing"
    if healthy and settings.MUSTER_WORKER:
        checks["worker"] = _worker()
        status = "ok" if checks["worker"] == "ok" else "degraded"
    response = JsonResponse({"status": status, "checks": checks}, status=200 if healthy else 503)
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    """`GET` or `HEAD /health/` answered here, whatever the Host header or the scheme (see above)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH and request.method in ("GET", "HEAD"):
            return health(request)
        return self.get_response(request)
