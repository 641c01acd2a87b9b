"""Whether a user may open a page: the rule of the page's own view, read from its URL.

A view guarded by :func:`accounts.decorators.role_required` carries the roles it admits, so
a link and the page it leads to follow one rule: a link is shown only if the page would not
answer 403 (``{% url_if_allowed %}`` in the ``access`` template library, and the navigation
bar). Checks that depend on the object (another dealer's ticket is a 404) stay with the view.

Every URL of one URL name leads to the same view, so a named page's rule is resolved once per
process (:func:`aftersales.page_rules.allowed_roles_of`): a list of fifty linked rows costs no
resolve per row, and the user's roles are read once per request (``User.roles`` is cached on
the user).
"""

from __future__ import annotations

from accounts.models import User
from aftersales.page_rules import allowed_roles, allowed_roles_of

__all__ = ["allowed_roles", "allowed_roles_of", "may_open", "may_open_named"]


def may_open(user: User, path: str) -> bool:
    """Whether ``user`` passes the role rule of the page at ``path``."""
    roles = allowed_roles(path)
    return roles is None or user.has_role(*roles)


def may_open_named(user: User, url_name: str, url: str) -> bool:
    """:func:`may_open` for the page named ``url_name`` at ``url``, without a resolve per URL."""
    roles = allowed_roles_of(url_name, url)
    return roles is None or user.has_role(*roles)
