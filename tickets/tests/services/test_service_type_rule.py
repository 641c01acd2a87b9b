"""Issue 11 item 5: the service type follows the warranty decision; only roles the intake
rules name may override it, with a reason, and the override is on the ticket's record."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from aftersales.errors import DomainError, PermissionDeniedError
from tickets.models import IntakeRule, Ticket
from tickets.tests.factories import make_ticket
from tickets.tests.helpers import api_client_for
from tickets.timeline import render_events
from warranty.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(datetime(2026, 6, 3, 2, 0, tzinfo=UTC), tick=False)


@pytest.fixture
def expired(dealer_a):
    """A unit of dealer A's out of warranty: the decision is A (paid)."""
    return UnitFactory(serial="OUT-1", selling_dealer=dealer_a, sale_date=date(2020, 1, 1))


def test_a_dealer_cannot_store_free_service_where_the_decision_says_paid(dealer_a_user, expired):
    response = api_client_for(dealer_a_user).post(
        "/api/v1/tickets/",
        {
            "customer": {"name": "张三", "phone": "13900001111"},
            "fault_description": "不制冷",
            "severity": "minor",
            "serial_number": "OUT-1",
            "service_type": "C",
        },
        format="json",
    )

    assert response.status_code == 403
    assert "service_type" in response.json()
    assert not Ticket.objects.exists()


def test_without_a_choice_the_decision_gives_the_type(dealer_a_user, expired):
    ticket = make_ticket(by=dealer_a_user, serial_number="OUT-1")

    assert ticket.service_type == "A"


def test_naming_the_decided_type_is_no_override(dealer_a_user, expired):
    ticket = make_ticket(by=dealer_a_user, serial_number="OUT-1", service_type="A")

    assert ticket.service_type == "A"
    assert not ticket.events.filter(code="ticket.service_type_overridden").exists()


def test_a_supervisor_overrides_with_a_reason_on_the_record(people, expired):
    ticket = make_ticket(
        by=people["supervisor"],
        serial_number="OUT-1",
        service_type="C",
        service_type_reason="厂家质量问题，特批免费",
    )

    assert ticket.service_type == "C"
    event = ticket.events.get(code="ticket.service_type_overridden")
    assert event.payload == {
        "decided": "A",
        "service_type": "C",
        "reason": "厂家质量问题，特批免费",
    }
    assert event.actor == people["supervisor"]
    shown = next(e for e in render_events(list(ticket.events.all())) if e["event"] == event)
    assert shown["label"] == "Service type set against the warranty decision"
    assert "Reason: 厂家质量问题，特批免费" in shown["details"]


def test_an_override_needs_a_reason(people, expired):
    with pytest.raises(DomainError) as refused:
        make_ticket(by=people["supervisor"], serial_number="OUT-1", service_type="C")

    assert refused.value.field == "service_type_reason"


def test_who_may_override_is_data(people, expired):
    with pytest.raises(PermissionDeniedError):
        make_ticket(
            by=people["agent"], serial_number="OUT-1", service_type="C", service_type_reason="x"
        )

    rule = IntakeRule.objects.get(role="agent")  # as the admin saves it
    rule.may_override_service_type = True
    rule.save()
    ticket = make_ticket(
        by=people["agent"], serial_number="OUT-1", service_type="C", service_type_reason="特批"
    )

    assert ticket.service_type == "C"
