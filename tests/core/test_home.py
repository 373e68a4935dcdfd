"""The home page of a new installation: the administrator is shown the first steps, anyone else whom to ask."""

import pytest
from django.test import Client
from django.urls import reverse

from muster.core.testing import make_user
from tests.two_factor import verify_session

pytestmark = pytest.mark.django_db


def _home_of(user):
    client = Client()
    client.force_login(user)
    verify_session(client, user)  # an administrator signs in with a second factor
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_an_administrator_of_a_database_without_missions_is_shown_how_to_add_the_first(empty_world):
    page = _home_of(make_user("chief", superuser=True))
    assert "No mission yet" in page
    assert f'href="{reverse("missions:mission_add")}"' in page
    assert f'href="{reverse("admin:core_user_changelist")}"' in page
    assert "muster init --record" in page and "manage.py" not in page


def test_anyone_else_without_a_mission_is_told_whom_to_ask_and_nothing_more(empty_world):
    page = _home_of(make_user("newcomer"))
    assert "No mission to show" in page and "administrator" in page
    assert reverse("missions:mission_add") not in page and "muster init" not in page
