"""Helpers the ticket tests call (fixtures live in ``conftest.py``)."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from accounts.models import User
from accounts.tokens import issue_token
from tickets.actions import perform_action
from tickets.models import Ticket
from tickets.signatures import sample_signature


def api_client_for(user: User) -> APIClient:
    client = APIClient()
    _auth_token, token = issue_token(user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def walk(ticket: Ticket, people: dict[str, Any], *, to: str) -> Ticket:
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
        (
            "resolved",
            "technician",
            "resolve",
            {"signed_by_name": "王秀英", "signature": sample_signature()},
        ),
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
