"""Fixtures for the SLA engine tests: people, frozen time, tickets moved through the workflow."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.tests.factories import UserFactory
from sla.policies import clear_caches
from tickets.services import perform_action, ticket_create
from tickets.tests.factories import CustomerFactory, severity

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc,arg-type]


@pytest.fixture(autouse=True)
def _fresh_sla_caches():
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def people(db):
    return {
        "agent": UserFactory(roles=["agent"], email="agent@example.com"),
        "supervisor": UserFactory(roles=["supervisor"], email="sup@example.com"),
        "technician": UserFactory(roles=["technician"]),
        "manager": UserFactory(roles=["manager"], email="boss@example.com"),
    }


@pytest.fixture
def clock():
    """Frozen time on a Monday morning in Shanghai (2025-03-03 09:00); ``clock.move_to``
    moves it."""
    with time_machine.travel(local(2025, 3, 3, 9, 0), tick=False) as traveller:
        yield traveller


def new_ticket(people, *, sev="minor", region="urban", kind="repair", channel="web", **extra):
    from tickets.models import RegionClass

    return ticket_create(
        by=people["agent"],
        customer=CustomerFactory(),
        fault_description="空调不制冷",
        severity=severity(sev),
        region_class=RegionClass.objects.get(code=region),
        kind=kind,
        channel=channel,
        **extra,
    )


def forward(people, ticket):
    return perform_action(
        ticket=ticket,
        by=people["agent"],
        action="forward",
        data={"assigned_organisation": ticket.assigned_organisation_id},
    )


def act(people, ticket, who, action, **data):
    return perform_action(ticket=ticket, by=people[who], action=action, data=data)
