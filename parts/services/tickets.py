"""Parts on a ticket: reserve (or request from the warehouse, and the ticket waits for
parts), use (consume from stock, recorded as a part used on the ticket), release."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from aftersales.errors import ConflictError, DomainError
from parts.events import PartsEvent
from parts.models import Part, Reservation, StockMove, Store, Transfer
from parts.services.common import TICKET_ROLES, lock_level, post_move, require_role, save_level
from tickets import hooks
from tickets.actions import available_actions, perform_action
from tickets.models import PartUsage, Ticket, TicketEvent

FREE_IN_WARRANTY = "C"


def warehouse() -> Store:
    store = Store.objects.filter(kind=Store.Kind.WAREHOUSE, is_active=True).first()
    if store is None:
        raise ConflictError(_("No head-office warehouse is set up."), code="no_warehouse")
    return store


def store_for_ticket(ticket: Ticket) -> Store:
    """The store of the organisation the ticket is with, else the head-office warehouse."""
    store = (
        Store.objects.filter(organisation_id=ticket.assigned_organisation_id, is_active=True)
        .order_by("kind", "pk")
        .first()
    )
    return store or warehouse()


def in_warranty(ticket: Ticket) -> bool:
    return ticket.service_type == FREE_IN_WARRANTY


def charged_price(ticket: Ticket, part: Part) -> Decimal:
    """The price the customer pays for the part under the ticket's warranty decision: free in
    warranty, at cost or at list price after it (the product model's rule, 000 P1)."""
    charge = (ticket.entitlement or {}).get("parts_charge")
    if charge is None:
        charge = "free" if in_warranty(ticket) else "list"
    if charge == "free":
        return Decimal("0.00")
    return part.unit_cost if charge == "cost" else part.price


def ticket_event(
    ticket: Ticket, code: str, by: User | None, at: datetime, **payload: Any
) -> TicketEvent:
    event = TicketEvent.objects.create(ticket=ticket, code=code, actor=by, at=at, payload=payload)
    hooks.event_recorded(ticket, event)
    return event


def _maybe_act(
    ticket: Ticket, by: User, action: str, note: str, at: datetime | None = None
) -> None:
    """Move the ticket with ``action`` when the workflow allows it now for ``by``."""
    ticket.refresh_from_db()
    if any(rule.action == action for rule in available_actions(ticket, by)):
        perform_action(ticket=ticket, by=by, action=action, data={"note": note}, at=at)


def _check_quantity(quantity: int) -> None:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        raise DomainError(_("Enter a whole number of at least 1."), field="quantity")


def _require_open(ticket: Ticket) -> None:
    if not ticket.is_open:
        raise ConflictError(
            _("The ticket is %(status)s.") % {"status": ticket.get_status_display()},
            code="ticket_closed",
        )


@transaction.atomic
def part_reserve(
    *,
    by: User,
    ticket: Ticket,
    part: Part,
    quantity: int,
    store: Store | None = None,
    at: datetime | None = None,
) -> Reservation:
    """Hold ``quantity`` of ``part`` for the ticket at its store. When the store has not got
    it, ask the warehouse for a transfer and put the ticket in "awaiting parts"."""
    require_role(by, TICKET_ROLES)
    _check_quantity(quantity)
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    _require_open(ticket)
    store = store or store_for_ticket(ticket)
    now = at or timezone.now()
    level = lock_level(store, part)
    if level.available >= quantity:
        was_low = level.is_low
        level.reserved += quantity
        save_level(level, was_low=was_low, at=now)
        reservation = Reservation.objects.create(
            ticket=ticket,
            store=store,
            part=part,
            quantity=quantity,
            status=Reservation.Status.RESERVED,
            created_by=by,
            created_at=now,
        )
        ticket_event(
            ticket,
            PartsEvent.RESERVED,
            by,
            now,
            part=part.part_number,
            quantity=quantity,
            store=store.code,
        )
        return reservation
    return _request_from_warehouse(by, ticket, part, quantity, store, now)


def _request_from_warehouse(
    by: User, ticket: Ticket, part: Part, quantity: int, store: Store, now: datetime
) -> Reservation:
    from parts.services.transfers import transfer_request

    source = warehouse()
    transfer: Transfer | None = None
    if source.pk != store.pk:
        transfer = transfer_request(
            by=by,
            from_store=source,
            to_store=store,
            lines=[(part, quantity)],
            ticket=ticket,
            at=now,
            check_access=False,
        )
    reservation = Reservation.objects.create(
        ticket=ticket,
        store=store,
        part=part,
        quantity=quantity,
        status=Reservation.Status.REQUESTED,
        transfer=transfer,
        created_by=by,
        created_at=now,
    )
    if transfer is None:  # the warehouse itself is out: a supplier receipt will fill it
        ticket_event(
            ticket, PartsEvent.REQUESTED, by, now, part=part.part_number, quantity=quantity
        )
    _maybe_act(ticket, by, "await_parts", f"{part.part_number} × {quantity}", now)
    return reservation


#: Checks other apps add before a part is taken for a ticket (the workshop: a paid ticket
#: needs an approved quote). Each raises ``DomainError`` to refuse.
USE_CHECKS: list[Callable[[Ticket], None]] = []


def register_use_check(check: Callable[[Ticket], None]) -> None:
    if check not in USE_CHECKS:
        USE_CHECKS.append(check)


def _record_usage(
    *, by: User, ticket: Ticket, part: Part, quantity: int, old_part_tag: str, at: datetime
) -> PartUsage:
    for check in USE_CHECKS:
        check(ticket)
    perform_action(
        ticket=ticket,
        by=by,
        action="add_part",
        data={
            "part_number": part.part_number,
            "name": part.name_zh,
            "is_new": True,
            "quantity": quantity,
            "unit_price": charged_price(ticket, part),
            "old_part_retained": bool(old_part_tag),
            "old_part_tag": old_part_tag,
        },
        at=at,
    )
    return ticket.parts.order_by("-pk").first()  # type: ignore[return-value]


@transaction.atomic
def reservation_consume(
    *, by: User, reservation: Reservation, old_part_tag: str = "", at: datetime | None = None
) -> StockMove:
    """Take a reserved part off the shelf and record it as used on the ticket."""
    reservation = (
        Reservation.objects.select_for_update()
        .select_related("ticket", "part", "store")
        .get(pk=reservation.pk)
    )
    if reservation.status != Reservation.Status.RESERVED:
        raise ConflictError(
            _("This reservation is %(status)s.") % {"status": reservation.get_status_display()},
            code="not_reserved",
        )
    now = at or timezone.now()
    level = lock_level(reservation.store, reservation.part)
    level.reserved -= reservation.quantity
    usage = _record_usage(
        by=by,
        ticket=reservation.ticket,
        part=reservation.part,
        quantity=reservation.quantity,
        old_part_tag=old_part_tag.strip()[:40],
        at=now,
    )
    move = post_move(
        level,
        kind=StockMove.Kind.CONSUMPTION,
        quantity=-reservation.quantity,
        by=by,
        at=now,
        ticket=reservation.ticket,
        part_usage=usage,
        reference=reservation.ticket.number,
    )
    reservation.status = Reservation.Status.CONSUMED
    reservation.closed_at = now
    reservation.save(update_fields=["status", "closed_at"])
    ticket_event(
        reservation.ticket,
        PartsEvent.CONSUMED,
        by,
        now,
        part=reservation.part.part_number,
        quantity=reservation.quantity,
        store=reservation.store.code,
    )
    return move


@transaction.atomic
def part_use(
    *,
    by: User,
    ticket: Ticket,
    part: Part,
    quantity: int,
    store: Store | None = None,
    old_part_tag: str = "",
    at: datetime | None = None,
) -> StockMove:
    """Use a part straight from the shelf (no reservation first). Refused when not enough is
    free: the stock never goes negative, also when two technicians take the last one at once
    (the stock line is locked)."""
    require_role(by, TICKET_ROLES)
    _check_quantity(quantity)
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    _require_open(ticket)
    store = store or store_for_ticket(ticket)
    now = at or timezone.now()
    level = lock_level(store, part)
    if level.available < quantity:
        raise DomainError(
            _("Only %(n)s of %(part)s free at %(store)s: reserve it to ask the warehouse.")
            % {"n": max(level.available, 0), "part": part.part_number, "store": store},
            field="quantity",
            code="insufficient_stock",
        )
    usage = _record_usage(
        by=by,
        ticket=ticket,
        part=part,
        quantity=quantity,
        old_part_tag=old_part_tag.strip()[:40],
        at=now,
    )
    move = post_move(
        level,
        kind=StockMove.Kind.CONSUMPTION,
        quantity=-quantity,
        by=by,
        at=now,
        ticket=ticket,
        part_usage=usage,
        reference=ticket.number,
    )
    ticket_event(
        ticket,
        PartsEvent.CONSUMED,
        by,
        now,
        part=part.part_number,
        quantity=quantity,
        store=store.code,
    )
    return move


@transaction.atomic
def reservation_release(
    *, by: User, reservation: Reservation, at: datetime | None = None
) -> Reservation:
    require_role(by, TICKET_ROLES)
    reservation = (
        Reservation.objects.select_for_update()
        .select_related("ticket", "part", "store")
        .get(pk=reservation.pk)
    )
    if reservation.status not in (Reservation.Status.RESERVED, Reservation.Status.REQUESTED):
        raise ConflictError(
            _("This reservation is %(status)s.") % {"status": reservation.get_status_display()},
            code="not_reserved",
        )
    now = at or timezone.now()
    if reservation.status == Reservation.Status.RESERVED:
        level = lock_level(reservation.store, reservation.part)
        was_low = level.is_low
        level.reserved -= reservation.quantity
        save_level(level, was_low=was_low, at=now)
    reservation.status = Reservation.Status.RELEASED
    reservation.closed_at = now
    reservation.save(update_fields=["status", "closed_at"])
    ticket_event(
        reservation.ticket,
        PartsEvent.RELEASED,
        by,
        now,
        part=reservation.part.part_number,
        quantity=reservation.quantity,
    )
    return reservation
