"""A dealer cannot read, list or act on another organisation's ticket over the API: 404."""

from __future__ import annotations

import pytest

from tickets.actions import perform_action
from tickets.tests.factories import make_ticket
from tickets.tests.helpers import api_client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_ticket(people, dealer_a):
    ticket = make_ticket(by=people["agent"], assigned_organisation=dealer_a)
    perform_action(
        ticket=ticket,
        by=people["agent"],
        action="forward",
        data={"assigned_organisation": dealer_a.pk},
    )
    return ticket


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("get", "", None),
        ("patch", "", {"fault_description": "x"}),
        ("get", "events/", None),
        ("get", "transitions/", None),
        ("post", "transitions/", {"action": "add_note", "note": "x"}),
    ],
)
def test_other_dealers_ticket_is_not_found(other_ticket, dealer_b_user, method, suffix, body):
    client = api_client_for(dealer_b_user)

    response = getattr(client, method)(
        f"/api/v1/tickets/{other_ticket.number}/{suffix}", body, format="json"
    )

    assert response.status_code == 404
    assert other_ticket.events.count() == 2


def test_unknown_number_is_the_same_404(dealer_b_user):
    response = api_client_for(dealer_b_user).get("/api/v1/tickets/2611-999999/")

    assert response.status_code == 404


def test_list_shows_only_the_dealers_own_tickets(other_ticket, people, dealer_b, dealer_b_user):
    own = make_ticket(by=people["agent"], assigned_organisation=dealer_b)

    numbers = [
        t["number"] for t in api_client_for(dealer_b_user).get("/api/v1/tickets/").json()["results"]
    ]

    assert numbers == [own.number]


def test_own_dealer_can_act(other_ticket, dealer_a_user):
    response = api_client_for(dealer_a_user).post(
        f"/api/v1/tickets/{other_ticket.number}/transitions/",
        {"action": "add_note", "note": "已联系"},
        format="json",
    )

    assert response.status_code == 201


def test_dealer_cannot_see_other_customers(other_ticket, dealer_b_user):
    response = api_client_for(dealer_b_user).get("/api/v1/customers/")

    assert response.json()["results"] == []


def test_dealer_cannot_use_another_dealers_customer_by_id(other_ticket, dealer_b_user):
    response = api_client_for(dealer_b_user).post(
        "/api/v1/tickets/",
        {
            "customer": other_ticket.customer_id,
            "fault_description": "x",
            "severity": "minor",
        },
        format="json",
    )

    assert response.status_code == 400
    assert "customer" in response.json()


def test_anonymous_is_refused(other_ticket, client):
    assert client.get("/api/v1/tickets/").status_code in {401, 403}
