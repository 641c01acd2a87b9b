"""Whether a user may open a page: the rule of the page's own view, read from its URL.

A view guarded by :func:`accounts.decorators.role_required` carries the roles it admits, so
a link and the page it leads to follow one rule: a link is shown only if the page would not
answer 403 (``{% url_if_allowed %}`` in the ``access`` template library). Checks that depend
on the object (another dealer's ticket is a 404) stay with the view.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from accounts.models import User


def allowed_roles(path: str) -> frozenset[str] | None:
    """The roles the page at ``path`` admits; ``None`` when it states none (any signed-in user)
    or the path is not one of ours."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    roles = getattr(match.func, "allowed_roles", None)
    return frozenset(roles) if roles is not None else None


def may_open(user: User, path: str) -> bool:
    """Whether ``user`` passes the role rule of the page at ``path``."""
    roles = allowed_roles(path)
    return roles is None or user.has_role(*roles)
