"""`/health/` for a load balancer: 200 when this server can serve, 503 when it cannot.

A plain view rather than django-health-check: two checks (the database answers; every migration this code has is
applied to it) fit in a few lines, and the answer says no more than what failed — no host, no version, no error
text a stranger could use. No background worker exists yet, so there is no "worker seen recently" check.
"""

import logging

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

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


@never_cache
@require_safe
def health(request):
    checks = {"database": _database()}
    if checks["database"] == "ok":
        try:
            checks["migrations"] = _migrations()
        except DatabaseError:
            log.exception("health: cannot read the applied migrations")
            checks["migrations"] = "unknown"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "failing", "checks": checks}, status=200 if healthy else 503)
