"""Notification text, rendered from the stable code and the payload in the reader's language.

This app knows no other app: each one that notifies registers the texts of its codes with
:func:`register_renderers`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _


def _generic(p: dict[str, Any]) -> str:
    return str(p.get("text", ""))


Renderer = Callable[[dict[str, Any]], str]

#: notification code → text; apps that notify register theirs (in ``AppConfig.ready``).
RENDERERS: dict[str, Renderer] = {"message": _generic}


def register_renderers(renderers: dict[str, Renderer]) -> None:
    """Name the texts of an app's notification codes (the SLA engine's, the dealers' …)."""
    RENDERERS.update(renderers)


def render(code: str, payload: dict[str, Any] | None) -> str:
    renderer = RENDERERS.get(code)
    if renderer is None:
        return code
    return renderer(payload or {})


def subject(code: str, payload: dict[str, Any] | None) -> str:
    number = (payload or {}).get("number")
    prefix = _("[After-sales] ")
    return f"{prefix}{number}" if number else f"{prefix}{code}"
