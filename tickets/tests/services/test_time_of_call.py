"""Issue 11 item 4: who may set the time of a call, and how far back, is data; a dealer's
or a customer's API call cannot back-date a ticket into warranty or into an instant breach."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import OrganisationFactory, UserFactory
from aftersales.errors import DomainError
from tickets.models import Customer, IntakeRule, Ticket, TicketEvent
from tickets.services import ticket_create
from tickets.tests.factories import CustomerFactory, make_ticket, severity
from tickets.tests.helpers import api_client_for
from warranty.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 3, 2, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW, tick=False)


def _post(user, **fields):  # type: ignore[no-untyped-def]
    body = {
        "customer": {"name": "张三", "phone": "13900001111"},
        "fault_description": "不制冷",
        "severity": "critical",
        **fields,
    }
    return api_client_for(user).post("/api/v1/tickets/", body, format="json")


def test_a_dealer_cannot_back_date_a_call_into_warranty(dealer_a, dealer_a_user):
    # given a unit of the dealer's whose warranty ended last year
    UnitFactory(serial="OLD-1", selling_dealer=dealer_a, sale_date=date(2021, 6, 1))
    customers = Customer.objects.count()

    response = _post(dealer_a_user, serial_number="OLD-1", received_at="2022-06-01T09:00:00+08:00")

    assert response.status_code == 400
    assert "received_at" in response.json()
    assert not Ticket.objects.exists()
    assert Customer.objects.count() == customers


def test_a_customer_cannot_back_date_a_call():
    account = OrganisationFactory(code="C-1", kind="customer")
    customer_user = UserFactory(organisation=account, roles=["customer"])

    response = _post(customer_user, received_at=(NOW - timedelta(hours=2)).isoformat())

    assert response.status_code == 400
    assert "received_at" in response.json()


def test_a_dealer_call_without_a_time_is_received_now(dealer_a_user):
    response = _post(dealer_a_user)

    assert response.status_code == 201
    assert response.json()["received_at"].startswith("2026-06-03T10:00")


def test_an_agent_may_back_date_a_call_up_to_seven_days(people):
    six_days = _post(people["agent"], received_at=(NOW - timedelta(days=6)).isoformat())
    eight_days = _post(people["agent"], received_at=(NOW - timedelta(days=8)).isoformat())

    assert six_days.status_code == 201
    assert eight_days.status_code == 400
    assert "168 hours" in eight_days.json()["received_at"][0]


def test_the_limit_is_data_an_administrator_changes(people):
    rule = IntakeRule.objects.get(role="agent")  # as the admin saves it
    rule.backdate_hours = 1
    rule.save()

    with pytest.raises(DomainError) as refused:
        make_ticket(by=people["agent"], received_at=NOW - timedelta(hours=3))

    assert refused.value.field == "received_at"


def test_a_back_dated_ticket_takes_its_number_from_its_registration(people):
    ticket = make_ticket(by=people["agent"], received_at=NOW - timedelta(days=6))
    assert ticket.number.startswith("2606-")

    # the system itself (imports, generated visits) has no limit, and still numbers by now
    late = ticket_create(
        by=None,
        customer=CustomerFactory(),
        fault_description="补录",
        severity=severity(),
        received_at=datetime(2022, 6, 1, 1, 0, tzinfo=UTC),
    )

    assert late.number.startswith("2606-")
    assert TicketEvent.objects.get(ticket=late, code="ticket.created").at == late.received_at


def test_the_future_is_refused_for_everyone(people):
    with pytest.raises(DomainError):
        make_ticket(by=people["manager"], received_at=timezone.now() + timedelta(hours=1))
