"""Extension points other apps register in their ``AppConfig.ready`` (tickets imports none).

- Ticket page panels: a function ``(request, ticket) -> str`` returning HTML (or "") shown on
  the ticket page, e.g. the complaints app's "File a complaint" link.
- After-action hooks: ``(ticket, event, values, by)`` called inside ``perform_action``'s
  transaction after the event is written, e.g. the return visit's survey rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

TicketPanel = Callable[[Any, Any], str]
ActionHook = Callable[[Any, Any, dict[str, Any], Any], None]

_PANELS: dict[str, TicketPanel] = {}
_ACTION_HOOKS: dict[str, dict[str, ActionHook]] = {}


def register_ticket_panel(key: str, panel: TicketPanel) -> None:
    _PANELS[key] = panel


def ticket_panels(request: Any, ticket: Any) -> list[str]:
    return [html for _key, panel in sorted(_PANELS.items()) if (html := panel(request, ticket))]


def register_action_hook(action: str, key: str, hook: ActionHook) -> None:
    _ACTION_HOOKS.setdefault(action, {})[key] = hook


def run_action_hooks(action: str, ticket: Any, event: Any, values: dict[str, Any], by: Any) -> None:
    for _key, hook in sorted(_ACTION_HOOKS.get(action, {}).items()):
        hook(ticket, event, values, by)
