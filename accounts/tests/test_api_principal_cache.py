"""An API token's principal is cached, and every change to who the caller is or may do is
seen on the very next request."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.models import Organisation, User
from accounts.tests.factories import OrganisationFactory, UserFactory
from accounts.tokens import issue_token
from tickets.tests.factories import make_ticket

pytestmark = pytest.mark.django_db

ME = "/api/v1/tickets/"


def _client(user: User) -> APIClient:
    client = APIClient()
    auth_token, token = issue_token(user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    client.issued = (auth_token, token)  # type: ignore[attr-defined]
    return client


def _auth_queries(client: APIClient) -> int:
    """Queries on auth tables made by one list request."""
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(ME).status_code == 200
    return sum(
        1
        for q in ctx.captured_queries
        if "knox_authtoken" in q["sql"] or "accounts_user_groups" in q["sql"]
    )


def test_a_repeated_token_is_not_looked_up_again():
    client = _client(UserFactory(roles=["agent"]))

    first = _auth_queries(client)
    second = _auth_queries(client)

    assert first >= 1
    assert second == 0


def test_a_deactivated_user_is_refused_on_the_next_request():
    user = UserFactory(roles=["agent"])
    client = _client(user)
    assert client.get(ME).status_code == 200

    user.is_active = False
    user.save()

    assert client.get(ME).status_code == 401


def test_a_deleted_token_is_refused_on_the_next_request():
    user = UserFactory(roles=["agent"])
    client = _client(user)
    assert client.get(ME).status_code == 200

    AuthToken.objects.get(user=user).delete()

    assert client.get(ME).status_code == 401


def test_a_role_taken_away_is_seen_on_the_next_request():
    user = UserFactory(roles=["agent"])
    client = _client(user)
    body = {
        "customer": {"name": "李雷", "phone": "13900000001"},
        "fault_description": "不制冷",
        "severity": "minor",
    }
    assert client.post(ME, body, format="json").status_code == 201

    user.groups.remove(Group.objects.get(name="agent"))

    assert client.post(ME, body, format="json").status_code == 403


def test_a_user_moved_to_a_dealer_sees_only_the_dealers_tickets():
    make_ticket(by=UserFactory(roles=["agent"]))
    user = UserFactory(roles=["dealer"])
    client = _client(user)
    assert client.get(ME).json()["count"] == 1  # service department staff see everything

    user.organisation = OrganisationFactory(kind=Organisation.Kind.DEALER)
    user.save()

    assert client.get(ME).json()["count"] == 0


def test_a_bulk_update_the_signals_cannot_see_is_seen_when_the_entry_expires(settings):
    # (the process's memory cache: its expiry follows the travelling clock, Redis's would not)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.API_AUTH_CACHE_SECONDS = 60
    user = UserFactory(roles=["agent"])
    client = _client(user)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        assert client.get(ME).status_code == 200
        User.objects.filter(pk=user.pk).update(is_active=False)  # no signal
        assert client.get(ME).status_code == 200  # still the cached principal

        traveller.move_to(start + timedelta(seconds=61))

        assert client.get(ME).status_code == 401


def test_caching_can_be_switched_off(settings):
    settings.API_AUTH_CACHE_SECONDS = 0
    user = UserFactory(roles=["agent"])
    client = _client(user)
    assert client.get(ME).status_code == 200

    User.objects.filter(pk=user.pk).update(is_active=False)

    assert client.get(ME).status_code == 401


def test_a_principal_read_before_the_change_committed_is_not_served_after(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(roles=["agent"])
    client = _client(user)
    assert client.get(ME).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        user.is_active = False
        user.save()
        # another process reads the still-committed row and caches it under the new generation
        assert client.get(ME).status_code == 401  # (here the same connection sees the change)
        _cache_stale_principal(user, client)

    # the commit starts yet another generation: the stale entry is never served
    assert client.get(ME).status_code == 401


def _cache_stale_principal(user: User, client: APIClient) -> None:
    import hashlib

    from django.core.cache import cache

    from accounts.authentication import GENERATION_KEY

    auth_token, token = client.issued  # type: ignore[attr-defined]
    stale = User.objects.select_related("organisation").get(pk=user.pk)
    stale.is_active = True
    key = f"accounts:principal:{hashlib.sha256(token.encode()).hexdigest()}"
    cache.set(key, (cache.get(GENERATION_KEY), stale, auth_token), 60)


def test_a_cache_outage_neither_locks_callers_out_nor_blocks_changes(settings):
    # a Redis cache nobody listens on
    settings.CACHES = {
        "default": {
            "BACKEND": "aftersales.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    user = UserFactory(roles=["agent"])
    client = _client(user)

    assert client.get(ME).status_code == 200

    user.is_active = False
    user.save()  # the signal cannot reach the cache: the save still succeeds
    assert client.get(ME).status_code == 401  # read from the database


def test_the_cache_reuses_one_redis_client_per_server(settings):
    settings.CACHES = {  # building clients connects to nothing
        "default": {"BACKEND": "aftersales.cache.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
    }
    client = caches["default"]._cache  # type: ignore[attr-defined]

    assert client.get_client() is client.get_client(write=True)
