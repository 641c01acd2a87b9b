"""Fixtures for the parts store: people, a warehouse and a dealer's outlet store, parts, and
tickets walked to the point where parts are needed."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import Organisation
from accounts.tests.factories import OrganisationFactory, UserFactory
from parts.models import Part, Store
from tickets.actions import perform_action
from tickets.tests.factories import make_ticket

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc,arg-type]


@pytest.fixture
def clock():
    with time_machine.travel(local(2025, 3, 3, 9, 0), tick=False) as traveller:
        yield traveller


@pytest.fixture
def people(db):
    hq = Organisation.objects.get(code="HQ")
    dealer = OrganisationFactory(code="D-T1", name="测试经销商")
    other = OrganisationFactory(code="D-T2", name="另一经销商")
    return {
        "hq": hq,
        "dealer_org": dealer,
        "other_org": other,
        "agent": UserFactory(roles=["agent"]),
        "supervisor": UserFactory(roles=["supervisor"]),
        "technician": UserFactory(roles=["technician"]),
        "technician2": UserFactory(roles=["technician"]),
        "storekeeper": UserFactory(roles=["storekeeper"], email="store@example.com"),
        "manager": UserFactory(roles=["manager"]),
        "dealer": UserFactory(roles=["dealer"], organisation=dealer),
        "other_dealer": UserFactory(roles=["dealer"], organisation=other),
    }


@pytest.fixture
def stores(people):
    return {
        "warehouse": Store.objects.create(
            code="WH",
            name_zh="总部仓库",
            name_en="Head-office warehouse",
            kind="warehouse",
            organisation=people["hq"],
        ),
        "outlet": Store.objects.create(
            code="OUT1",
            name_zh="经销商库",
            name_en="Dealer store",
            kind="outlet",
            organisation=people["dealer_org"],
        ),
        "other": Store.objects.create(
            code="OUT2",
            name_zh="另一库",
            name_en="Other store",
            kind="outlet",
            organisation=people["other_org"],
        ),
    }


@pytest.fixture
def part(db):
    return Part.objects.create(
        part_number="CMP-01",
        name_zh="压缩机",
        name_en="Compressor",
        unit_cost=Decimal("320.00"),
        price=Decimal("450.00"),
    )


def ticket_in_workshop(people, *, service_type="B", technician="technician"):
    """A ticket at head office, arranged, checked in and carried into the workshop."""
    ticket = make_ticket(
        by=people["agent"],
        service_type=service_type,
        # the decision said so (setting it against the decision is a supervisor's right)
        entitlement={"service_type": service_type},
    )
    act = lambda who, action, **data: perform_action(  # noqa: E731
        ticket=ticket, by=people[who], action=action, data=data
    )
    act("agent", "forward", assigned_organisation=people["hq"].pk)
    act("supervisor", "arrange", technician=people[technician].pk, customer_told=True)
    act(technician, "check_in")
    act(technician, "carry_in", workshop_receipt_no="R-1")
    ticket.refresh_from_db()
    return ticket
