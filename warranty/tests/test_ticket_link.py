"""Intake links the ticket to the registered unit and stores the decision; revisions are events."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from accounts.tests.factories import UserFactory
from aftersales.errors import DomainError, PermissionDeniedError
from tickets.services import ticket_create
from tickets.tests.factories import CustomerFactory, severity
from warranty.services.revisions import REVISED, ticket_revise_entitlement
from warranty.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_warranty_ticket(agent, time_machine):
    time_machine.move_to(datetime(2025, 6, 1, 2, 0, tzinfo=UTC))
    unit = UnitFactory(serial="SN-LINK-1", sale_date=date(2025, 1, 1))
    ticket = ticket_create(
        by=agent,
        customer=unit.customer,
        fault_description="不制冷",
        severity=severity(),
        serial_number=" SN-LINK-1 ",
    )
    return unit, ticket


def test_ticket_with_a_registered_serial_is_linked_and_keeps_its_decision(in_warranty_ticket):
    unit, ticket = in_warranty_ticket

    assert ticket.unit == unit
    assert ticket.service_type == "C"
    assert ticket.entitlement["service_type"] == "C"
    assert ticket.entitlement["quality_end"] == "2025-12-31"
    assert ticket.entitlement["serial"] == "SN-LINK-1"
    assert ticket.product_model == unit.product_model.code


def test_unknown_serial_leaves_the_ticket_unlinked(agent):
    ticket = ticket_create(
        by=agent,
        customer=CustomerFactory(),
        fault_description="x",
        severity=severity(),
        serial_number="NOT-REGISTERED",
    )

    assert ticket.unit is None
    assert ticket.entitlement == {}
    assert ticket.service_type == "A"


def test_an_entitlement_passed_in_is_kept_but_the_unit_is_linked(agent):
    unit = UnitFactory(sale_date=date(2025, 1, 1))

    ticket = ticket_create(
        by=agent,
        customer=unit.customer,
        fault_description="保养",
        severity=severity(),
        serial_number=unit.serial,
        service_type="B",
        entitlement={"service_type": "B", "contract": "MC-1"},
    )

    assert ticket.unit == unit
    assert ticket.entitlement == {"service_type": "B", "contract": "MC-1"}


def test_technician_picks_an_exclusion_and_the_revision_is_an_event(in_warranty_ticket):
    _unit, ticket = in_warranty_ticket
    technician = UserFactory(roles=["technician"])
    ticket.technician = technician
    ticket.save()

    event = ticket_revise_entitlement(ticket=ticket, by=technician, exclusion="misuse")

    ticket.refresh_from_db()
    assert ticket.service_type == "A"
    assert ticket.entitlement["exclusion"] == "misuse"
    assert event.code == REVISED == "warranty.revised"
    assert event.payload["old_service_type"] == "C"
    assert event.payload["new_service_type"] == "A"
    assert event.payload["exclusion"] == "misuse"
    assert list(ticket.events.values_list("code", flat=True)) == [
        "ticket.created",
        "warranty.revised",
    ]


def test_revision_with_an_exclusion_the_policy_does_not_know_changes_nothing(in_warranty_ticket):
    _unit, ticket = in_warranty_ticket
    appraiser = UserFactory(roles=["appraiser"])

    with pytest.raises(DomainError) as error:
        ticket_revise_entitlement(ticket=ticket, by=appraiser, exclusion="acts_of_cats")

    assert error.value.field == "exclusion"
    ticket.refresh_from_db()
    assert ticket.service_type == "C"
    assert ticket.events.count() == 1


def test_agent_may_not_revise_the_decision(in_warranty_ticket, agent):
    _unit, ticket = in_warranty_ticket

    with pytest.raises(PermissionDeniedError):
        ticket_revise_entitlement(ticket=ticket, by=agent, exclusion="misuse")


def test_revise_api_returns_the_new_decision(in_warranty_ticket, api):
    _unit, ticket = in_warranty_ticket
    supervisor = UserFactory(roles=["supervisor"])

    response = api(supervisor).post(
        f"/api/v1/warranty/tickets/{ticket.number}/revise/",
        {"exclusion": "force_majeure"},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["service_type"] == "A"
    bad = api(supervisor).post(
        f"/api/v1/warranty/tickets/{ticket.number}/revise/", {"exclusion": "nope"}, format="json"
    )
    assert bad.status_code == 400
    assert "exclusion" in bad.json()
