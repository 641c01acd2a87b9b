"""Tickets carry attachments too; tickets sit below this app, so it registers them itself.
Apps above (dealers, complaints, workshop, …) register their own records in their
``AppConfig.ready()`` the same way."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from aftersales.errors import ConflictError, PermissionDeniedError
from attachments.events import AttachmentEvent
from attachments.models import Attachment
from attachments.registry import AttachmentTarget, register
from attachments.services import event_payload

#: Who may add files to a ticket they can see (customers: their own tickets).
TICKET_ROLES = frozenset({"agent", "supervisor", "technician", "dealer", "manager", "customer"})
CLOSED = frozenset({"closed", "cancelled"})


def _ticket_lookup(rows: QuerySet[Any], value: str) -> Any:
    return rows.filter(number=value).first()


def ticket_check_add(user: User, ticket: Any) -> None:
    roles = user.roles
    if not (roles & TICKET_ROLES):
        raise PermissionDeniedError(_("Your role may not add files to this ticket."))
    if roles <= {"technician"} and not user.is_superuser and ticket.technician_id != user.pk:
        raise PermissionDeniedError(_("Only the ticket's technician may add files to it."))
    if ticket.status in CLOSED:
        raise ConflictError(
            _("The ticket is %(status)s: it takes no more files.")
            % {"status": ticket.get_status_display()},
            code="ticket_closed",
        )


def ticket_check_open(ticket: Any) -> None:
    """A closed or cancelled ticket takes no files, by any channel."""
    if ticket.status in CLOSED:
        raise ConflictError(
            _("The ticket is closed or cancelled: it takes no more files."), code="ticket_closed"
        )


def ticket_record_event(
    ticket: Any, by: User | None, rows: Sequence[Attachment], at: datetime
) -> None:
    from tickets import hooks
    from tickets.models import TicketEvent

    event = TicketEvent.objects.create(
        ticket=ticket,
        code=AttachmentEvent.ADDED,
        actor=by,
        at=at,
        payload=event_payload("ticket", ticket.number, rows),
    )
    hooks.event_recorded(ticket, event)


def timeline_details(payload: dict[str, Any]) -> list[str]:
    names = payload.get("names") or []
    lines = [", ".join(str(n) for n in names)] if names else []
    if payload.get("record_type") not in (None, "ticket") and payload.get("record"):
        label = _("Record")
        lines.append(f"{label}: {payload['record']}")
    return lines


def register_tickets() -> None:
    from tickets.models import Ticket
    from tickets.selectors import ticket_scope
    from tickets.timeline import register_event_details, register_event_labels

    register(
        AttachmentTarget(
            key="ticket",
            model=Ticket,
            label=_("Ticket"),
            scope=ticket_scope,
            check_add=ticket_check_add,
            record_event=ticket_record_event,
            lookup=_ticket_lookup,
            reference=lambda t: t.number,
            url=lambda t: reverse("tickets:detail", args=[t.number]),
            check_open=ticket_check_open,
        )
    )
    register_event_labels({AttachmentEvent.ADDED: _("Files attached")})
    from tickets.panels import TicketPanel, always, register_panel

    register_panel(
        TicketPanel("attachments", "attachments/_ticket_panel.html", context=always, order=30)
    )
    register_event_details(AttachmentEvent.ADDED, timeline_details)
