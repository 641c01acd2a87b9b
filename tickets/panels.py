"""Sections other apps add to the ticket page (the workshop register, parts, quotes …),
registered in their ``AppConfig.ready``; the tickets app never imports them.

A panel's ``context(ticket, user)`` returns the template's context, or ``None`` to leave the
panel out for this ticket and user. ``place`` says where it goes: ``"top"`` right under the
ticket's header (the SLA clocks), ``"main"`` below the customer and actions cards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PanelContext = Callable[[Any, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class TicketPanel:
    key: str
    template: str
    context: PanelContext
    order: int = 100
    place: str = "main"


_PANELS: dict[str, TicketPanel] = {}


def register_panel(panel: TicketPanel) -> None:
    _PANELS[panel.key] = panel


def always(ticket: Any, user: Any) -> dict[str, Any]:
    """The context of a panel shown on every ticket page (its template reads ``ticket``)."""
    return {}


def panels_for(ticket: Any, user: Any, place: str = "main") -> list[dict[str, Any]]:
    shown = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key)):
        if panel.place != place:
            continue
        context = panel.context(ticket, user)
        if context is not None:
            shown.append({"key": panel.key, "template": panel.template, **context})
    return shown
