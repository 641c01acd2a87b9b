"""Who receives a new request that nobody assigned."""

from __future__ import annotations

import pytest

from accounts.models import Organisation
from accounts.tests.factories import OrganisationFactory, UserFactory
from tickets.services import ticket_create
from tickets.tests.factories import CustomerFactory, make_ticket, severity

pytestmark = pytest.mark.django_db


def test_an_agent_registers_for_their_own_service_department():
    north = OrganisationFactory(
        code="SC-N", name="北方服务部", kind=Organisation.Kind.SERVICE_CENTRE
    )
    agent = UserFactory(organisation=north, roles=["agent"])

    ticket = make_ticket(by=agent)

    assert ticket.assigned_organisation == north
    assert ticket.events.get().payload["assigned_organisation"] == north.pk


def test_a_dealer_registers_for_its_own_outlet():
    dealer = OrganisationFactory(code="D-X", kind=Organisation.Kind.DEALER)

    ticket = make_ticket(by=UserFactory(organisation=dealer, roles=["dealer"]))

    assert ticket.assigned_organisation == dealer


def test_requests_from_customers_and_the_system_go_to_the_first_service_department():
    OrganisationFactory(code="SC-N", kind=Organisation.Kind.SERVICE_CENTRE)
    first = (
        Organisation.objects.filter(kind=Organisation.Kind.SERVICE_CENTRE).order_by("pk").first()
    )
    account = OrganisationFactory(code="C-1", kind=Organisation.Kind.CUSTOMER)

    by_customer = make_ticket(by=UserFactory(organisation=account, roles=["customer"]))
    by_system = ticket_create(
        by=None, customer=CustomerFactory(), fault_description="不制冷", severity=severity()
    )

    assert by_customer.assigned_organisation == first
    assert by_system.assigned_organisation == first
