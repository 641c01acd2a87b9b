"""Shared people and helpers for the ticket tests."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.tests.factories import OrganisationFactory, UserFactory
from tickets.services import perform_action


@pytest.fixture
def people(db):
    return {
        "agent": UserFactory(username="t_agent", roles=["agent"]),
        "supervisor": UserFactory(username="t_supervisor", roles=["supervisor"]),
        "technician": UserFactory(username="t_technician", roles=["technician"]),
        "manager": UserFactory(username="t_manager", roles=["manager"]),
    }


@pytest.fixture
def dealer_a(db):
    return OrganisationFactory(code="D-A", name="甲经销商")


@pytest.fixture
def dealer_b(db):
    return OrganisationFactory(code="D-B", name="乙经销商")


@pytest.fixture
def dealer_a_user(dealer_a):
    return UserFactory(username="dealer_a", organisation=dealer_a, roles=["dealer"])


@pytest.fixture
def dealer_b_user(dealer_b):
    return UserFactory(username="dealer_b", organisation=dealer_b, roles=["dealer"])


def api_client_for(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def walk(ticket, people, *, to: str):  # type: ignore[no-untyped-def]
    """Move ``ticket`` along the main path up to status ``to`` through the service."""
    steps = [
        (
            "forwarded",
            "agent",
            "forward",
            {"assigned_organisation": ticket.assigned_organisation_id},
        ),
        (
            "arranged",
            "supervisor",
            "arrange",
            {"technician": people["technician"].pk, "customer_told": True},
        ),
        ("checked", "supervisor", "check", {}),
        ("on_site", "technician", "check_in", {}),
        ("resolved", "technician", "resolve", {"signed_by_name": "王秀英"}),
        (
            "visited",
            "agent",
            "return_visit",
            {"attitude": 4, "skill": 4, "arrival": 4, "promise": 4},
        ),
        ("closed", "agent", "close", {}),
    ]
    for status, role, action, data in steps:
        perform_action(ticket=ticket, by=people[role], action=action, data=data)
        if status == to:
            break
    ticket.refresh_from_db()
    return ticket
