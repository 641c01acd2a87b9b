"""A dealer's own newly registered ticket is the dealer's to arrange: it is offered on the
portal and on the ticket page, without head office forwarding it first."""

from __future__ import annotations

import pytest

from accounts.tests.factories import OrganisationFactory
from aftersales.errors import DomainError
from tickets.actions import perform_action
from tickets.tests.factories import make_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_ticket(side_a):
    ticket = make_ticket(by=side_a["dealer"])
    assert (ticket.status, ticket.assigned_organisation) == ("registered", side_a["org"])
    return ticket


def test_the_portal_offers_to_accept_and_arrange_the_dealers_own_new_ticket(
    client, side_a, own_ticket
):
    client.force_login(side_a["dealer"])

    page = client.get("/dealers/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert f'<div class="dispatch-row" data-number="{own_ticket.number}">' in page
    assert "registered by your outlet" in page
    assert f'action="/dealers/tickets/{own_ticket.number}/arrange/"' in page


def test_accepting_it_forwards_to_the_own_outlet_and_arranges(client, side_a, own_ticket):
    client.force_login(side_a["dealer"])

    response = client.post(
        f"/dealers/tickets/{own_ticket.number}/arrange/",
        {"technician": side_a["tech"].pk},
        follow=True,
    )

    own_ticket.refresh_from_db()
    assert (own_ticket.status, own_ticket.technician) == ("arranged", side_a["tech"])
    codes = list(own_ticket.events.values_list("code", flat=True).order_by("at", "id"))
    assert codes[-2:] == ["ticket.forward", "ticket.arrange"]
    assert f"Ticket {own_ticket.number} arranged" in response.content.decode()


def test_a_refused_arrangement_stays_on_the_portal_with_the_error(client, side_a, own_ticket):
    client.force_login(side_a["dealer"])

    response = client.post(f"/dealers/tickets/{own_ticket.number}/arrange/", {"technician": ""})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Dealer portal" in page
    assert "This field is required." in page
    own_ticket.refresh_from_db()
    assert own_ticket.status == "registered"


def test_the_ticket_page_offers_forward_to_the_own_outlet_only(client, side_a, own_ticket):
    OrganisationFactory(code="D-OTHER", name="别的经销商")
    client.force_login(side_a["dealer"])

    page = client.get(f"/tickets/{own_ticket.number}/").content.decode()

    assert 'data-action="forward"' in page
    assert f'<option value="{side_a["org"].pk}" selected>' in page
    assert "别的经销商" not in page


def test_a_dealer_may_not_pass_its_ticket_to_another_organisation(side_a, own_ticket):
    other = OrganisationFactory(code="D-OTHER2", name="别的经销商")

    with pytest.raises(DomainError) as caught:
        perform_action(
            ticket=own_ticket,
            by=side_a["dealer"],
            action="forward",
            data={"assigned_organisation": other.pk},
        )

    assert "assigned_organisation" in caught.value.as_dict()
    own_ticket.refresh_from_db()
    assert own_ticket.status == "registered"
