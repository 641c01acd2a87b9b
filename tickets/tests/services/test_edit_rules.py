"""Issue 11 item 1: who may correct which fields of a ticket, in which status, is one rule
(``TicketEditRule`` data, checked in ``ticket_update``) for the API and every other caller."""

from __future__ import annotations

import pytest

from accounts.tests.factories import OrganisationFactory, UserFactory
from aftersales.errors import PermissionDeniedError
from tickets.access import editable_fields
from tickets.models import Customer, Ticket, TicketEditRule
from tickets.services import ticket_update
from tickets.tests.factories import make_ticket
from tickets.tests.helpers import api_client_for, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_technician(db):
    return UserFactory(username="t_other_tech", roles=["technician"])


def _patch(user, ticket, **fields):  # type: ignore[no-untyped-def]
    return api_client_for(user).patch(f"/api/v1/tickets/{ticket.number}/", fields, format="json")


def test_a_technician_may_not_edit_a_job_assigned_to_another(people, other_technician):
    # given a job arranged for t_technician
    ticket = walk(make_ticket(by=people["agent"]), people, to="on_site")

    response = _patch(other_technician, ticket, contact_name="冒名", site_address="别处")

    assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.contact_name == ""
    assert not ticket.events.filter(code="ticket.updated").exists()


def test_a_technician_may_not_edit_another_dealers_ticket(people, dealer_b):
    ticket = make_ticket(by=people["agent"], assigned_organisation=dealer_b)

    response = _patch(people["technician"], ticket, contact_name="冒名")

    assert response.status_code in {403, 404}
    assert Ticket.objects.get(pk=ticket.pk).contact_name == ""


def test_a_technician_corrects_their_own_job_on_site(people):
    ticket = walk(make_ticket(by=people["agent"]), people, to="on_site")

    response = _patch(people["technician"], ticket, serial_number="SN-REAL", contact_name="李四")

    assert response.status_code == 200
    assert response.json()["serial_number"] == "SN-REAL"


def test_a_technician_may_not_edit_before_being_arranged(people):
    ticket = make_ticket(by=people["agent"])

    with pytest.raises(PermissionDeniedError):
        ticket_update(ticket=ticket, by=people["technician"], contact_name="李四")


def test_a_dealer_edits_only_its_own_tickets(people, dealer_a, dealer_a_user, dealer_b_user):
    ticket = make_ticket(by=people["agent"], assigned_organisation=dealer_a)

    theirs = _patch(dealer_b_user, ticket, contact_name="冒名")
    ours = _patch(dealer_a_user, ticket, contact_name="李四")

    assert theirs.status_code == 404
    assert ours.status_code == 200


def test_a_customer_corrects_how_to_reach_them_but_not_the_fault(people):
    account = OrganisationFactory(code="C-1", kind="customer")
    customer_user = UserFactory(organisation=account, roles=["customer"])
    customer = Customer.objects.create(name="某公司", phone="021-5555", account=account)
    ticket = make_ticket(by=people["agent"], customer=customer)

    contact = _patch(customer_user, ticket, contact_phone="13900002222")
    fault = _patch(customer_user, ticket, fault_description="改成别的故障")

    assert contact.status_code == 200
    assert fault.status_code == 403
    assert "fault_description" in fault.json()
    assert editable_fields(ticket, customer_user) == {
        "contact_name",
        "contact_phone",
        "site_address",
    }


def test_the_rule_is_data_an_administrator_changes(people):
    ticket = make_ticket(by=people["agent"])
    TicketEditRule.objects.filter(role="agent").update(fields=["contact_name"])

    allowed = _patch(people["agent"], ticket, contact_name="李四")
    refused = _patch(people["agent"], ticket, site_address="别处")

    assert allowed.status_code == 200
    assert refused.status_code == 403
    assert "site_address" in refused.json()
