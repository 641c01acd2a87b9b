"""Page guards by role, shared by every app's views."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from accounts.requests import request_user

#: A view: pages answer ``HttpResponse``, exports a streaming or file response.
View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def role_required(*roles: str | Iterable[str]) -> Callable[[View], View]:
    """Log in first; then 403 unless the user holds one of ``roles`` (superusers hold all).

    Roles are codes, given one by one or as collections: ``role_required("agent", MANAGERS)``.
    """
    wanted: set[str] = set()
    for role in roles:
        wanted.update([role] if isinstance(role, str) else role)

    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request_user(request).has_role(*wanted):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        # The rule, readable by links to the page (:func:`accounts.access.may_open`).
        wrapped.allowed_roles = frozenset(wanted)  # type: ignore[attr-defined]
        return cast(View, wrapped)

    return decorator
