"""The ticket API's output rows, built straight from the loaded instances.

DRF's generic walk over a serializer's fields costs about 0.6 ms a ticket: the status label
goes through ``get_status_display`` (which hashes every lazily translated choice label),
every ``source`` that names a method is inspected with ``inspect.signature``, and each
nested person or organisation is a serializer of its own. A queue page is 50 tickets, so
that walk was most of a page's time. These functions give field for field, in the same
order, what the walk over ``TicketListSerializer`` / ``TicketDetailSerializer`` gives
(``tickets/tests/api/test_output_rows.py`` compares both); a field added to one of those
serializers must be added here too (the same test fails until it is).
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from django.utils import timezone
from rest_framework import serializers

from tickets.models import Status, Ticket

# DRF's date-time field, for what is not a time-zone aware value (it holds no per-request
# state); an aware one is written as DRF writes it: ISO 8601 in the current time zone.
_DATETIME = serializers.DateTimeField()
_STATUS_LABELS = dict(Status.choices)


def _when(value: Any, zone: tzinfo) -> Any:
    if not value or value.utcoffset() is None:
        return _DATETIME.to_representation(value)
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _person(user: Any) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "username": user.username, "name": str(user)}


#: The columns of a queue row, read as one tuple per ticket (``queue_row``): building five
#: model instances per ticket (ticket, customer, severity, region, organisation, technician)
#: cost more than the rest of a queue page.
QUEUE_VALUES = (
    *("pk", "number", "status", "kind", "channel"),
    *("customer_id", "customer__name", "customer__phone", "severity__code", "region_class__code"),
    *("service_type", "product_model", "serial_number"),
    *("assigned_organisation_id", "assigned_organisation__code", "assigned_organisation__name"),
    *("technician_id", "technician__username", "technician__first_name", "technician__last_name"),
    *("received_at", "updated_at", "sla_state", "sla_due_at"),
)


def queue_row(values: tuple[Any, ...]) -> dict[str, Any]:
    """``list_row`` of the ticket whose :data:`QUEUE_VALUES` are ``values``."""
    (
        _pk,
        number,
        status,
        kind,
        channel,
        customer_id,
        customer_name,
        customer_phone,
        severity,
        region,
        service_type,
        product_model,
        serial_number,
        organisation_id,
        organisation_code,
        organisation_name,
        technician_id,
        username,
        first_name,
        last_name,
        received_at,
        updated_at,
        sla_state,
        sla_due_at,
    ) = values
    zone = timezone.get_current_timezone()
    technician = None
    if technician_id is not None:  # named as ``User.__str__`` names a person
        name = f"{last_name}{first_name}".strip() or username
        technician = {"id": technician_id, "username": username, "name": name}
    return {
        "number": number,
        "status": status,
        "status_display": str(_STATUS_LABELS.get(status, status)),
        "kind": kind,
        "channel": channel,
        "customer": (
            None
            if customer_id is None
            else {"id": customer_id, "name": customer_name, "phone": customer_phone}
        ),
        "severity": severity,
        "region_class": region,
        "service_type": service_type,
        "product_model": product_model,
        "serial_number": serial_number,
        "assigned_organisation": (
            None
            if organisation_id is None
            else {"id": organisation_id, "code": organisation_code, "name": organisation_name}
        ),
        "technician": technician,
        "received_at": _when(received_at, zone),
        "updated_at": _when(updated_at, zone),
        "sla_state": sla_state,
        "sla_due_at": _when(sla_due_at, zone),
    }


def list_row(ticket: Ticket) -> dict[str, Any]:
    """What ``TicketListSerializer`` gives for ``ticket`` (its related rows joined): the
    queue row of its values."""
    customer, severity, region = ticket.customer, ticket.severity, ticket.region_class
    organisation, technician = ticket.assigned_organisation, ticket.technician
    nothing: tuple[None, ...] = (None, None, None, None)
    return queue_row(
        (
            *(ticket.pk, ticket.number, ticket.status, ticket.kind, ticket.channel),
            *((customer.pk, customer.name, customer.phone) if customer else nothing[:3]),
            severity.code if severity else None,
            region.code if region else None,
            *(ticket.service_type, ticket.product_model, ticket.serial_number),
            *(
                (organisation.pk, organisation.code, organisation.name)
                if organisation
                else nothing[:3]
            ),
            *(
                (technician.pk, technician.username, technician.first_name, technician.last_name)
                if technician
                else nothing
            ),
            *(ticket.received_at, ticket.updated_at, ticket.sla_state, ticket.sla_due_at),
        )
    )


def detail_row(ticket: Ticket) -> dict[str, Any]:
    """What ``TicketDetailSerializer`` gives, but for its ``parts`` and ``labour`` (the
    caller adds those two lists)."""
    row = list_row(ticket)
    zone = timezone.get_current_timezone()
    row.update(
        {
            "fault_description": ticket.fault_description,
            "contact_name": ticket.contact_name,
            "contact_phone": ticket.contact_phone,
            "site_address": ticket.site_address,
            "entitlement": ticket.entitlement,
            "supervisor": _person(ticket.supervisor),
            "workshop_receipt_no": ticket.workshop_receipt_no,
            "signed_by_name": ticket.signed_by_name,
            "signed_at": _when(ticket.signed_at, zone),
            "signoff_comment": ticket.signoff_comment,
            "cancel_reason": ticket.cancel_reason,
            "resolved_at": _when(ticket.resolved_at, zone),
            "closed_at": _when(ticket.closed_at, zone),
        }
    )
    return row
