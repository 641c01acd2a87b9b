"""Transfers between stores: requested → shipped → received (or cancelled before shipping).

A transfer asked for a ticket writes the request on the ticket's timeline; an in-warranty
replacement writes ``parts.warranty_requested``, which starts the SLA engine's "parts
shipment" clock (3 days by default, 001), stopped by ``parts.transfer_shipped``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from aftersales.errors import ConflictError, DomainError
from parts.events import PartsEvent
from parts.models import Part, Reservation, StockMove, StockRules, Store, Transfer, TransferLine
from parts.services.common import lock_levels, next_number, post_move, require_store_access
from parts.services.tickets import _maybe_act, in_warranty, save_level, ticket_event
from tickets.models import Status, Ticket


def _lines(lines: Sequence[tuple[Part, int]]) -> dict[Part, int]:
    if not lines:
        raise DomainError(_("Add at least one part."), field="lines")
    merged: dict[Part, int] = {}
    for part, quantity in lines:
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            raise DomainError(_("Enter a whole number of at least 1."), field="lines")
        merged[part] = merged.get(part, 0) + quantity
    return merged


@transaction.atomic
def transfer_request(
    *,
    by: User,
    from_store: Store,
    to_store: Store,
    lines: Sequence[tuple[Part, int]],
    ticket: Ticket | None = None,
    note: str = "",
    at: datetime | None = None,
    check_access: bool = True,
) -> Transfer:
    """Ask ``from_store`` for parts; they count as on order at ``to_store`` until received."""
    if check_access:
        require_store_access(by, to_store)
    if from_store.pk == to_store.pk:
        raise DomainError(_("Choose two different stores."), field="to_store")
    merged = _lines(lines)
    now = at or timezone.now()
    warranty = ticket is not None and in_warranty(ticket)
    days = StockRules.current().warranty_shipment_days
    transfer = Transfer.objects.create(
        number=next_number("TR", now),
        from_store=from_store,
        to_store=to_store,
        ticket=ticket,
        in_warranty=warranty,
        note=note.strip()[:300],
        requested_at=now,
        requested_by=by,
        ship_by=now + timedelta(days=days) if warranty else None,
    )
    TransferLine.objects.bulk_create(
        TransferLine(transfer=transfer, part=part, quantity=q) for part, q in merged.items()
    )
    levels = lock_levels((to_store, part) for part in merged)
    for part, quantity in merged.items():
        level = levels[(to_store.pk, part.pk)]
        level.on_order += quantity
        save_level(level, was_low=level.is_low, at=now)
    if ticket is not None:
        code = PartsEvent.WARRANTY_REQUESTED if warranty else PartsEvent.REQUESTED
        ticket_event(
            ticket,
            code,
            by,
            now,
            transfer=transfer.number,
            parts=[f"{p.part_number} × {q}" for p, q in merged.items()],
        )
    return transfer


def _lock(transfer: Transfer) -> Transfer:
    return (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("from_store", "to_store", "ticket")
        .get(pk=transfer.pk)
    )


def _require(transfer: Transfer, status: str) -> None:
    if transfer.status != status:
        raise ConflictError(
            _("Transfer %(number)s is %(status)s.")
            % {"number": transfer.number, "status": transfer.get_status_display()},
            code="illegal_transition",
        )


@transaction.atomic
def transfer_ship(
    *, by: User, transfer: Transfer, tracking_number: str = "", at: datetime | None = None
) -> Transfer:
    """The sending store ships: its stock goes down now (never below zero)."""
    transfer = _lock(transfer)
    require_store_access(by, transfer.from_store)
    _require(transfer, Transfer.Status.REQUESTED)
    now = at or timezone.now()
    lines = list(transfer.lines.select_related("part"))
    levels = lock_levels((transfer.from_store, line.part) for line in lines)
    for line in lines:
        post_move(
            levels[(transfer.from_store.pk, line.part_id)],
            kind=StockMove.Kind.TRANSFER_OUT,
            quantity=-line.quantity,
            by=by,
            at=now,
            transfer=transfer,
            ticket=transfer.ticket,
            reference=transfer.number,
        )
    transfer.status = Transfer.Status.SHIPPED
    transfer.shipped_at = now
    transfer.tracking_number = tracking_number.strip()[:60]
    transfer.save(update_fields=["status", "shipped_at", "tracking_number"])
    if transfer.ticket is not None:
        ticket_event(
            transfer.ticket,
            PartsEvent.SHIPPED,
            by,
            now,
            transfer=transfer.number,
            tracking_number=transfer.tracking_number,
            late=bool(transfer.ship_by and now > transfer.ship_by),
        )
    return transfer


@transaction.atomic
def transfer_receive(*, by: User, transfer: Transfer, at: datetime | None = None) -> Transfer:
    """The receiving store books the parts in; reservations waiting for them become held,
    and the ticket leaves "awaiting parts" when nothing else is outstanding."""
    transfer = _lock(transfer)
    require_store_access(by, transfer.to_store)
    _require(transfer, Transfer.Status.SHIPPED)
    now = at or timezone.now()
    lines = list(transfer.lines.select_related("part"))
    levels = lock_levels((transfer.to_store, line.part) for line in lines)
    for line in lines:
        level = levels[(transfer.to_store.pk, line.part_id)]
        level.on_order = max(level.on_order - line.quantity, 0)
        post_move(
            level,
            kind=StockMove.Kind.TRANSFER_IN,
            quantity=line.quantity,
            by=by,
            at=now,
            transfer=transfer,
            ticket=transfer.ticket,
            reference=transfer.number,
        )
    for reservation in transfer.reservations.filter(status=Reservation.Status.REQUESTED):
        waiting = levels.get((reservation.store_id, reservation.part_id))
        if waiting is not None and waiting.available >= reservation.quantity:
            waiting.reserved += reservation.quantity
            save_level(waiting, was_low=waiting.is_low, at=now)
            reservation.status = Reservation.Status.RESERVED
            reservation.save(update_fields=["status"])
    transfer.status = Transfer.Status.RECEIVED
    transfer.received_at = now
    transfer.save(update_fields=["status", "received_at"])
    ticket = transfer.ticket
    if ticket is not None:
        ticket_event(ticket, PartsEvent.RECEIVED, by, now, transfer=transfer.number)
        outstanding = ticket.reservations.filter(status=Reservation.Status.REQUESTED).exists()
        ticket.refresh_from_db()
        if ticket.status == Status.AWAITING_PARTS and not outstanding:
            _maybe_act(ticket, by, "parts_arrived", transfer.number, now)
    return transfer


@transaction.atomic
def transfer_cancel(*, by: User, transfer: Transfer, at: datetime | None = None) -> Transfer:
    transfer = _lock(transfer)
    require_store_access(by, transfer.to_store)
    _require(transfer, Transfer.Status.REQUESTED)
    now = at or timezone.now()
    lines = list(transfer.lines.select_related("part"))
    levels = lock_levels((transfer.to_store, line.part) for line in lines)
    for line in lines:
        level = levels[(transfer.to_store.pk, line.part_id)]
        level.on_order = max(level.on_order - line.quantity, 0)
        save_level(level, was_low=level.is_low, at=now)
    transfer.reservations.filter(status=Reservation.Status.REQUESTED).update(
        status=Reservation.Status.RELEASED, closed_at=now
    )
    transfer.status = Transfer.Status.CANCELLED
    transfer.save(update_fields=["status"])
    if transfer.ticket is not None:
        ticket_event(
            transfer.ticket, PartsEvent.TRANSFER_CANCELLED, by, now, transfer=transfer.number
        )
    return transfer
