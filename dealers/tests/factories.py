"""Factories and builders for the dealer tests: people, certified technicians, units with
on-time cards, tickets walked to the visit, records and claims through the services."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.tests.factories import OrganisationFactory, UserFactory
from dealers.models import TechnicianCertificate
from dealers.services.claims import claim_create, claim_transition
from dealers.services.records import dealer_arrange, repair_record_file
from tickets.actions import perform_action
from tickets.tests.factories import make_ticket
from warranty.tests.factories import CardFactory, UnitFactory


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TechnicianCertificate

    dealer = factory.LazyAttribute(lambda o: o.technician.organisation)
    technician = factory.SubFactory(UserFactory, roles=["dealer", "technician"])
    number = factory.Sequence(lambda n: f"WXY-T-{n:05d}")
    valid_from = date(2020, 1, 1)
    valid_until = date(2035, 12, 31)


def dealer_people(code: str) -> dict:
    org = OrganisationFactory(code=code, name=f"经销商{code}")
    tech = UserFactory(
        username=f"{code.lower()}_tech", organisation=org, roles=["dealer", "technician"]
    )
    CertificateFactory(technician=tech)
    return {
        "org": org,
        "dealer": UserFactory(username=f"{code.lower()}_staff", organisation=org, roles=["dealer"]),
        "tech": tech,
    }


def claimable_unit(dealer, *, sold_days_ago: int = 100, card_after_days: int | None = 5):
    """A unit sold by ``dealer`` with its card filed ``card_after_days`` after the sale."""
    sale = timezone.localdate() - timedelta(days=sold_days_ago)
    unit = UnitFactory(selling_dealer=dealer, sale_date=sale)
    if card_after_days is not None:
        CardFactory(unit=unit, filed_on=sale + timedelta(days=card_after_days))
    return unit


def visited_ticket(side: dict, staff: dict, *, unit=None, at=None):
    """A ticket for ``unit`` forwarded to the dealer, arranged by it and checked in."""
    ticket = make_ticket(
        by=staff["agent"], serial_number=unit.serial if unit else "", received_at=at
    )
    perform_action(
        ticket=ticket,
        by=staff["agent"],
        action="forward",
        data={"assigned_organisation": side["org"].pk},
    )
    dealer_arrange(ticket=ticket, by=side["dealer"], technician=side["tech"])
    perform_action(ticket=ticket, by=side["tech"], action="check_in", data={})
    ticket.refresh_from_db()
    return ticket


PARTS = [
    {
        "part_number": "P-100",
        "name": "压缩机",
        "quantity": "1",
        "unit_price": "480.00",
        "old_part_retained": True,
        "tag_number": "TAG-1",
    },
    {
        "part_number": "P-200",
        "name": "启动电容",
        "quantity": "2",
        "unit_price": "22.50",
        "old_part_retained": True,
        "tag_number": "TAG-2",
    },
]


def file_record(
    side: dict,
    ticket,
    *,
    hours: str = "2.5",
    km: str = "12",
    parts=None,
    visit_date: date | None = None,
):
    return repair_record_file(
        by=side["dealer"],
        ticket=ticket,
        technician=side["tech"],
        work_done="更换压缩机",
        labour_hours=Decimal(hours),
        travel_km=Decimal(km),
        customer_signed_name="王秀英",
        parts=PARTS if parts is None else parts,
        visit_date=visit_date,
    )


def claim_through(claim, staff: dict, side: dict, *, to: str, lines=None):
    """Walk ``claim`` along the happy path through the service up to status ``to``."""
    steps = [
        ("submitted", side["dealer"], "submit", {}),
        (None, side["dealer"], "ship_parts", {"tracking_number": "SF1234567890"}),
        ("parts_received", staff["appraiser"], "receive_parts", {}),
        ("appraised", staff["appraiser"], "appraise", None),
        ("reviewed", staff["finance"], "approve", {"lines": lines or []}),
        ("settled", staff["finance"], "settle", {}),
    ]
    for status, by, action, data in steps:
        if data is None:
            data = {
                "genuine": True,
                "parts": [
                    {"line": line.pk, "verdict": "scrap", "reason": "烧毁"}
                    for line in claim.lines.filter(kind="part")
                ],
            }
        claim_transition(claim=claim, by=by, action=action, data=data)
        if status == to:
            break
    claim.refresh_from_db()
    return claim


def new_claim(side: dict, staff: dict, **record_kwargs):
    unit = claimable_unit(side["org"])
    ticket = visited_ticket(side, staff, unit=unit)
    record = file_record(side, ticket, **record_kwargs)
    return claim_create(by=side["dealer"], records=[record])
