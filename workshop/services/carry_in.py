"""The carry-in register (客户商品进出登记): receive a unit into the workshop (the ticket's
``carry_in`` action), send it to the factory and back, return it, the customer signs for it.

The promised date is the due time of the ticket's ``carry_in`` SLA clock, which the engine
starts on the ``carry_in`` event; when it passes, the engine's ladder tells the supervisor.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from aftersales.errors import ConflictError, DomainError, PermissionDeniedError
from parts.services.common import next_number
from parts.services.tickets import ticket_event
from sla.models import SlaClock
from tickets.actions import perform_action
from tickets.models import Ticket
from workshop.events import WorkshopEvent
from workshop.models import CarryIn, CarryInMovement

WORKSHOP_ROLES = frozenset({"technician", "supervisor", "dealer", "agent", "manager"})
MAX_SIGNATURE = 200_000


def require_workshop_role(by: User) -> None:
    if not by.is_superuser and not by.has_role(*WORKSHOP_ROLES):
        raise PermissionDeniedError(_("Your role may not do this."))


def _lock(entry: CarryIn) -> CarryIn:
    return CarryIn.objects.select_for_update().select_related("ticket").get(pk=entry.pk)


def _move(
    entry: CarryIn, kind: str, code: str, by: User, at: datetime, note: str = "", **payload: object
) -> CarryInMovement:
    event = ticket_event(entry.ticket, code, by, at, receipt=entry.number, note=note, **payload)
    return CarryInMovement.objects.create(
        carry_in=entry, kind=kind, at=at, by=by, note=note[:300], event=event
    )


@transaction.atomic
def carry_in_receive(
    *,
    by: User,
    ticket: Ticket,
    condition: str,
    accessories: str = "",
    note: str = "",
    photos: Sequence[UploadedFile] = (),
    at: datetime | None = None,
) -> CarryIn:
    """Register the unit in the workshop: its condition and accessories, photos of its
    condition (content-checked by the attachments app, filed on the entry), a receipt
    number, the ticket moved to "in workshop" and its promised date from the SLA engine.
    A refused photo refuses the whole receipt: nothing is half-written."""
    require_workshop_role(by)
    if not condition.strip():
        raise DomainError(_("Describe the unit's condition."), field="condition")
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.carry_ins.filter(status__in=["received", "at_factory", "back"]).exists():
        raise ConflictError(_("This ticket's unit is already in the workshop."), code="in_house")
    now = at or timezone.now()
    number = next_number("WX", now)
    perform_action(
        ticket=ticket,
        by=by,
        action="carry_in",
        data={"workshop_receipt_no": number, "note": note},
        at=now,
    )
    clock = SlaClock.objects.filter(ticket=ticket, metric="carry_in", applies=True).first()
    entry = CarryIn.objects.create(
        number=number,
        ticket=ticket,
        product_model=ticket.product_model,
        serial_number=ticket.serial_number,
        condition=condition.strip(),
        accessories=accessories.strip()[:300],
        promised_at=clock.due_at if clock else None,
        received_at=now,
        received_by=by,
    )
    event = ticket.events.filter(payload__workshop_receipt_no=number).order_by("-pk").first()
    CarryInMovement.objects.create(
        carry_in=entry, kind=CarryInMovement.Kind.RECEIVED, at=now, by=by, note=note, event=event
    )
    if photos:
        from attachments.services import attachments_add
        from workshop.files import CARRY_IN_TARGET, CONDITION_PHOTO

        attachments_add(
            by=by,
            target=CARRY_IN_TARGET,
            record=entry,
            files=list(photos),
            kind=CONDITION_PHOTO,
            field="photos",
            at=now,
        )
    return entry


def _require(entry: CarryIn, statuses: set[str]) -> None:
    if entry.status not in statuses:
        raise ConflictError(
            _("The unit is %(status)s.") % {"status": entry.get_status_display()},
            code="illegal_transition",
        )


@transaction.atomic
def carry_in_send_to_factory(
    *, by: User, entry: CarryIn, factory: str, note: str = "", at: datetime | None = None
) -> CarryIn:
    """Factory repair: the ticket is marked and the factory-repair clock (5 working days)
    starts."""
    require_workshop_role(by)
    entry = _lock(entry)
    _require(entry, {CarryIn.Status.RECEIVED})
    if not factory.strip():
        raise DomainError(_("Name the factory."), field="factory")
    now = at or timezone.now()
    entry.status = CarryIn.Status.AT_FACTORY
    entry.factory = factory.strip()[:200]
    entry.save(update_fields=["status", "factory"])
    _move(
        entry,
        CarryInMovement.Kind.SENT_TO_FACTORY,
        WorkshopEvent.SENT_TO_FACTORY,
        by,
        now,
        note,
        factory=entry.factory,
    )
    return entry


@transaction.atomic
def carry_in_back_from_factory(
    *, by: User, entry: CarryIn, note: str = "", at: datetime | None = None
) -> CarryIn:
    require_workshop_role(by)
    entry = _lock(entry)
    _require(entry, {CarryIn.Status.AT_FACTORY})
    now = at or timezone.now()
    entry.status = CarryIn.Status.BACK
    entry.save(update_fields=["status"])
    _move(
        entry,
        CarryInMovement.Kind.BACK_FROM_FACTORY,
        WorkshopEvent.BACK_FROM_FACTORY,
        by,
        now,
        note,
        factory=entry.factory,
    )
    return entry


@transaction.atomic
def carry_in_return(
    *,
    by: User,
    entry: CarryIn,
    signed_by_name: str,
    signature: str = "",
    note: str = "",
    at: datetime | None = None,
) -> CarryIn:
    """Hand the unit back; the customer signs for it (name, and a drawn signature)."""
    require_workshop_role(by)
    entry = _lock(entry)
    _require(entry, {CarryIn.Status.RECEIVED, CarryIn.Status.BACK})
    if not signed_by_name.strip():
        raise DomainError(_("Who signed for the unit?"), field="signed_by_name")
    if len(signature) > MAX_SIGNATURE or (signature and not signature.startswith("data:image/")):
        raise DomainError(_("The signature is not a drawn image."), field="signature")
    now = at or timezone.now()
    entry.status = CarryIn.Status.SIGNED_FOR
    entry.returned_at = now
    entry.signed_at = now
    entry.signed_by_name = signed_by_name.strip()[:100]
    entry.signature = signature
    entry.save(update_fields=["status", "returned_at", "signed_at", "signed_by_name", "signature"])
    _move(entry, CarryInMovement.Kind.RETURNED, WorkshopEvent.RETURNED, by, now, note)
    _move(
        entry,
        CarryInMovement.Kind.SIGNED_FOR,
        WorkshopEvent.SIGNED_FOR,
        by,
        now,
        "",
        signed_by_name=entry.signed_by_name,
        signed=bool(signature),
    )
    return entry
