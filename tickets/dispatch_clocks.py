"""The dispatch board's clocks: each waiting ticket's 2-hour arrangement and 4-hour
supervisor check, as the SLA engine (or whichever app sets ``hooks.set_row_clocks``) reads
them. The page shows them with a live countdown (``static/js/countdown.js``) and refreshes
them from :func:`dispatch_clocks_json` without a reload."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.decorators import role_required
from accounts.requests import request_user
from tickets import hooks
from tickets.models import Status, Ticket
from tickets.selectors import ticket_scope

#: Stable metric codes of the SLA engine's arrangement and supervisor-check targets.
BOARD_METRICS = ("dispatch", "supervisor_check")
#: How often the page asks for fresh clocks (seconds).
REFRESH_SECONDS = 30


def urgency(clock: hooks.RowClock, now: datetime) -> str:
    """``ok``, ``warn`` (urgent) or ``bad`` (overdue); a paused clock is ``paused``."""
    if clock.due_at is None:
        return "paused"
    if clock.due_at <= now:
        return "bad"
    if clock.urgent_at is not None and clock.urgent_at <= now:
        return "warn"
    return "ok"


def attach_clocks(tickets: list[Ticket], now: datetime) -> None:
    """Set ``ticket.board_clocks`` (list of (clock, urgency)) on every ticket of the board."""
    clocks = hooks.row_clocks(tickets, BOARD_METRICS, now)
    for ticket in tickets:
        ticket.board_clocks = [(c, urgency(c, now)) for c in clocks.get(ticket.pk, [])]  # type: ignore[attr-defined]


def countdown_texts() -> dict[str, str]:
    """The words the countdown script writes, in the reader's language."""
    return {
        "left": _("%s left"),
        "overdue": _("%s overdue"),
        "days": _("%s d"),
        "paused": _("paused"),
    }


def _clock_json(clock: hooks.RowClock) -> dict[str, Any]:
    return {
        "metric": clock.metric,
        "label": clock.label,
        "state": clock.state,
        "due": clock.due_at.isoformat() if clock.due_at else None,
        "urgent": clock.urgent_at.isoformat() if clock.urgent_at else None,
    }


@require_GET
@role_required("supervisor", "manager", "dealer")
def dispatch_clocks_json(request: HttpRequest) -> JsonResponse:
    """The board's tickets and their clocks: ``{"tickets": {number: [clock, …]}}``."""
    now = timezone.now()
    # asked every REFRESH_SECONDS by each open board: the numbers only, no joined rows
    waiting = list(
        ticket_scope(request_user(request))
        .filter(status__in=[Status.FORWARDED, Status.ARRANGED])
        .only("pk", "number")
    )
    clocks = hooks.row_clocks(waiting, BOARD_METRICS, now)
    return JsonResponse(
        {
            "now": now.isoformat(),
            "tickets": {t.number: [_clock_json(c) for c in clocks.get(t.pk, [])] for t in waiting},
        }
    )
