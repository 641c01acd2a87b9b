"""The stock ledger: every movement a row, on hand = the sum, never negative; reservations,
consumption, transfers with the ticket waiting for parts, counts, low-stock notices."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from aftersales.errors import DomainError, PermissionDeniedError
from notifications.models import Notification
from parts import services
from parts.models import Reservation, StockLevel, StockMove, Transfer
from parts.tests.conftest import ticket_in_workshop

pytestmark = pytest.mark.django_db


def ledger_sum(store, part):
    return StockMove.objects.filter(store=store, part=part).aggregate(s=Sum("quantity"))["s"] or 0


def level(store, part):
    return StockLevel.objects.get(store=store, part=part)


def test_reservation_then_consumption_is_two_ledger_rows_and_on_hand_is_their_sum(
    people, stores, part
):
    wh = stores["warehouse"]
    services.stock_receive(
        by=people["storekeeper"], store=wh, part=part, quantity=3, supplier="格力配件"
    )
    ticket = ticket_in_workshop(people)

    reservation = services.part_reserve(
        by=people["technician"], ticket=ticket, part=part, quantity=2
    )
    assert reservation.status == Reservation.Status.RESERVED
    assert (level(wh, part).on_hand, level(wh, part).reserved) == (3, 2)

    services.reservation_consume(
        by=people["technician"], reservation=reservation, old_part_tag="T-9"
    )

    row = level(wh, part)
    assert (row.on_hand, row.reserved) == (1, 0)
    assert ledger_sum(wh, part) == row.on_hand == 1
    assert list(StockMove.objects.order_by("pk").values_list("kind", "quantity")) == [
        ("receipt", 3),
        ("consumption", -2),
    ]
    used = ticket.parts.get()
    assert (used.part_number, used.quantity, used.old_part_tag) == ("CMP-01", 2, "T-9")
    assert used.unit_price == part.price  # contract service, no decision: list price
    assert StockMove.objects.get(kind="consumption").part_usage == used
    codes = list(ticket.events.values_list("code", flat=True))
    assert "parts.reserved" in codes
    assert "parts.consumed" in codes


def test_using_more_than_is_free_is_refused_and_nothing_moves(people, stores, part):
    wh = stores["warehouse"]
    services.stock_receive(by=people["storekeeper"], store=wh, part=part, quantity=1)
    ticket = ticket_in_workshop(people)

    with pytest.raises(DomainError) as refused:
        services.part_use(by=people["technician"], ticket=ticket, part=part, quantity=2)

    assert refused.value.code == "insufficient_stock"
    assert level(wh, part).on_hand == 1
    assert ticket.parts.count() == 0
    assert StockMove.objects.count() == 1


def test_a_part_not_on_hand_asks_the_warehouse_and_the_ticket_waits_for_parts(people, stores, part):
    # given a dealer's ticket whose store has none, and a warehouse that has two
    services.stock_receive(
        by=people["storekeeper"], store=stores["warehouse"], part=part, quantity=2
    )
    ticket = ticket_in_workshop(people)
    ticket.assigned_organisation = people["dealer_org"]
    ticket.save(update_fields=["assigned_organisation"])
    dealer = people["dealer"]

    # when the dealer reserves it
    reservation = services.part_reserve(by=dealer, ticket=ticket, part=part, quantity=1)

    # then a transfer is requested, the part is on order at the outlet, the ticket waits
    ticket.refresh_from_db()
    assert reservation.status == Reservation.Status.REQUESTED
    transfer = reservation.transfer
    assert (transfer.from_store, transfer.to_store) == (stores["warehouse"], stores["outlet"])
    assert level(stores["outlet"], part).on_order == 1
    assert ticket.status == "awaiting_parts"

    # when the warehouse ships and the outlet receives
    services.transfer_ship(by=people["storekeeper"], transfer=transfer, tracking_number="SF123")
    assert level(stores["warehouse"], part).on_hand == 1
    services.transfer_receive(by=dealer, transfer=transfer)

    # then the part is held for the ticket and the ticket is back in the workshop
    reservation.refresh_from_db()
    ticket.refresh_from_db()
    outlet = level(stores["outlet"], part)
    assert reservation.status == Reservation.Status.RESERVED
    assert (outlet.on_hand, outlet.reserved, outlet.on_order) == (1, 1, 0)
    assert ticket.status == "in_workshop"
    assert ledger_sum(stores["outlet"], part) == 1
    assert ledger_sum(stores["warehouse"], part) == 1


def test_a_part_on_hand_does_not_put_the_ticket_in_awaiting_parts(people, stores, part):
    services.stock_receive(
        by=people["storekeeper"], store=stores["warehouse"], part=part, quantity=1
    )
    ticket = ticket_in_workshop(people)

    services.part_reserve(by=people["technician"], ticket=ticket, part=part, quantity=1)

    ticket.refresh_from_db()
    assert ticket.status == "in_workshop"
    assert not Transfer.objects.exists()


def test_a_transfer_cannot_ship_more_than_the_sender_has(people, stores, part):
    transfer = services.transfer_request(
        by=people["dealer"],
        from_store=stores["warehouse"],
        to_store=stores["outlet"],
        lines=[(part, 5)],
    )
    with pytest.raises(DomainError):
        services.transfer_ship(by=people["storekeeper"], transfer=transfer)
    transfer.refresh_from_db()
    assert transfer.status == "requested"
    assert not StockMove.objects.exists()


def test_a_dealer_cannot_move_another_dealers_stock(people, stores, part):
    with pytest.raises(PermissionDeniedError):
        services.stock_receive(
            by=people["other_dealer"], store=stores["outlet"], part=part, quantity=1
        )


def test_a_stock_count_posts_its_differences_as_adjustments(people, stores, part):
    wh = stores["warehouse"]
    services.stock_receive(by=people["storekeeper"], store=wh, part=part, quantity=5)
    count = services.stock_count_start(by=people["storekeeper"], store=wh)

    services.stock_count_record(by=people["storekeeper"], count=count, counted={part.pk: 3})
    services.stock_count_post(by=people["storekeeper"], count=count)

    assert level(wh, part).on_hand == 3 == ledger_sum(wh, part)
    adjustment = StockMove.objects.get(kind="adjustment")
    assert (adjustment.quantity, adjustment.reference) == (-2, count.number)


def test_a_count_cannot_take_stock_below_what_is_reserved(people, stores, part):
    wh = stores["warehouse"]
    services.stock_receive(by=people["storekeeper"], store=wh, part=part, quantity=2)
    services.part_reserve(
        by=people["technician"], ticket=ticket_in_workshop(people), part=part, quantity=2
    )
    count = services.stock_count_start(by=people["storekeeper"], store=wh)
    services.stock_count_record(by=people["storekeeper"], count=count, counted={part.pk: 1})

    with pytest.raises(DomainError) as refused:
        services.stock_count_post(by=people["storekeeper"], count=count)
    assert refused.value.code == "reserved_stock"
    assert level(wh, part).on_hand == 2


def test_falling_below_the_minimum_notifies_the_storekeepers_once(people, stores, part):
    wh = stores["warehouse"]
    services.stock_receive(by=people["storekeeper"], store=wh, part=part, quantity=4)
    services.stock_level_set_minimum(by=people["storekeeper"], store=wh, part=part, min_level=3)
    ticket = ticket_in_workshop(people)

    services.part_use(by=people["technician"], ticket=ticket, part=part, quantity=1)  # 3 left
    assert not Notification.objects.filter(code="parts.low_stock").exists()
    services.part_use(by=people["technician"], ticket=ticket, part=part, quantity=1)  # 2 < 3
    services.part_use(by=people["technician"], ticket=ticket, part=part, quantity=1)  # still low

    notices = Notification.objects.filter(code="parts.low_stock")
    assert [n.recipient for n in notices] == [people["storekeeper"]]
    from notifications.messages import render

    assert "CMP-01" in render("parts.low_stock", notices[0].payload)


def test_supplier_order_is_on_order_until_received(people, stores, part):
    wh = stores["warehouse"]
    order = services.supplier_order_place(
        by=people["storekeeper"], store=wh, part=part, quantity=10, supplier="格力配件"
    )
    assert level(wh, part).on_order == 10
    services.supplier_order_receive(by=people["storekeeper"], order=order, delivery_note="DN-1")
    row = level(wh, part)
    assert (row.on_hand, row.on_order) == (10, 0)
    with pytest.raises(DomainError):
        services.supplier_order_receive(by=people["storekeeper"], order=order)


def test_the_database_refuses_a_negative_stock_line_even_without_the_service(people, stores, part):
    from django.db import IntegrityError, transaction

    from parts.models import StockLevel

    level = StockLevel.objects.create(store=stores["warehouse"], part=part)
    with pytest.raises(IntegrityError), transaction.atomic():
        StockLevel.objects.filter(pk=level.pk).update(on_hand=-1)
