"""The logged-in user of a request, typed.

Pages are guarded by ``role_required``/``login_required`` and the API by its authentication
and ``IsAuthenticated``: behind them ``request.user`` is always an ``accounts.User``. This is
the one place that says so (an anonymous user here is refused, never passed on).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from accounts.models import User


def request_user(request: Any) -> User:
    """``request.user`` of a page or API request that passed the login check."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
