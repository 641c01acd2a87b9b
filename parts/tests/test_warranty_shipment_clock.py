"""In-warranty replacements ship within 3 days (001), measured by the SLA engine: the request
starts the clock, the shipment stops it; a late shipment escalates to the storekeepers."""

from __future__ import annotations

import pytest

from notifications.models import Notification
from parts import services
from parts.tests.conftest import local, ticket_in_workshop
from sla.models import SlaClock
from sla.sweep import sla_sweep

pytestmark = pytest.mark.django_db


def dealer_ticket(people, service_type):
    ticket = ticket_in_workshop(people, service_type=service_type)
    ticket.assigned_organisation = people["dealer_org"]
    ticket.save(update_fields=["assigned_organisation"])
    return ticket


def test_the_shipment_clock_runs_three_days_from_the_request_to_the_shipment(
    people, stores, part, clock
):
    services.stock_receive(
        by=people["storekeeper"], store=stores["warehouse"], part=part, quantity=1
    )
    ticket = dealer_ticket(people, "C")

    reservation = services.part_reserve(by=people["dealer"], ticket=ticket, part=part, quantity=1)

    shipment = SlaClock.objects.get(ticket=ticket, metric="parts_shipment")
    assert shipment.state == "running"
    assert shipment.due_at == local(2025, 3, 6, 9, 0)
    assert reservation.transfer.ship_by == shipment.due_at
    clock.move_to(local(2025, 3, 5, 9, 0))
    services.transfer_ship(by=people["storekeeper"], transfer=reservation.transfer)
    shipment.refresh_from_db()
    assert shipment.state == "met"


def test_a_late_in_warranty_shipment_escalates_to_the_storekeepers(people, stores, part, clock):
    ticket = dealer_ticket(people, "C")
    services.part_reserve(by=people["dealer"], ticket=ticket, part=part, quantity=1)

    clock.move_to(local(2025, 3, 6, 10, 0))
    sla_sweep()

    codes = set(
        Notification.objects.filter(
            payload__metric="parts_shipment", recipient=people["storekeeper"]
        ).values_list("code", flat=True)
    )
    assert "sla.breached" in codes


def test_a_paid_request_has_no_shipment_clock(people, stores, part, clock):
    ticket = dealer_ticket(people, "B")
    services.part_reserve(by=people["dealer"], ticket=ticket, part=part, quantity=1)
    assert not SlaClock.objects.filter(ticket=ticket, metric="parts_shipment").exists()
