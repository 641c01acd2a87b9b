"""Sections other apps add to the ticket page (the workshop register, parts, quotes …),
registered in their ``AppConfig.ready``; the tickets app never imports them.

A panel's ``context(ticket, user)`` returns the template's context, or ``None`` to leave the
panel out for this ticket and user.
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


_PANELS: dict[str, TicketPanel] = {}


def register_panel(panel: TicketPanel) -> None:
    _PANELS[panel.key] = panel


def panels_for(ticket: Any, user: Any) -> list[dict[str, Any]]:
    shown = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key)):
        context = panel.context(ticket, user)
        if context is not None:
            shown.append({"key": panel.key, "template": panel.template, **context})
    return shown
