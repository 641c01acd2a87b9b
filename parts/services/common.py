"""What every stock service shares: roles, store access, numbers, row locks, ledger rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from aftersales import numbering
from aftersales.errors import DomainError, PermissionDeniedError
from parts.models import Part, StockLevel, StockMove, StockRules, Store

STOREKEEPER = "storekeeper"
#: Who may move stock of a store they belong to (internal staff: any store).
STOCK_ROLES = frozenset({STOREKEEPER, "manager", "dealer"})
#: Who may reserve and use parts on a ticket.
TICKET_ROLES = frozenset({"technician", "supervisor", "dealer", STOREKEEPER, "manager"})


def require_role(user: User, roles: Iterable[str]) -> None:
    if not user.is_superuser and not user.has_role(*roles):
        raise PermissionDeniedError(_("Your role may not do this."))


def require_store_access(user: User, store: Store, roles: Iterable[str] = STOCK_ROLES) -> None:
    """Internal staff act on every store; a dealer only on the stores of its organisation."""
    require_role(user, roles)
    if user.is_superuser or user.organisation.is_internal:
        return
    if store.organisation_id != user.organisation_id:
        raise PermissionDeniedError(_("You may act only on your own organisation's stores."))


def next_number(series: str, at: datetime | None = None) -> str:
    """``<series><YYMM><4-digit serial>`` (no separator: the store's printed labels), drawn
    from the one counter table every series uses."""
    return numbering.next_number(series, at=at, separator="")


def lock_levels(pairs: Iterable[tuple[Store, Part]]) -> dict[tuple[int, int], StockLevel]:
    """The stock lines of ``pairs``, created when missing, locked in pk order (no deadlocks
    between two services locking the same lines)."""
    wanted = {(store.pk, part.pk) for store, part in pairs}
    if not wanted:
        return {}
    default_min = StockRules.current().default_min_level
    StockLevel.objects.bulk_create(
        [StockLevel(store_id=s, part_id=p, min_level=default_min) for s, p in sorted(wanted)],
        ignore_conflicts=True,
    )
    queryset: QuerySet[StockLevel] = StockLevel.objects.none()
    for store_id, part_id in wanted:
        queryset = queryset | StockLevel.objects.filter(store_id=store_id, part_id=part_id)
    rows = list(
        queryset.select_related("store", "part").select_for_update(of=("self",)).order_by("pk")
    )
    return {(row.store_id, row.part_id): row for row in rows}


def lock_level(store: Store, part: Part) -> StockLevel:
    return lock_levels([(store, part)])[(store.pk, part.pk)]


def post_move(
    level: StockLevel,
    *,
    kind: str,
    quantity: int,
    by: User | None,
    at: datetime,
    **links: object,
) -> StockMove:
    """Write one ledger row and apply it to the locked ``level`` (saved). Refuses a move that
    would take the quantity on hand below zero, or below what is reserved."""
    if quantity == 0:
        raise DomainError(_("A movement needs a quantity."), field="quantity")
    balance = level.on_hand + quantity
    if balance < 0:
        raise DomainError(
            _("Only %(n)s of %(part)s on hand at %(store)s.")
            % {"n": level.on_hand, "part": level.part.part_number, "store": level.store},
            field="quantity",
            code="insufficient_stock",
        )
    if balance < level.reserved and kind != StockMove.Kind.CONSUMPTION:
        raise DomainError(
            _("%(n)s of %(part)s are reserved for tickets; stock cannot go below that.")
            % {"n": level.reserved, "part": level.part.part_number},
            field="quantity",
            code="reserved_stock",
        )
    was_low = level.is_low
    level.on_hand = balance
    move = StockMove.objects.create(
        store=level.store,
        part=level.part,
        kind=kind,
        quantity=quantity,
        balance_after=balance,
        by=by,
        at=at,
        **links,
    )
    save_level(level, was_low=was_low, at=at)
    return move


def save_level(level: StockLevel, *, was_low: bool, at: datetime) -> None:
    """Save a locked line; when it has just fallen below its minimum, tell the store."""
    fields = ["on_hand", "reserved", "on_order"]
    if level.is_low and not was_low:
        level.low_notified_at = at
        fields.append("low_notified_at")
        from parts.notify import low_stock

        low_stock(level)
    level.save(update_fields=fields)
