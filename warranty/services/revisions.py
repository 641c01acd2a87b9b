"""Revising a ticket's warranty decision once the technician or appraiser knows more (an
exclusion, the component at fault): ``warranty.revised`` on the ticket's timeline."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import require_role
from aftersales.errors import DomainError
from tickets import hooks
from tickets.models import Ticket, TicketEvent
from tickets.selectors import ticket_scope
from warranty import defaults
from warranty.decisions import entitlement_for, stored_decision
from warranty.models import Unit

REVISED = "warranty.revised"


@transaction.atomic
def ticket_revise_entitlement(
    *, ticket: Ticket, by: User, exclusion: str | None = None, component: str | None = None
) -> TicketEvent:
    """Decide again for the ticket's unit with an exclusion and/or component picked later
    (by the technician or appraiser); store the new decision and record ``warranty.revised``.
    """
    require_role(by, defaults.REVISE_ROLES)
    locked = ticket_scope(by).select_for_update(of=("self",)).filter(pk=ticket.pk).first()
    if locked is None:
        raise DomainError(_("No such ticket."), field="ticket", code="not_found")
    if locked.unit_id is None:
        raise DomainError(
            _("The ticket is not linked to a registered unit."), field="ticket", code="no_unit"
        )
    unit = Unit.objects.select_related("product_model").get(pk=locked.unit_id)
    try:
        decision = entitlement_for(
            unit,
            locked.received_at,
            component=component,
            exclusion=exclusion,
            exclude_ticket_id=locked.pk,
        )
    except ValueError as exc:
        raise DomainError(
            _("This exclusion is not recognised by the product model's policy."),
            field="exclusion",
            code="unknown_exclusion",
        ) from exc
    old_type = locked.service_type
    locked.entitlement = stored_decision(decision, fault_at=locked.received_at, serial=unit.serial)
    if locked.service_type != Ticket.ServiceType.INTERNAL:
        locked.service_type = decision.service_type
    locked.save(update_fields=["entitlement", "service_type", "updated_at"])
    event = TicketEvent.objects.create(
        ticket=locked,
        code=REVISED,
        actor=by,
        at=timezone.now(),
        payload={
            "old_service_type": old_type,
            "new_service_type": locked.service_type,
            "exclusion": decision.exclusion,
            "component": decision.component,
            "replacement_due": decision.replacement_due,
        },
    )
    hooks.event_recorded(locked, event)
    ticket.refresh_from_db()
    return event
