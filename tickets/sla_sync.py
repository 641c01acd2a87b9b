"""The seam between the ticket workflow and the SLA engine.

``perform_action`` (and every other writer of ticket events) calls :func:`on_ticket_event`
inside its transaction after every event, so the ticket's SLA clocks are recomputed from its
history in the same commit as the change that moved them. ``ticket_create`` starts the
clocks of a new ticket from its creation event before writing anything
(:func:`new_ticket_clocks`), so that they go out with the ticket's own INSERT.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from tickets.models import SlaClock, Ticket, TicketEvent


def on_ticket_event(ticket: Ticket, event: TicketEvent) -> None:
    """Recompute the ticket's SLA clocks after ``event`` (status, severity, region, contact…)."""
    from tickets.sla_services import clocks_recompute

    clocks_recompute(ticket, max(timezone.now(), event.at))


def new_ticket_clocks(ticket: Ticket, event: TicketEvent) -> list[SlaClock]:
    """Before a new ticket and its creation event are saved: its clocks (unsaved), and its
    SLA columns set so that they are written with the ticket. Save them with
    :func:`save_new_clocks` once the ticket has its id."""
    from tickets.sla_services import clocks_for_new_ticket

    return clocks_for_new_ticket(ticket, event, max(timezone.now(), event.at))


def save_new_clocks(clocks: list[SlaClock]) -> None:
    """One INSERT for the clocks from :func:`new_ticket_clocks`, after the ticket's."""
    from tickets.models import SlaClock

    if clocks:
        SlaClock.objects.bulk_create(clocks)
