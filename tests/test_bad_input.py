"""Bad input a client can send is a 400 with a field message, never a 500, and writes
nothing (issue 11, "Bad input never makes a 500")."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from accounts.tokens import issue_token
from tickets.models import Customer, Ticket

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    _auth_token, token = issue_token(user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture
def agent(db):
    return UserFactory(username="bad_agent", roles=["agent"])


@pytest.mark.parametrize("reference", ["²", "١٢", "12a", "-3", "0", " 7"])
def test_a_customer_reference_that_is_not_an_id_is_a_field_error(agent, reference):
    response = client_for(agent).post(
        "/api/v1/tickets/",
        {"customer": reference, "fault_description": "不制冷", "severity": "3"},
        format="json",
    )

    assert response.status_code == 400
    assert "customer" in response.json()
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    "fault_at", ["2025-02-30", "2025-13-01T10:00", "2025-02-29T25:61", "0001-01-01", "99999-01-01"]
)
def test_an_impossible_fault_date_on_the_warranty_check_is_a_field_error(agent, fault_at):
    response = client_for(agent).get(
        "/api/v1/warranty/check/", {"serial": "SN-1", "fault_at": fault_at}
    )

    assert response.status_code == 400
    assert "fault_at" in response.json()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/customers/?q=a%00b",
        "/api/v1/customers/?phone=%00",
        "/api/v1/claims/?status=sub%00mitted",
        "/api/v1/warranty/units/?q=%00",
        "/api/v1/warranty/check/?serial=SN%001",
        "/api/v1/tickets/?q=%00",
        "/api/v1/warranty/units/SN%001/",
        "/api/v1/customers/?%00=1",
    ],
)
def test_a_nul_character_in_the_address_is_a_400(agent, url):
    response = client_for(agent).get(url)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")


def test_a_nul_character_in_a_page_address_is_a_400(client, agent):
    client.force_login(agent)

    response = client.get("/tickets/?q=%00")

    assert response.status_code == 400


def test_the_customer_list_is_untouched_by_a_refused_reference(agent):
    client_for(agent).post("/api/v1/tickets/", {"customer": "²"}, format="json")

    assert not Customer.objects.exists()
