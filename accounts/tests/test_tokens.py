"""API tokens expire, are stored hashed, are listed and revoked by their owner (API and page)
and by administrators, and end when the password changes or the account is deactivated."""

from __future__ import annotations

import hashlib
import itertools
from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.test import Client
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.models import AccessPolicy, User
from accounts.tests.factories import UserFactory
from accounts.tokens import issue_token

pytestmark = pytest.mark.django_db

SIGN_IN = "/api/v1/auth/token/"
TOKENS = "/api/v1/auth/tokens/"
ME = "/api/v1/tickets/"
PASSWORD = "pw-123456"  # the factories' password
_addresses = (f"203.0.113.{n}" for n in itertools.count(1))


def _sign_in(user: User) -> dict:
    response = APIClient().post(
        SIGN_IN,
        {"username": user.username, "password": PASSWORD},
        format="json",
        REMOTE_ADDR=next(_addresses),
    )
    assert response.status_code == 200, response.content
    return response.json()


def _with(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_sign_in_answers_the_token_and_its_expiry_and_each_sign_in_is_a_new_token():
    user = UserFactory(roles=["agent"])

    first, second = _sign_in(user), _sign_in(user)

    assert set(first) == {"token", "expiry"}
    assert first["token"] != second["token"]
    expiry = parse_datetime(first["expiry"])
    assert expiry is not None
    assert abs(expiry - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)
    assert _with(first["token"]).get(ME).status_code == 200
    assert _with(second["token"]).get(ME).status_code == 200


def test_a_token_expires_after_the_policy_s_lifetime():
    AccessPolicy.objects.update(token_days=2)
    user = UserFactory(roles=["agent"])
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        token = _sign_in(user)["token"]
        client = _with(token)
        assert client.get(ME).status_code == 200  # (now also in the principal cache)

        traveller.move_to(start + timedelta(days=2) - timedelta(seconds=1))
        assert client.get(ME).status_code == 200

        traveller.move_to(start + timedelta(days=2, seconds=1))
        response = client.get(ME)

    assert response.status_code == 401
    assert not AuthToken.objects.filter(user=user).exists()  # an expired token is deleted


def test_a_changed_lifetime_applies_to_new_tokens_only():
    user = UserFactory(roles=["agent"])
    old, _ = issue_token(user)
    AccessPolicy.objects.update(token_days=1)

    new, _ = issue_token(user)

    assert old.expiry
    assert new.expiry
    assert old.expiry - new.expiry > timedelta(days=28)


def test_tokens_are_stored_hashed():
    user = UserFactory(roles=["agent"])
    token = _sign_in(user)["token"]

    stored = AuthToken.objects.get(user=user)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM knox_authtoken")
        columns = [str(value) for row in cursor.fetchall() for value in row]

    assert stored.digest == hashlib.sha512(token.encode()).hexdigest()
    assert len(token) == 64
    assert stored.token_key == token[:15]
    assert not [value for value in columns if token in value]  # the token itself is nowhere
    assert "authtoken_token" not in connection.introspection.table_names()


def test_a_password_change_revokes_every_token():
    user = UserFactory(roles=["agent"])
    clients = [_with(_sign_in(user)["token"]) for _ in range(2)]
    assert all(client.get(ME).status_code == 200 for client in clients)

    page = Client()
    page.force_login(user)
    response = page.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "n3w-Secret!x",
            "new_password2": "n3w-Secret!x",
        },
    )

    assert response.status_code == 302
    assert not AuthToken.objects.filter(user=user).exists()
    assert [client.get(ME).status_code for client in clients] == [401, 401]


def test_a_password_set_anywhere_else_revokes_too():
    user = UserFactory(roles=["agent"])
    client = _with(_sign_in(user)["token"])
    assert client.get(ME).status_code == 200

    user = User.objects.get(pk=user.pk)
    user.set_password("another-Secret-1")
    user.save()

    assert client.get(ME).status_code == 401


def test_deactivation_revokes_every_token():
    user = UserFactory(roles=["agent"])
    client = _with(_sign_in(user)["token"])
    assert client.get(ME).status_code == 200

    user.is_active = False
    user.save()

    assert not AuthToken.objects.filter(user=user).exists()
    user.is_active = True
    user.save()  # reactivated: the old token stays revoked
    assert client.get(ME).status_code == 401


def test_other_saves_keep_the_tokens():
    user = UserFactory(roles=["agent"])
    client = _with(_sign_in(user)["token"])

    user.phone = "13900000000"
    user.save()
    _sign_in(user)  # a sign-in updates last_login

    assert client.get(ME).status_code == 200
    assert AuthToken.objects.filter(user=user).count() == 2


