"""API tokens (django-rest-knox's ``AuthToken``): issued at sign-in, stored hashed, expiring.

- ``POST /api/v1/auth/token/`` issues a new token for every sign-in; its lifetime is
  ``AccessPolicy.token_days`` (data, edited in the admin), read when the token is issued.
- Only a SHA-512 digest of the token and its first 15 characters (``token_key``, the
  token's public id in lists and URLs) are stored; the token itself is shown once.
- The owner lists and revokes their tokens (``/api/v1/auth/tokens/``, the "API tokens" page
  of their account), administrators in the admin (API tokens, or Users → "Revoke API
  tokens").
- Every token of a user is revoked when their password changes or they are deactivated
  (``watch_user``/``revoke_on_change``, connected in ``AccountsConfig.ready``), whoever
  makes the change: the password form, the admin, ``changepassword``, a script.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from knox.models import AuthToken

from accounts.models import AccessPolicy, User


def issue_token(user: User) -> tuple[AuthToken, str]:
    """A new token for ``user`` (and its plain text, never stored); expired ones are dropped."""
    tokens_of(user).filter(expiry__lt=timezone.now()).delete()
    days = AccessPolicy.current().token_days
    return AuthToken.objects.create(user=user, expiry=timedelta(days=days))


def tokens_of(user: User) -> QuerySet[AuthToken]:
    return AuthToken.objects.filter(user=user)


def live_tokens_of(user: User) -> QuerySet[AuthToken]:
    return tokens_of(user).filter(expiry__gte=timezone.now()).order_by("-created")


def revoke_tokens(user: User) -> int:
    """Delete every token of ``user``; the number deleted."""
    deleted, _per_model = tokens_of(user).delete()
    return deleted


def is_expired(token: AuthToken) -> bool:
    return token.expiry is not None and token.expiry < timezone.now()


# --- password change and deactivation (signals) ------------------------------------------

_WATCHED = frozenset({"password", "is_active"})


def watch_user(
    sender: type[User], instance: User, raw: bool = False, update_fields: Any = None, **_: Any
) -> None:
    """Before a user is saved: will the password change, or the account be deactivated?"""
    instance._revoke_tokens = False  # type: ignore[attr-defined]
    if raw or instance.pk is None:
        return  # a new user has no tokens
    if update_fields is not None and not _WATCHED & set(update_fields):
        return  # e.g. the last_login update of a sign-in
    before = sender._default_manager.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    instance._revoke_tokens = before["password"] != instance.password or (  # type: ignore[attr-defined]
        before["is_active"] and not instance.is_active
    )


def revoke_on_change(sender: type[User], instance: User, **_: Any) -> None:
    if getattr(instance, "_revoke_tokens", False):
        instance._revoke_tokens = False  # type: ignore[attr-defined]
        revoke_tokens(instance)
