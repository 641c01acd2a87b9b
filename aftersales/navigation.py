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


def items_for(roles: frozenset[str]) -> list[dict[str, Any]]:
    visible = []
    for item in sorted(_ITEMS.values(), key=lambda i: (i.order, i.key)):
        if item.roles & roles:
            url = _reverse(item.url_name)
            if url is not None:
                visible.append({"key": item.key, "label": item.label, "url": url})
    return visible


def home_url_for(roles: frozenset[str]) -> str:
    for role in sorted(roles):
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