def test_the_owner_lists_and_revokes_own_tokens_and_cannot_touch_others():
    owner, other = UserFactory(roles=["agent"]), UserFactory(roles=["agent"])
    mine, spare = _sign_in(owner)["token"], _sign_in(owner)["token"]
    theirs = _sign_in(other)["token"]
    client = _with(mine)

    listed = client.get(TOKENS).json()["results"]

    assert sorted(t["id"] for t in listed) == sorted([mine[:15], spare[:15]])
    assert [t["current"] for t in listed if t["id"] == mine[:15]] == [True]
    assert all(t["expiry"] for t in listed)
    # another user's token: not listed, not revocable (404), still working
    assert client.delete(f"{TOKENS}{theirs[:15]}/").status_code == 404
    assert _with(theirs).get(ME).status_code == 200

    assert client.delete(f"{TOKENS}{spare[:15]}/").status_code == 204
    assert _with(spare).get(ME).status_code == 401
    assert [t["id"] for t in client.get(TOKENS).json()["results"]] == [mine[:15]]
    assert client.delete(f"{TOKENS}{mine[:15]}/").status_code == 204
    assert client.get(TOKENS).status_code == 401  # revoking the token in use signs out


def test_the_account_page_lists_and_revokes_own_tokens_only():
    owner, other = UserFactory(roles=["dealer"]), UserFactory(roles=["agent"])
    mine = _sign_in(owner)["token"]
    theirs = _sign_in(other)["token"]
    page = Client()
    page.force_login(owner)

    listing = page.get("/accounts/tokens/").content.decode()

    assert mine[:15] in listing
    assert theirs[:15] not in listing
    assert page.post(f"/accounts/tokens/{theirs[:15]}/revoke/").status_code == 404
    assert page.get(f"/accounts/tokens/{mine[:15]}/revoke/").status_code == 405
    assert page.post(f"/accounts/tokens/{mine[:15]}/revoke/").status_code == 302
    assert _with(mine).get(ME).status_code == 401
    assert _with(theirs).get(ME).status_code == 200
    _sign_in(owner), _sign_in(owner)
    assert page.post("/accounts/tokens/revoke-all/").status_code == 302
    assert not AuthToken.objects.filter(user=owner).exists()
    assert AuthToken.objects.filter(user=other).exists()


def test_the_account_page_is_in_chinese():
    user = UserFactory(roles=["agent"])
    page = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    page.force_login(user)

    html = page.get("/accounts/tokens/").content.decode()

    assert "API 令牌" in html
    assert "您没有 API 令牌。" in html


def test_administrators_list_and_revoke_anyone_s_tokens():
    root = User.objects.create_superuser(
        "root", "root@example.com", "x", organisation=UserFactory().organisation
    )
    user = UserFactory(roles=["agent"])
    token = _sign_in(user)["token"]
    admin = Client()
    admin.force_login(root)

    listing = admin.get("/admin/accounts/apitoken/").content.decode()
    assert token[:15] in listing
    assert "/admin/accounts/apitoken/add/" not in listing

    response = admin.post(
        "/admin/accounts/user/",
        {"action": "revoke_api_tokens", "_selected_action": [user.pk]},
    )
    assert response.status_code == 302
    assert _with(token).get(ME).status_code == 401

    token = _sign_in(user)["token"]
    digest = AuthToken.objects.get(user=user).digest
    response = admin.post(
        "/admin/accounts/apitoken/",
        {"action": "delete_selected", "_selected_action": [digest], "post": "yes"},
    )
    assert response.status_code == 302
    assert _with(token).get(ME).status_code == 401


def test_a_token_issued_before_the_move_to_hashed_tokens_keeps_working_until_it_expires():
    from importlib import import_module

    migration = import_module("accounts.migrations.0004_hashed_expiring_tokens")
    user = UserFactory(roles=["agent"])
    legacy = "0123456789abcdef0123456789abcdef01234567"  # DRF's 40-character key
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, "
            "created timestamp with time zone NOT NULL, user_id bigint NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)", [legacy, timezone.now(), user.pk]
        )
    # the migration's schema editor, as far as it is used (SQLite opens none inside a test)
    editor = SimpleNamespace(connection=connection, execute=connection.cursor().execute)
    migration.hash_legacy_tokens(apps, editor)

    assert "authtoken_token" not in connection.introspection.table_names()
    stored = AuthToken.objects.get(user=user)
    assert stored.digest == hashlib.sha512(legacy.encode()).hexdigest()
    assert stored.expiry
    assert stored.expiry > timezone.now() + timedelta(days=29)
    assert _with(legacy).get(ME).status_code == 200
