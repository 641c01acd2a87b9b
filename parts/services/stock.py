"""Stock in and out of a store that is not about a ticket: supplier orders and receipts,
minimum levels, stock counts (盘点) with their adjustments."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from aftersales.errors import ConflictError, DomainError
from parts.models import (
    Part,
    StockCount,
    StockCountLine,
    StockLevel,
    StockMove,
    Store,
    SupplierOrder,
)
from parts.services.common import (
    lock_level,
    lock_levels,
    next_number,
    post_move,
    require_store_access,
    save_level,
)


def _positive(quantity: int, field: str = "quantity") -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        raise DomainError(_("Enter a whole number of at least 1."), field=field)
    return quantity


@transaction.atomic
def stock_receive(
    *,
    by: User,
    store: Store,
    part: Part,
    quantity: int,
    supplier: str = "",
    reference: str = "",
    at: datetime | None = None,
) -> StockMove:
    """Parts received from a supplier without an order placed here first."""
    require_store_access(by, store)
    _positive(quantity)
    level = lock_level(store, part)
    text = " · ".join(x for x in (supplier.strip(), reference.strip()) if x)[:120]
    return post_move(
        level,
        kind=StockMove.Kind.RECEIPT,
        quantity=quantity,
        by=by,
        at=at or timezone.now(),
        reference=text,
    )


@transaction.atomic
def supplier_order_place(
    *, by: User, store: Store, part: Part, quantity: int, supplier: str
) -> SupplierOrder:
    require_store_access(by, store)
    _positive(quantity)
    if not supplier.strip():
        raise DomainError(_("Name the supplier."), field="supplier")
    level = lock_level(store, part)
    order = SupplierOrder.objects.create(
        number=next_number("PO"),
        store=store,
        part=part,
        quantity=quantity,
        supplier=supplier.strip()[:200],
        by=by,
    )
    level.on_order += quantity
    save_level(level, was_low=level.is_low, at=timezone.now())
    return order


@transaction.atomic
def supplier_order_receive(
    *, by: User, order: SupplierOrder, delivery_note: str = "", at: datetime | None = None
) -> StockMove:
    order = (
        SupplierOrder.objects.select_for_update().select_related("store", "part").get(pk=order.pk)
    )
    require_store_access(by, order.store)
    if order.status != SupplierOrder.Status.ORDERED:
        raise ConflictError(_("This order has been received already."), code="already_received")
    now = at or timezone.now()
    level = lock_level(order.store, order.part)
    level.on_order = max(level.on_order - order.quantity, 0)
    move = post_move(
        level,
        kind=StockMove.Kind.RECEIPT,
        quantity=order.quantity,
        by=by,
        at=now,
        reference=f"{order.number} · {order.supplier}"[:120],
    )
    order.status = SupplierOrder.Status.RECEIVED
    order.received_at = now
    order.delivery_note = delivery_note.strip()[:60]
    order.save(update_fields=["status", "received_at", "delivery_note"])
    return move


@transaction.atomic
def stock_level_set_minimum(*, by: User, store: Store, part: Part, min_level: int) -> StockLevel:
    require_store_access(by, store)
    if isinstance(min_level, bool) or not isinstance(min_level, int) or min_level < 0:
        raise DomainError(_("Enter a whole number of at least 0."), field="min_level")
    level = lock_level(store, part)
    was_low = level.is_low
    level.min_level = min_level
    level.save(update_fields=["min_level"])
    save_level(level, was_low=was_low, at=timezone.now())
    return level


@transaction.atomic
def stock_count_start(*, by: User, store: Store) -> StockCount:
    """Open a count of every stock line of the store, expecting what the ledger says."""
    require_store_access(by, store)
    if StockCount.objects.filter(store=store, status=StockCount.Status.OPEN).exists():
        raise ConflictError(_("A count of this store is already open."), code="count_open")
    count = StockCount.objects.create(number=next_number("SC"), store=store, by=by)
    StockCountLine.objects.bulk_create(
        StockCountLine(count=count, part_id=part_id, expected=on_hand, counted=on_hand)
        for part_id, on_hand in StockLevel.objects.filter(store=store)
        .order_by("part_id")
        .values_list("part_id", "on_hand")
    )
    return count


@transaction.atomic
def stock_count_record(*, by: User, count: StockCount, counted: dict[int, int]) -> StockCount:
    """Counted quantities by part id; a part not in the count yet is added to it."""
    count = StockCount.objects.select_for_update().select_related("store").get(pk=count.pk)
    require_store_access(by, count.store)
    if count.status != StockCount.Status.OPEN:
        raise ConflictError(_("This count has been posted."), code="count_posted")
    errors: dict[str, list[str]] = {}
    for part_id, quantity in counted.items():
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0:
            errors[f"counted[{part_id}]"] = [str(_("Enter a whole number of at least 0."))]
    if errors:
        raise DomainError(_("Please correct the fields."), errors=errors)
    lines = {line.part_id: line for line in count.lines.all()}
    parts = Part.objects.in_bulk(list(counted))
    for part_id, quantity in counted.items():
        if part_id not in parts:
            raise DomainError(_("Unknown part."), field=f"counted[{part_id}]")
        line = lines.get(part_id)
        if line is None:
            expected = (
                StockLevel.objects.filter(store=count.store, part_id=part_id)
                .values_list("on_hand", flat=True)
                .first()
            )
            StockCountLine.objects.create(
                count=count, part_id=part_id, expected=expected or 0, counted=quantity
            )
        else:
            line.counted = quantity
            line.save(update_fields=["counted"])
    return count


@transaction.atomic
def stock_count_post(*, by: User, count: StockCount, at: datetime | None = None) -> list[StockMove]:
    """Post the differences as adjustments: each line's stock becomes what was counted (what
    has moved since the count opened is kept: the adjustment is counted − expected)."""
    count = StockCount.objects.select_for_update().select_related("store").get(pk=count.pk)
    require_store_access(by, count.store)
    if count.status != StockCount.Status.OPEN:
        raise ConflictError(_("This count has been posted."), code="count_posted")
    now = at or timezone.now()
    lines = [line for line in count.lines.select_related("part") if line.difference]
    levels = lock_levels((count.store, line.part) for line in lines)
    moves = [
        post_move(
            levels[(count.store.pk, line.part_id)],
            kind=StockMove.Kind.ADJUSTMENT,
            quantity=line.difference,
            by=by,
            at=now,
            reference=count.number,
        )
        for line in lines
    ]
    count.status = StockCount.Status.POSTED
    count.posted_at = now
    count.save(update_fields=["status", "posted_at"])
    return moves
