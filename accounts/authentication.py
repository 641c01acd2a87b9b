"""Who is calling: the user together with their organisation and roles.

Every page and API call reads ``user.organisation`` (scoping, roles, home page), so both
the session backend and the API token check join it to the user row instead of loading it
lazily in a second round trip.

An API token's principal (token, user, organisation, role codes) is also kept in Django's
cache for ``API_AUTH_CACHE_SECONDS``: integrations call with the same token many times a
second, and loading the principal costs two queries, more than a fifth of registering a
ticket. Any save or delete of a user, token, organisation or group, and any change of a
user's groups, starts a new cache generation, so the next request reads the database again
(in every process when the cache is shared, i.e. Redis with ``REDIS_URL``). What the signals
cannot see, a bulk ``QuerySet.update()``, is picked up when the entry expires.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from hmac import compare_digest
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.crypto import hash_token
from knox.models import AuthToken
from knox.settings import CONSTANTS
from rest_framework import exceptions

from accounts.tokens import is_expired

GENERATION_KEY = "accounts:principal-generation"
log = logging.getLogger(__name__)


def principal_generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Missing (first use, evicted, flushed): a fresh random value never matches old entries.
        generation = uuid.uuid4().hex
        cache.set(GENERATION_KEY, generation, None)
    return generation


def new_principal_generation() -> None:
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception:  # the cache is down: nobody reads it either; entries expire on their own
        log.warning(
            "cache unavailable: could not start a new API principal generation", exc_info=True
        )


def forget_principals(**_signal: Any) -> None:
    """Drop every cached API principal (connected to the signals in ``AccountsConfig.ready``).

    Now, and again when the change commits: a request in between may have read the rows
    as they were before the change and cached them under the new generation.
    """
    new_principal_generation()
    transaction.on_commit(new_principal_generation)


class OrganisationModelBackend(ModelBackend):
    """Django's username/password backend; the session's user comes with its organisation.

    The password check (the deliberately slow hash) waits for one of the process's few
    password-check slots (``accounts.signin``); ``SignInBusy`` when none frees up in time.
    """

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        from accounts.signin import password_checks

        with password_checks:
            return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        try:
            user = model._default_manager.select_related("organisation").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class TokenAuthentication(KnoxTokenAuthentication):
    """``Authorization: Token <token>`` with django-rest-knox's hashed, expiring tokens
    (``accounts.tokens``): token, user and organisation in one query, the whole principal
    (with ``User.roles``) cached as described above, never past the token's expiry."""

    def authenticate_credentials(self, token: bytes) -> tuple[Any, Any]:  # type: ignore[override]
        try:
            key = token.decode("utf-8")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        seconds = settings.API_AUTH_CACHE_SECONDS
        if seconds <= 0:
            return self._load(key)
        cache_key = f"accounts:principal:{hashlib.sha256(key.encode()).hexdigest()}"
        try:
            # One round trip for both: the entry is good only under the generation it was made in.
            found = cache.get_many([GENERATION_KEY, cache_key])
            generation = found.get(GENERATION_KEY) or principal_generation()
        except Exception:  # a cache outage must not lock everyone out: ask the database
            log.warning("cache unavailable: API principal read from the database", exc_info=True)
            return self._load(key)
        cached = found.get(cache_key)
        if cached is not None and cached[0] == generation:
            if not is_expired(cached[2]):
                return cached[1], cached[2]
            return self._load(key)  # refuses it (and deletes it)
        user, auth_token = self._load(key)
        user.roles  # noqa: B018 (evaluated now, so that it is cached with the user)
        if auth_token.expiry is not None:
            left = (auth_token.expiry - timezone.now()).total_seconds()
            seconds = max(1, min(seconds, int(left)))
        try:
            cache.set(cache_key, (generation, user, auth_token), seconds)
        except Exception:
            log.warning("cache unavailable: API principal not cached", exc_info=True)
        return user, auth_token

    def _load(self, key: str) -> tuple[Any, Any]:
        """The token whose digest matches, with its user and organisation (one query)."""
        invalid = exceptions.AuthenticationFailed(_("Invalid token."))
        try:
            digest = hash_token(key)
        except (TypeError, ValueError):
            raise invalid from None
        candidates = AuthToken.objects.select_related("user__organisation").filter(
            token_key=key[: CONSTANTS.TOKEN_KEY_LENGTH]
        )
        for auth_token in candidates:
            if not compare_digest(digest, auth_token.digest):
                continue
            if is_expired(auth_token):
                auth_token.delete()
                raise exceptions.AuthenticationFailed(_("Token has expired."))
            if not auth_token.user.is_active:
                raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
            return auth_token.user, auth_token
        raise invalid


class TokenScheme(OpenApiAuthenticationExtension):
    """The schema's ``tokenAuth``: the ``Authorization: Token <token>`` header."""

    target_class = "accounts.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Token from POST /api/v1/auth/token/, sent as "Token <token>"',
        }
