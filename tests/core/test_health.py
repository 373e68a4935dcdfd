"""/health/: what a load balancer asks each app server before sending it users."""

import pytest
from django.db.migrations.executor import MigrationExecutor
from django.test import Client


@pytest.mark.django_db
def test_the_health_check_answers_200_without_signing_in_when_the_database_is_migrated():
    response = Client().get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "migrations": "ok"}}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_health_check_answers_503_when_a_migration_is_not_applied(monkeypatch):
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("core.0099_next", False)])
    response = Client().get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "checks": {"database": "ok", "migrations": "unapplied"}}


@pytest.mark.django_db
def test_the_health_check_answers_503_when_the_database_does_not_answer(monkeypatch):
    from muster.core import views_health

    monkeypatch.setattr(views_health, "_database", lambda: "unreachable")
    response = Client().get("/health/")
    assert response.status_code == 503 and response.json()["checks"] == {"database": "unreachable"}


@pytest.mark.django_db
def test_a_load_balancer_asking_by_address_over_plain_http_gets_the_answer_not_a_redirect(settings):
    settings.ALLOWED_HOSTS, settings.SECURE_SSL_REDIRECT = ["muster.example.org"], True
    response = Client().get("/health/", HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200 and response.json()["status"] == "ok"
    assert Client().get("/", HTTP_HOST="10.0.0.5:8000").status_code == 400  # only the health check is let through
