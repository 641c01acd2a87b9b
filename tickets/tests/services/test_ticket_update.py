"""Descriptive fields can be corrected; the change is on the record; status cannot be."""

from __future__ import annotations

import pytest

from aftersales.errors import ConflictError, DomainError, PermissionDeniedError
from tickets.services import ticket_update
from tickets.tests.factories import make_ticket
from tickets.tests.helpers import walk

pytestmark = pytest.mark.django_db


def test_correction_is_recorded_with_old_and_new_values(people):
    ticket = make_ticket(by=people["agent"], serial_number="SN1")

    ticket_update(ticket=ticket, by=people["agent"], serial_number="SN2", product_model="KFR-35GW")

    event = ticket.events.get(code="ticket.updated")
    assert event.payload["changes"]["serial_number"] == ["SN1", "SN2"]
    ticket.refresh_from_db()
    assert ticket.serial_number == "SN2"


def test_status_is_not_a_descriptive_field(people):
    ticket = make_ticket(by=people["agent"])

    with pytest.raises(DomainError):
        ticket_update(ticket=ticket, by=people["agent"], status="closed")


def test_closed_ticket_cannot_be_corrected(people):
    ticket = walk(make_ticket(by=people["agent"]), people, to="closed")

    with pytest.raises(ConflictError):
        ticket_update(ticket=ticket, by=people["agent"], fault_description="x")


def test_other_dealer_may_not_correct(people, dealer_a, dealer_b_user):
    ticket = make_ticket(by=people["agent"], assigned_organisation=dealer_a)

    with pytest.raises(PermissionDeniedError):
        ticket_update(ticket=ticket, by=dealer_b_user, fault_description="x")
