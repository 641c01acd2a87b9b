"""The role rule of a page, read from its URL: a view guarded by
:func:`accounts.decorators.role_required` carries the roles it admits (``allowed_roles``).

The navigation bar and the links of every app ask here, so a link and the page it leads to
follow one rule. Every URL of one URL name leads to the same view, so a named page's rule is
resolved once per process (:func:`allowed_roles_of`). Knows nothing of users: the check of a
user's roles against the rule is :mod:`accounts.access`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, get_urlconf, resolve

#: (URLconf, URL name) → the roles its view admits (``None``: any signed-in user).
_BY_NAME: dict[tuple[str, str], frozenset[str] | None] = {}


def allowed_roles(path: str) -> frozenset[str] | None:
    """The roles the page at ``path`` admits; ``None`` when it states none (any signed-in user)
    or the path is not one of ours."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    roles = getattr(match.func, "allowed_roles", None)
    return frozenset(roles) if roles is not None else None


def allowed_roles_of(url_name: str, url: str) -> frozenset[str] | None:
    """:func:`allowed_roles` of the page named ``url_name`` (``url``: one of its reversed URLs),
    resolved once per name."""
    key = (str(get_urlconf() or settings.ROOT_URLCONF), url_name)
    if key not in _BY_NAME:
        _BY_NAME[key] = allowed_roles(url)
    return _BY_NAME[key]
