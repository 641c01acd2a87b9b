"""Standby units (备机): lent with the customer's signature, never twice at once, overdue
returns flagged; delivering one stops the "service restored" clock."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from aftersales.errors import ConflictError
from notifications.models import Notification
from sla.models import SlaClock
from workshop.models import StandbyLoan, StandbyUnit
from workshop.services.standby import standby_lend, standby_overdue_notify, standby_return
from workshop.tests.conftest import local, ticket_on_site

pytestmark = pytest.mark.django_db

SIGNATURE = "data:image/png;base64,iVBORw0KGgo="


@pytest.fixture
def unit(people):
    return StandbyUnit.objects.create(
        serial="BJ-001", description="备用空调", organisation=people["hq"]
    )


def lend(people, unit, ticket, **extra):
    return standby_lend(
        by=people["technician"],
        unit=unit,
        ticket=ticket,
        signed_by_name="王秀英",
        signature=SIGNATURE,
        **extra,
    )


def test_a_unit_on_loan_cannot_be_lent_twice(people, unit, clock):
    first, second = ticket_on_site(people), ticket_on_site(people)
    loan = lend(people, unit, first)

    with pytest.raises(ConflictError) as refused:
        lend(people, unit, second)

    assert refused.value.code == "standby_unavailable"
    assert StandbyLoan.objects.filter(returned_at__isnull=True).count() == 1
    unit.refresh_from_db()
    assert unit.status == "on_loan"
    assert loan.signature == SIGNATURE


def test_the_database_allows_one_open_loan_per_unit(people, unit, clock):
    ticket = ticket_on_site(people)
    lend(people, unit, ticket)
    with pytest.raises(IntegrityError), transaction.atomic():
        StandbyLoan.objects.create(
            unit=unit, ticket=ticket, due_back=timezone.localdate(), signed_by_name="x"
        )


def test_returned_unit_can_be_lent_again(people, unit, clock):
    first, second = ticket_on_site(people), ticket_on_site(people)
    standby_return(by=people["technician"], loan=lend(people, unit, first))
    assert lend(people, unit, second).ticket == second


def test_delivering_a_standby_unit_stops_the_service_restored_clock(people, unit, clock):
    ticket = ticket_on_site(people, sev="critical")
    restore = SlaClock.objects.get(ticket=ticket, metric="restore")
    assert restore.state == "running"
    clock.move_to(local(2025, 3, 3, 11, 0))

    lend(people, unit, ticket)

    restore.refresh_from_db()
    assert restore.state == "met"
    assert restore.stopped_at == local(2025, 3, 3, 11, 0)
    assert ticket.events.filter(code="workshop.standby_lent").exists()


def test_an_overdue_return_is_flagged_to_the_supervisor_once_a_day(people, unit, clock):
    ticket = ticket_on_site(people)
    loan = lend(people, unit, ticket)  # due back in 14 days (data: WorkshopRules)
    assert loan.due_back.isoformat() == "2025-03-17"

    clock.move_to(local(2025, 3, 18, 9, 0))
    assert loan.overdue
    assert standby_overdue_notify() == 1
    assert standby_overdue_notify() == 0  # safe to run twice

    notice = Notification.objects.get(code="workshop.standby_overdue")
    assert notice.recipient == people["supervisor"]
    from notifications.messages import render

    assert "BJ-001" in render(notice.code, notice.payload)
