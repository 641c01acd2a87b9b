"""Reads of the parts store, always from the user's scope: internal staff see every store,
a dealer its own organisation's stores, customers none."""

from __future__ import annotations

from django.db.models import F, QuerySet

from accounts.models import User
from accounts.scoping import is_internal, scope_queryset
from parts.models import Part, Reservation, StockLevel, StockMove, Store, Transfer


def store_list(user: User) -> QuerySet[Store]:
    if not user.is_authenticated or user.organisation.kind == "customer":
        return Store.objects.none()
    return scope_queryset(Store.objects.filter(is_active=True), user).select_related("organisation")


def part_list(user: User) -> QuerySet[Part]:
    if not user.is_authenticated or user.organisation.kind == "customer":
        return Part.objects.none()
    return Part.objects.filter(is_active=True).prefetch_related("compatible_models")


def level_list(user: User, store: Store | None = None) -> QuerySet[StockLevel]:
    levels = StockLevel.objects.filter(store__in=store_list(user)).select_related("store", "part")
    if store is not None:
        levels = levels.filter(store=store)
    return levels.annotate(free=F("on_hand") - F("reserved")).order_by("store", "part__part_number")


def low_levels(user: User) -> QuerySet[StockLevel]:
    return level_list(user).filter(free__lt=F("min_level"))  # type: ignore[misc]  # annotated


def move_list(user: User, store: Store | None = None) -> QuerySet[StockMove]:
    moves = StockMove.objects.filter(store__in=store_list(user)).select_related(
        "store", "part", "ticket", "by", "transfer"
    )
    return moves.filter(store=store) if store is not None else moves


def transfer_list(user: User) -> QuerySet[Transfer]:
    stores = store_list(user)
    queryset = Transfer.objects.select_related("from_store", "to_store", "ticket")
    if is_internal(user):
        return queryset.prefetch_related("lines__part")
    return (
        (queryset.filter(from_store__in=stores) | queryset.filter(to_store__in=stores))
        .distinct()
        .prefetch_related("lines__part")
    )


def reservation_list(user: User) -> QuerySet[Reservation]:
    from tickets.selectors import ticket_scope

    return Reservation.objects.filter(ticket__in=ticket_scope(user)).select_related(
        "ticket", "part", "store", "transfer"
    )


def used_on_ticket(ticket) -> list[dict]:  # type: ignore[no-untyped-def]
    """Parts taken from stock for ``ticket``, each with its old part's return as the dealer
    filed it: the repair-record line with the same tag number and the claim it is on."""
    moves = list(
        StockMove.objects.filter(ticket=ticket, kind=StockMove.Kind.CONSUMPTION)
        .select_related("part", "store", "part_usage")
        .order_by("at", "pk")
    )
    tags = {m.part_usage.old_part_tag for m in moves if m.part_usage and m.part_usage.old_part_tag}
    returned = {}
    if tags:
        from dealers.models import RepairPart

        for line in RepairPart.objects.filter(
            record__ticket=ticket, tag_number__in=tags
        ).select_related("record", "record__claim"):
            returned[line.tag_number] = line
    rows = []
    for move in moves:
        tag = move.part_usage.old_part_tag if move.part_usage else ""
        found = returned.get(tag)
        rows.append(
            {
                "move": move,
                "tag": tag,
                "record": found.record if found else None,
                "claim": found.record.claim if found and found.record.claim_id else None,
            }
        )
    return rows
