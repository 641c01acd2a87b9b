"""The seam between the ticket workflow and the SLA engine.

``perform_action`` and ``ticket_create`` call :func:`on_ticket_event` inside their
transaction after every event, so the ticket's SLA clocks are recomputed from its history
in the same commit as the change that moved them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from tickets.models import Ticket, TicketEvent


def on_ticket_event(ticket: Ticket, event: TicketEvent) -> None:
    """Recompute the ticket's SLA clocks after ``event`` (status, severity, region, contact…)."""
    from tickets.services import CREATED
    from tickets.sla_services import clocks_recompute, clocks_start

    now = max(timezone.now(), event.at)
    if event.code == CREATED:
        clocks_start(ticket, event, now)
    else:
        clocks_recompute(ticket, now)
