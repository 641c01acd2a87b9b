"""The role-aware navigation bar, as data that each app extends in its ``AppConfig.ready``.

An item shows to a user holding any of its roles; an item whose URL is not (yet) routed is
left out, so the bar never links to a page that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from aftersales.page_rules import allowed_roles_of


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    roles: frozenset[str]
    order: int = 100


_ITEMS: dict[str, NavItem] = {}

#: Where each role lands after login, first reachable entry wins.
ROLE_HOME: dict[str, list[str]] = {}

#: A user with several roles lands on the start page of the most operational one, the work
#: with the shortest clock first: the technician's jobs (on site today), the supervisor's
#: board (2-hour arrangement, 4-hour check), the agent's intake (calls waiting), the dealer's
#: outlet, the storekeeper's stock, the appraiser's old parts, finance's claims, the manager's
#: dashboards, the customer's own page. The other roles' pages stay in the navigation bar.
ROLE_PRECEDENCE: tuple[str, ...] = (
    "technician",
    "supervisor",
    "agent",
    "dealer",
    "storekeeper",
    "appraiser",
    "finance",
    "manager",
    "customer",
)


def register(*items: NavItem) -> None:
    for item in items:
        _ITEMS[item.key] = item


def register_home(role: str, url_name: str) -> None:
    ROLE_HOME.setdefault(role, []).insert(0, url_name)


def _reverse(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def _page_admits(url_name: str, url: str, roles: frozenset[str]) -> bool:
    """Whether the page's own view admits one of ``roles`` (its ``role_required`` rule, read
    once per page by :func:`aftersales.page_rules.allowed_roles_of`)."""
    allowed = allowed_roles_of(url_name, url)
    return allowed is None or bool(allowed & roles)


def items_for(roles: frozenset[str]) -> list[dict[str, Any]]:
    """The bar's items for ``roles``: the item names the role and the page itself admits it,
    so the bar never shows a link that answers 403."""
    visible = []
    for item in sorted(_ITEMS.values(), key=lambda i: (i.order, i.key)):
        if item.roles & roles:
            url = _reverse(item.url_name)
            if url is not None and _page_admits(item.url_name, url, roles):
                visible.append({"key": item.key, "label": item.label, "url": url})
    return visible


def _by_precedence(role: str) -> tuple[int, str]:
    rank = ROLE_PRECEDENCE.index(role) if role in ROLE_PRECEDENCE else len(ROLE_PRECEDENCE)
    return (rank, role)


def home_url_for(roles: frozenset[str]) -> str:
    """The start page of the user's most operational role (:data:`ROLE_PRECEDENCE`)."""
    for role in sorted(roles, key=_by_precedence):
        for url_name in ROLE_HOME.get(role, []):
            url = _reverse(url_name)
            if url is not None:
                return url
    return reverse("dashboard")


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = items_for(user.roles)
    path = request.path
    for item in items:
        item["active"] = path.startswith(item["url"]) and item["url"] != "/"
    return {"nav_items": items}
