"""Exchange (包换): offered when the warranty decision says replacement is due; the new unit
comes from stock and is registered with a full new period from the exchange date, the old
one is retired into the register; the dealer and finance are told."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from accounts.tests.factories import UserFactory
from aftersales.errors import ConflictError, DomainError
from notifications.models import Notification
from parts import services as stock
from parts.models import Part, StockMove
from warranty.models import Unit
from warranty.tests.factories import CardFactory, UnitFactory
from workshop.models import CarryIn
from workshop.services.exchange import exchange_create
from workshop.tests.conftest import ticket_on_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def replacement(db):
    return Part.objects.create(
        part_number="UNIT-KFR35",
        name_zh="整机 KFR-35",
        unit_cost=Decimal("2100"),
        price=Decimal("2999"),
        is_unit=True,
    )


@pytest.fixture
def due_ticket(people, clock, stores, replacement):
    unit = UnitFactory(selling_dealer=people["dealer_org"])
    CardFactory(unit=unit, dealer=people["dealer_org"], filed_on=date(2024, 3, 20))
    ticket = ticket_on_site(people, service_type="C", serial_number=unit.serial)
    ticket.entitlement = {**ticket.entitlement, "replacement_due": True}
    ticket.unit = unit
    ticket.save(update_fields=["entitlement", "unit"])
    stock.stock_receive(
        by=people["storekeeper"], store=stores["warehouse"], part=replacement, quantity=1
    )
    return ticket


def test_the_exchange_registers_the_new_unit_and_retires_the_old(
    people, due_ticket, replacement, stores
):
    finance = UserFactory(roles=["finance"])
    old = due_ticket.unit

    order = exchange_create(
        by=people["supervisor"],
        ticket=due_ticket,
        replacement=replacement,
        store=stores["warehouse"],
        new_serial="SN-NEW-0001",
    )

    old.refresh_from_db()
    new = Unit.objects.get(serial="SN-NEW-0001")
    assert old.status == Unit.Status.REPLACED
    assert new.replaces == old
    assert (new.product_model, new.customer) == (old.product_model, old.customer)
    assert new.sale_date == date(2025, 3, 3)  # its own period runs from the exchange date
    assert new.card.filed_on == date(2025, 3, 3)
    move = StockMove.objects.get(kind="exchange_out")
    assert (move.quantity, move.balance_after, move.ticket) == (-1, 0, due_ticket)
    entry = CarryIn.objects.get(reason="exchange")
    assert (entry.serial_number, entry.status, order.return_entry) == (old.serial, "retired", entry)
    told = set(
        Notification.objects.filter(code="workshop.exchanged").values_list("recipient", flat=True)
    )
    assert {finance.pk, people["dealer"].pk} <= told
    assert people["other_dealer"].pk not in told
    assert due_ticket.events.filter(code="workshop.exchanged").exists()


def test_no_exchange_unless_the_decision_calls_for_it(people, due_ticket, replacement, stores):
    due_ticket.entitlement = {**due_ticket.entitlement, "replacement_due": False}
    due_ticket.save(update_fields=["entitlement"])
    with pytest.raises(ConflictError):
        exchange_create(
            by=people["supervisor"],
            ticket=due_ticket,
            replacement=replacement,
            store=stores["warehouse"],
            new_serial="SN-NEW-0002",
        )


def test_no_exchange_without_a_unit_in_stock_and_nothing_half_written(
    people, due_ticket, replacement, stores
):
    with pytest.raises(DomainError):
        exchange_create(
            by=people["supervisor"],
            ticket=due_ticket,
            replacement=replacement,
            store=stores["outlet"],
            new_serial="SN-NEW-0003",
        )
    assert not Unit.objects.filter(serial="SN-NEW-0003").exists()
    assert not CarryIn.objects.exists()
    due_ticket.unit.refresh_from_db()
    assert due_ticket.unit.status == Unit.Status.IN_SERVICE
