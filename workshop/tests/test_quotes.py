"""Paid service: the quote (parts at the model's price rule, labour capped by the model),
approved before work starts; the resolution clock pauses while it waits; the bill."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from aftersales.errors import ConflictError
from parts import services as stock
from parts.models import Part
from sla.models import SlaClock
from tickets.actions import perform_action
from warranty.tests.factories import ProductModelFactory, UnitFactory
from workshop.services.quotes import bill_issue, quote_create, quote_decide
from workshop.tests.conftest import local, ticket_on_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_ticket(people, clock):
    model = ProductModelFactory(code="KFR-35", labour_rate_cap=Decimal("10.00"))
    unit = UnitFactory(product_model=model)
    ticket = ticket_on_site(people, serial_number=unit.serial)
    ticket.entitlement = {**ticket.entitlement, "parts_charge": "cost", "labour_charge": "charged"}
    ticket.service_type = "A"
    ticket.save(update_fields=["entitlement", "service_type"])
    return ticket


def quote(people, ticket, part, **extra):
    return quote_create(
        by=people["supervisor"],
        ticket=ticket,
        lines=[(part, 2)],
        hours=Decimal("3"),
        travel_km=Decimal("12"),
        **extra,
    )


def test_the_quote_prices_parts_at_cost_and_labour_at_the_models_cap(people, paid_ticket, part):
    q = quote(people, paid_ticket, part)

    assert q.parts_charge == "cost"
    assert q.lines.get().unit_price == Decimal("320.00")  # the part's cost, not its price
    assert (q.labour_rate_standard, q.labour_cap, q.labour_rate) == (
        Decimal("40.00"),
        Decimal("10.00"),
        Decimal("10.00"),
    )
    assert q.labour_total == Decimal("30.00")
    assert q.travel_total == Decimal("18.00")  # 12 km × ¥1.50
    assert q.total == Decimal("688.00")
    paid_ticket.refresh_from_db()
    assert paid_ticket.status == "waiting_customer"


def test_waiting_for_approval_pauses_the_resolution_clock_and_approval_resumes_it(
    people, paid_ticket, part, clock
):
    before = SlaClock.objects.get(ticket=paid_ticket, metric="resolution")
    q = quote(people, paid_ticket, part)
    clock.move_to(local(2025, 3, 3, 11, 0))  # two working hours waiting for the customer

    paused = SlaClock.objects.get(ticket=paid_ticket, metric="resolution")
    from sla.measuring import clocks_recompute

    clocks_recompute(paid_ticket)
    paused.refresh_from_db()
    assert paused.state == "paused"

    quote_decide(
        by=people["agent"],
        quote=q,
        approved=True,
        signed_by_name="王秀英",
        signature="data:image/png;base64,iVBORw0KGgo=",
    )

    after = SlaClock.objects.get(ticket=paid_ticket, metric="resolution")
    paid_ticket.refresh_from_db()
    assert paid_ticket.status == "on_site"  # back where it was
    assert after.state == "running"
    assert after.due_at - before.due_at == timedelta(hours=2)


def test_no_part_is_taken_for_paid_work_before_the_quote_is_approved(
    people, paid_ticket, part, stores
):
    stock.stock_receive(by=people["storekeeper"], store=stores["warehouse"], part=part, quantity=5)
    with pytest.raises(ConflictError) as refused:
        stock.part_use(by=people["technician"], ticket=paid_ticket, part=part, quantity=1)
    assert refused.value.code == "quote_not_approved"

    q = quote(people, paid_ticket, part)
    quote_decide(by=people["agent"], quote=q, approved=True, signed_by_name="王秀英")
    stock.part_use(by=people["technician"], ticket=paid_ticket, part=part, quantity=2)
    assert paid_ticket.parts.get().unit_price == Decimal("320.00")


def test_the_bill_charges_the_parts_used_and_the_hours_worked_at_the_capped_rate(
    people, paid_ticket, part, stores
):
    stock.stock_receive(by=people["storekeeper"], store=stores["warehouse"], part=part, quantity=5)
    q = quote(people, paid_ticket, part)
    quote_decide(by=people["agent"], quote=q, approved=True, signed_by_name="王秀英")
    stock.part_use(by=people["technician"], ticket=paid_ticket, part=part, quantity=1)
    perform_action(
        ticket=paid_ticket, by=people["technician"], action="add_labour", data={"hours": "2.5"}
    )

    bill = bill_issue(by=people["supervisor"], ticket=paid_ticket)

    assert bill.parts_total == Decimal("320.00")
    assert bill.hours == Decimal("2.5")
    assert bill.labour_total == Decimal("25.00")
    assert bill.travel_total == Decimal("18.00")
    assert bill.total == Decimal("363.00")
    with pytest.raises(ConflictError):
        bill_issue(by=people["supervisor"], ticket=paid_ticket)


def test_the_printed_bill_shows_yuan_with_two_decimals(client, people, paid_ticket, part, stores):
    stock.stock_receive(by=people["storekeeper"], store=stores["warehouse"], part=part, quantity=5)
    Part.objects.filter(pk=part.pk).update(unit_cost=Decimal("1320.00"))
    part.refresh_from_db()
    q = quote(people, paid_ticket, part)
    quote_decide(by=people["agent"], quote=q, approved=True, signed_by_name="王秀英")
    stock.part_use(by=people["technician"], ticket=paid_ticket, part=part, quantity=1)
    client.force_login(people["supervisor"])

    html = client.get(f"/workshop/tickets/{paid_ticket.number}/bill/").content.decode()
    assert "¥1,320.00" in html
    quote_page = client.get(f"/workshop/quotes/{q.number}/").content.decode()
    assert "¥2,640.00" in quote_page
    assert "¥10.00" in quote_page


def test_only_paid_service_is_quoted(people, clock, part):
    ticket = ticket_on_site(people, service_type="C")
    with pytest.raises(ConflictError):
        quote(people, ticket, part)
