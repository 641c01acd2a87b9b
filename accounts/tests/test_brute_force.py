"""Repeated wrong passwords lock the account and the address, on the login form and on the
token endpoint, with a clear message; an administrator can unlock; others are unaffected;
password checks are bounded so a flood of guesses cannot occupy the whole service."""

from __future__ import annotations

import itertools

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import AccessPolicy, User
from accounts.signin import password_checks
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
LOGIN = "/accounts/login/"
PASSWORD = "pw-123456"  # the factories' password
_addresses = (f"198.51.100.{n}" for n in itertools.count(1))


def _address() -> str:
    """A fresh address for each caller (the API throttle is per address and outlives tests)."""
    return next(_addresses)


def _api_sign_in(username: str, password: str, address: str):  # type: ignore[no-untyped-def]
    return APIClient().post(
        TOKEN, {"username": username, "password": password}, format="json", REMOTE_ADDR=address
    )


def _form_sign_in(username: str, password: str, address: str, language: str = "en"):  # type: ignore[no-untyped-def]
    return Client(HTTP_ACCEPT_LANGUAGE=language).post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_thirty_wrong_passwords_on_the_api_then_the_right_one_is_refused():
    user = UserFactory(roles=["agent"])
    attacker = _address()
    for _ in range(30):
        assert _api_sign_in(user.username, "wrong", attacker).status_code in (400, 429)

    from_attacker = _api_sign_in(user.username, PASSWORD, attacker)
    from_elsewhere = _api_sign_in(user.username, PASSWORD, _address())

    for response in (from_attacker, from_elsewhere):  # the account and the address are locked
        assert response.status_code == 429
        assert response.json()["code"] == "locked_out"
        assert "Too many failed sign-ins" in response.json()["detail"]
        assert "token" not in response.json()


def test_thirty_wrong_passwords_on_the_form_then_the_right_one_is_refused():
    user = UserFactory(roles=["agent"])
    attacker = _address()
    for _ in range(30):
        _form_sign_in(user.username, "wrong", attacker)

    response = _form_sign_in(user.username, PASSWORD, _address())

    assert response.status_code == 429
    assert "Too many failed sign-ins for this account" in response.content.decode()
    assert "blocked for 30 minutes" in response.content.decode()
    assert "_auth_user_id" not in response.client.session


def test_the_lock_message_is_translated():
    user = UserFactory(roles=["agent"])
    for _ in range(AccessPolicy.current().failure_limit):
        _form_sign_in(user.username, "wrong", _address())

    response = _form_sign_in(user.username, PASSWORD, _address(), language="zh-hans")

    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()


def test_the_lock_is_per_account_and_per_address_others_are_unaffected():
    victim = UserFactory(roles=["agent"])
    colleague = UserFactory(roles=["agent"])
    attacker = _address()
    for _ in range(30):
        _api_sign_in(victim.username, "wrong", attacker)

    # another user from another address signs in on both ways
    assert _api_sign_in(colleague.username, PASSWORD, _address()).status_code == 200
    assert _form_sign_in(colleague.username, PASSWORD, _address()).status_code == 302
    # the attacking address is locked for every account
    assert _api_sign_in(colleague.username, PASSWORD, attacker).status_code == 429


def test_an_address_guessing_many_accounts_is_locked():
    users = [UserFactory(roles=["agent"]) for _ in range(12)]
    attacker = _address()
    for user in users[:-1]:
        _api_sign_in(user.username, "wrong", attacker)  # one guess each: no account lock

    assert _api_sign_in(users[-1].username, PASSWORD, attacker).status_code == 429
    assert _api_sign_in(users[-1].username, PASSWORD, _address()).status_code == 200


def test_the_limit_and_the_lock_duration_are_data():
    policy = AccessPolicy.current()
    policy.failure_limit = 3
    policy.lockout_minutes = 5
    policy.save()
    user = UserFactory(roles=["agent"])
    for _ in range(3):
        _api_sign_in(user.username, "wrong", _address())

    response = _api_sign_in(user.username, PASSWORD, _address())

    assert response.status_code == 429
    assert "blocked for 5 minutes" in response.json()["detail"]


