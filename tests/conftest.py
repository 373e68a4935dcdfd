"""Shared fixtures: the demo world of the MSS public record, and signed-in clients for its demo users."""

import pytest
from django.test import Client

from muster.core.roles import roles_ensure
from muster.missions.demo import DEMO_PASSWORD, demo_load, demo_users_ensure


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """Tests sign in hundreds of users; the production hasher is slow on purpose."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def demo(db):
    """The MSS / GSF public record with the standard roles and one demo user per role."""
    roles_ensure()
    demo_load()
    demo_users_ensure()


@pytest.fixture
def signed_in(demo):
    """signed_in("j1") → a test client signed in as that demo user."""

    def client_for(username):
        client = Client()
        assert client.login(username=username, password=DEMO_PASSWORD)
        return client

    return client_for
