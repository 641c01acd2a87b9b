"""The carry-in register: receipt with a promised date from the SLA engine, printable receipt
and repair card with a QR code opening the ticket, factory repair on its own target, every
movement a register row and a ticket event; overruns escalate through the engine."""

from __future__ import annotations

import pytest
import segno
from django.urls import reverse

from aftersales.errors import ConflictError
from notifications.models import Notification
from sla.models import SlaClock
from sla.sweep import sla_sweep
from workshop.models import CarryIn
from workshop.services.carry_in import (
    carry_in_back_from_factory,
    carry_in_receive,
    carry_in_return,
    carry_in_send_to_factory,
)
from workshop.tests.conftest import local, ticket_on_site

pytestmark = pytest.mark.django_db


def receive(people, ticket):
    return carry_in_receive(
        by=people["technician"], ticket=ticket, condition="外壳有划痕", accessories="遥控器 ×1"
    )


def test_receiving_moves_the_ticket_in_and_promises_three_working_days(people, clock):
    ticket = ticket_on_site(people)  # Monday 2025-03-03 09:00

    entry = receive(people, ticket)

    ticket.refresh_from_db()
    assert ticket.status == "in_workshop"
    assert ticket.workshop_receipt_no == entry.number
    # 3 × 7.5 working hours from Monday 09:00 → Wednesday 16:30 … Thursday morning
    assert entry.promised_at == local(2025, 3, 6, 9, 0)
    clock_row = SlaClock.objects.get(ticket=ticket, metric="carry_in")
    assert clock_row.due_at == entry.promised_at
    assert [m.kind for m in entry.movements.all()] == ["received"]
    assert entry.movements.get().event.code == "ticket.carry_in"


def test_a_unit_cannot_be_received_twice(people, clock):
    ticket = ticket_on_site(people)
    receive(people, ticket)
    with pytest.raises(ConflictError):
        receive(people, ticket)


def test_an_overdue_carry_in_goes_to_the_supervisor_through_the_sla_engine(people, clock):
    ticket = ticket_on_site(people)
    receive(people, ticket)

    clock.move_to(local(2025, 3, 6, 10, 0))  # an hour past the promise
    sla_sweep()

    breached = Notification.objects.filter(code="sla.breached", payload__metric="carry_in")
    assert [n.recipient for n in breached] == [people["supervisor"]]
    entry = CarryIn.objects.get(ticket=ticket)
    assert entry.overdue


def test_a_unit_returned_in_time_meets_the_promise(people, clock):
    ticket = ticket_on_site(people)
    entry = receive(people, ticket)
    clock.move_to(local(2025, 3, 4, 15, 0))

    carry_in_return(by=people["technician"], entry=entry, signed_by_name="王秀英")

    row = SlaClock.objects.get(ticket=ticket, metric="carry_in")
    assert row.state == "met"
    entry.refresh_from_db()
    assert entry.status == "signed_for"
    assert [m.kind for m in entry.movements.all()] == ["received", "returned", "signed_for"]
    codes = list(ticket.events.values_list("code", flat=True))
    assert "workshop.returned" in codes
    assert "workshop.signed_for" in codes


def test_factory_repair_runs_five_working_days_and_escalates_when_missed(people, clock):
    ticket = ticket_on_site(people)
    entry = receive(people, ticket)

    carry_in_send_to_factory(by=people["technician"], entry=entry, factory="珠海总厂")

    factory = SlaClock.objects.get(ticket=ticket, metric="factory_repair")
    assert factory.state == "running"
    assert factory.due_at == local(2025, 3, 10, 9, 0)  # Mon 09:00 + 37.5 working hours
    clock.move_to(local(2025, 3, 10, 10, 0))
    sla_sweep()
    assert Notification.objects.filter(
        code="sla.breached", payload__metric="factory_repair", recipient=people["supervisor"]
    ).exists()

    carry_in_back_from_factory(by=people["technician"], entry=entry)
    factory.refresh_from_db()
    assert factory.state == "met_late"
    assert [m.kind for m in entry.movements.all()] == [
        "received",
        "sent_to_factory",
        "back_from_factory",
    ]


def test_the_receipt_and_the_repair_card_print_with_a_qr_code_of_the_ticket(client, people, clock):
    ticket = ticket_on_site(people)
    entry = receive(people, ticket)
    client.force_login(people["technician"])
    ticket_url = "http://testserver" + reverse("tickets:detail", args=[ticket.number])
    expected = segno.make(ticket_url, error="m").svg_inline(scale=3, dark="#000", light="#fff")

    for kind in ("receipt", "card"):
        page = client.get(reverse("workshop:entry-print", args=[entry.number, kind]))
        html = page.content.decode()
        assert page.status_code == 200
        assert expected in html
        assert entry.number in html
        assert "遥控器" in html
        assert "2025-03-06 09:00" in html  # the promised date
        assert '<script src="http' not in html


def test_another_dealers_entry_is_not_found(client, people, clock):
    ticket = ticket_on_site(people)
    entry = receive(people, ticket)
    client.force_login(people["other_dealer"])

    assert client.get(reverse("workshop:entry", args=[entry.number])).status_code == 404
    assert client.get(f"/api/v1/workshop/carry-ins/{entry.pk}/").status_code == 404