def test_a_lock_ends_by_itself_after_the_lock_duration():
    import time_machine
    from django.utils import timezone

    user = UserFactory(roles=["agent"])
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(30):
            _api_sign_in(user.username, "wrong", _address())
        assert _api_sign_in(user.username, PASSWORD, _address()).status_code == 429

        traveller.move_to(start + timezone.timedelta(minutes=31))

        assert _api_sign_in(user.username, PASSWORD, _address()).status_code == 200


def test_an_administrator_unlocks_the_account_from_the_user_list():
    user = UserFactory(roles=["agent"])
    for _ in range(30):
        _form_sign_in(user.username, "wrong", _address())
    assert _form_sign_in(user.username, PASSWORD, _address()).status_code == 429
    admin = Client()
    admin.force_login(
        User.objects.create_superuser("root", "r@example.com", "x", organisation=user.organisation)
    )

    response = admin.post(
        "/admin/accounts/user/",
        {"action": "unlock_sign_in", "_selected_action": [user.pk]},
        follow=True,
    )

    assert "Sign-in unlocked for 1 user." in response.content.decode()
    assert _form_sign_in(user.username, PASSWORD, _address()).status_code == 302
    assert _api_sign_in(user.username, PASSWORD, _address()).status_code == 200


def test_an_administrator_unlocks_an_address_from_the_access_attempts():
    from axes.models import AccessAttempt

    user = UserFactory(roles=["agent"])
    attacker = _address()
    for other in range(12):
        _api_sign_in(f"nobody{other}", "wrong", attacker)
    assert _api_sign_in(user.username, PASSWORD, attacker).status_code == 429
    admin = Client()
    admin.force_login(
        User.objects.create_superuser("root", "r@example.com", "x", organisation=user.organisation)
    )
    attempts = AccessAttempt.objects.filter(ip_address=attacker)
    assert admin.get("/admin/axes/accessattempt/").status_code == 200

    admin.post(
        "/admin/axes/accessattempt/",
        {
            "action": "delete_selected",
            "_selected_action": list(attempts.values_list("pk", flat=True)),
            "post": "yes",
        },
    )

    assert not attempts.exists()
    assert _api_sign_in(user.username, PASSWORD, attacker).status_code == 200


def test_a_right_password_resets_the_count():
    user = UserFactory(roles=["agent"])
    address = _address()
    for _ in range(AccessPolicy.current().failure_limit - 1):
        _api_sign_in(user.username, "wrong", address)
    assert _api_sign_in(user.username, PASSWORD, address).status_code == 200

    for _ in range(AccessPolicy.current().failure_limit - 1):
        _api_sign_in(user.username, "wrong", address)

    assert _api_sign_in(user.username, PASSWORD, address).status_code == 200


def test_the_token_endpoint_is_throttled_per_address(settings):
    from django.core.cache import cache

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"auth": "5/minute"},
    }
    user = UserFactory(roles=["agent"])
    address = _address()
    cache.delete(f"throttle_auth_{address}")
    from rest_framework.throttling import ScopedRateThrottle

    ScopedRateThrottle.THROTTLE_RATES = {"auth": "5/minute"}
    try:
        answers = [_api_sign_in(user.username, PASSWORD, address).status_code for _ in range(6)]
    finally:
        from rest_framework.settings import api_settings

        ScopedRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES

    assert answers == [200] * 5 + [429]


def test_a_sign_in_waits_for_a_free_password_check_and_is_told_when_the_server_is_busy(
    settings,
):
    settings.PASSWORD_CHECKS_AT_ONCE = 1
    settings.PASSWORD_CHECK_WAIT_SECONDS = 0.2
    user = UserFactory(roles=["agent"])

    with password_checks:  # another request is hashing a password right now
        api = _api_sign_in(user.username, PASSWORD, _address())
        form = _form_sign_in(user.username, PASSWORD, _address())

    assert api.status_code == 503
    assert api["Retry-After"] == "5"
    assert api.json()["code"] == "busy"
    assert form.status_code == 503
    assert "Too many sign-ins are being checked right now" in form.content.decode()
    # a busy server is not a failed attempt: the account is not any closer to a lock
    from axes.models import AccessAttempt

    assert not AccessAttempt.objects.filter(username=user.username).exists()
    assert _api_sign_in(user.username, PASSWORD, _address()).status_code == 200
