"""Carry-in register entries carry their own photos (the unit's condition at intake):
registered with the attachments app (in ``WorkshopConfig.ready``), so they are uploaded
through its content-checked path and served by its authorised view, with the same scope as
the entry's own page (another organisation's entry, and its photos, are a 404)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from aftersales.errors import ConflictError
from attachments.events import AttachmentEvent
from attachments.models import Attachment
from attachments.registry import RECORD_CLOSED, AttachmentTarget, register
from attachments.services import event_payload
from workshop.models import CarryIn
from workshop.services.carry_in import require_workshop_role

CARRY_IN_TARGET = "carry_in"
#: The kind of file a photo taken at intake is filed as (seeded by migration 0004).
CONDITION_PHOTO = "condition_photo"
#: Entries that take no more photos: the unit is back with its customer.
HANDED_BACK = frozenset({CarryIn.Status.RETURNED, CarryIn.Status.SIGNED_FOR})


def _by_number(rows: QuerySet[Any], value: str) -> Any:
    return rows.filter(number=value).first()


def entry_check_open(entry: CarryIn) -> None:
    if entry.status in HANDED_BACK:
        raise ConflictError(
            RECORD_CLOSED % {"status": entry.get_status_display()}, code="entry_closed"
        )


def entry_check_add(by: User, entry: CarryIn) -> None:
    require_workshop_role(by)
    entry_check_open(entry)


def entry_record_event(
    entry: CarryIn, by: User | None, rows: Sequence[Attachment], at: datetime
) -> None:
    """The photos are an event on the entry's ticket (its timeline names the entry)."""
    from tickets import hooks
    from tickets.models import TicketEvent

    event = TicketEvent.objects.create(
        ticket_id=entry.ticket_id,
        code=AttachmentEvent.ADDED,
        actor=by,
        at=at,
        payload=event_payload(CARRY_IN_TARGET, entry.number, rows),
    )
    hooks.event_recorded(entry.ticket, event)


def register_targets() -> None:
    from workshop.selectors import carry_in_list

    register(
        AttachmentTarget(
            key=CARRY_IN_TARGET,
            model=CarryIn,
            label=_("Carry-in"),
            scope=carry_in_list,
            check_add=entry_check_add,
            record_event=entry_record_event,
            lookup=_by_number,
            reference=lambda e: e.number,
            url=lambda e: reverse("workshop:entry", args=[e.number]),
            check_open=entry_check_open,
        )
    )
