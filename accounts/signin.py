"""Brute-force protection for the login form and ``POST /api/v1/auth/token/``.

- django-axes counts failed sign-ins per account and, separately, per network address;
  at ``AccessPolicy.failure_limit`` the account (or the address) is locked for
  ``AccessPolicy.lockout_minutes``. A locked attempt is refused before the password is
  hashed (``axes.backends.AxesStandaloneBackend`` runs first). Administrators unlock in the
  admin (Users → "Unlock sign-in", or delete the address's row under Access attempts).
- Password hashing is bounded per process (``PASSWORD_CHECKS_AT_ONCE``): a flood of
  guesses from many addresses waits for a slot, and after ``PASSWORD_CHECK_WAIT_SECONDS``
  is told the service is busy, instead of occupying every worker thread and core.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import AccessPolicy


class SignInBusy(Exception):  # noqa: N818 (a state, not an error of the caller)
    """Every password-check slot of this process stayed taken for the whole wait."""


class PasswordCheckGate:
    """At most ``settings.PASSWORD_CHECKS_AT_ONCE`` password checks at once in this process."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._busy = 0

    def __enter__(self) -> PasswordCheckGate:
        with self._condition:
            free = self._condition.wait_for(
                lambda: self._busy < settings.PASSWORD_CHECKS_AT_ONCE,
                timeout=settings.PASSWORD_CHECK_WAIT_SECONDS,
            )
            if not free:
                raise SignInBusy
            self._busy += 1
        return self

    def __exit__(self, *_exc: object) -> None:
        with self._condition:
            self._busy -= 1
            self._condition.notify()


password_checks = PasswordCheckGate()


# --- django-axes hooks (named in settings) -------------------------------------------------


def failure_limit(request: HttpRequest | None, credentials: Any = None) -> int:
    return AccessPolicy.current().failure_limit


def cool_off(request: HttpRequest | None = None) -> timedelta:
    return timedelta(minutes=AccessPolicy.current().lockout_minutes)


def lockout_message() -> str:
    minutes = AccessPolicy.current().lockout_minutes
    return ngettext(
        "Too many failed sign-ins for this account or from this network address. Sign-in is "
        "blocked for %(minutes)d minute; an administrator can unlock it sooner.",
        "Too many failed sign-ins for this account or from this network address. Sign-in is "
        "blocked for %(minutes)d minutes; an administrator can unlock it sooner.",
        minutes,
    ) % {"minutes": minutes}


def busy_message() -> str:
    return _("Too many sign-ins are being checked right now. Please try again in a few seconds.")


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """What a locked-out attempt gets: 429 with the message, as JSON or on the login form."""
    message = lockout_message()
    if is_api(request):
        return JsonResponse({"detail": message, "code": "locked_out"}, status=429)
    return refused_form(request, message, status=429)


def busy_response(request: HttpRequest) -> HttpResponse:
    message = busy_message()
    if is_api(request):
        response: HttpResponse = JsonResponse({"detail": message, "code": "busy"}, status=503)
    else:
        response = refused_form(request, message, status=503)
    response["Retry-After"] = "5"
    return response


def refused_form(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    """The login page again, with the name typed and the reason the sign-in was refused."""
    username = request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    context = {
        "form": form,
        "signin_refused": message,
        "next": request.POST.get("next", request.GET.get("next", "")),
    }
    return render(request, "registration/login.html", context, status=status)
