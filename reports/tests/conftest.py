"""Fixtures for the report tests: people in two organisations, frozen time, tickets moved
through the workflow with the real services (so clocks are the engine's own)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import Organisation
from accounts.tests.factories import UserFactory
from tickets.models import RegionClass
from tickets.services import perform_action, ticket_create
from tickets.signatures import sample_signature
from tickets.tests.factories import CustomerFactory, severity

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc,arg-type]


@pytest.fixture
def dealer_org(db):
    return Organisation.objects.create(
        code="D-T1", name="测试经销商", name_en="Test dealer", kind="dealer"
    )


@pytest.fixture
def other_dealer(db):
    return Organisation.objects.create(
        code="D-T2", name="另一经销商", name_en="Other dealer", kind="dealer"
    )


@pytest.fixture
def people(db, dealer_org, other_dealer):
    hq = Organisation.objects.get(code="HQ")
    return {
        "hq": hq,
        "agent": UserFactory(roles=["agent"], organisation=hq),
        "supervisor": UserFactory(roles=["supervisor"], organisation=hq),
        "technician": UserFactory(roles=["technician"], organisation=hq),
        "manager": UserFactory(roles=["manager"], organisation=hq),
        "dealer": UserFactory(roles=["dealer"], organisation=dealer_org),
        "dealer_tech": _certified(dealer_org),
        "other": UserFactory(roles=["dealer"], organisation=other_dealer),
        "other_tech": _certified(other_dealer),
    }


def _certified(org):
    from dealers.tests.factories import CertificateFactory

    tech = UserFactory(roles=["dealer", "technician"], organisation=org)
    CertificateFactory(technician=tech)
    return tech


@pytest.fixture
def clock():
    """Frozen on Monday 2025-03-03 09:00 Shanghai; ``clock.move_to`` moves it."""
    with time_machine.travel(local(2025, 3, 3, 9, 0), tick=False) as traveller:
        yield traveller


def new_ticket(people, *, sev="minor", region="urban", kind="repair", channel="phone", **extra):
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


def act(people, ticket, who, action, **data):
    return perform_action(ticket=ticket, by=people[who], action=action, data=data)


def walk(people, ticket, clock, org, tech, *, to="resolve", minutes=30):
    """Forward → arrange → check → check in → resolve, ``minutes`` apart."""
    from datetime import timedelta

    steps = [
        ("agent", "forward", {"assigned_organisation": org.pk}),
        ("dispatcher", "arrange", {"technician": tech.pk, "customer_told": True}),
        ("supervisor", "check", {}),
        ("tech", "check_in", {}),
        ("tech", "resolve", {"signed_by_name": "王先生", "signature": sample_signature()}),
    ]
    dispatcher = people["supervisor"]
    if org.code != "HQ":
        dispatcher = next(
            u for k in ("dealer", "other") if (u := people[k]).organisation_id == org.pk
        )
    for who, action, data in steps:
        clock.shift(timedelta(minutes=minutes))
        actor = {"dispatcher": dispatcher, "tech": tech}.get(who, people.get(who))
        perform_action(ticket=ticket, by=actor, action=action, data=data)
        if action == to:
            break
    return ticket
