"""Amounts that would overflow a money column are refused with a field message at the
repair record and at the claim, and write nothing (issue 11: never a 500)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aftersales.errors import DomainError
from dealers.models import ClaimLine, WarrantyClaim
from dealers.services.claims import claim_create
from dealers.tests.factories import claimable_unit, file_record, visited_ticket

pytestmark = pytest.mark.django_db


def test_parts_adding_up_past_the_money_column_are_refused_on_the_record(side_a, staff):
    ticket = visited_ticket(side_a, staff, unit=claimable_unit(side_a["org"]))
    huge = {
        "name": "整机",
        "quantity": "99999",
        "unit_price": "9999999",
        "old_part_retained": False,
    }

    with pytest.raises(DomainError) as refused:
        file_record(
            side_a,
            ticket,
            parts=[{**huge, "part_number": "P-1"}, {**huge, "part_number": "P-2"}],
        )

    assert "parts" in refused.value.as_dict()
    assert not ticket.repair_records.exists()


def test_records_adding_up_past_the_money_column_make_no_claim(side_a, staff):
    # given two records, each just inside what a money column holds
    huge = {
        "name": "整机",
        "quantity": "99999",
        "unit_price": "9999999",
        "old_part_retained": False,
    }
    records = []
    for n in range(2):
        ticket = visited_ticket(side_a, staff, unit=claimable_unit(side_a["org"]))
        records.append(file_record(side_a, ticket, parts=[{**huge, "part_number": f"P-{n}"}]))

    # when they are claimed together, then: a field error and nothing written
    with pytest.raises(DomainError) as refused:
        claim_create(by=side_a["dealer"], records=records)

    assert refused.value.code == "amount_too_large"
    assert not WarrantyClaim.objects.exists()
    assert not ClaimLine.objects.exists()
    assert Decimal(records[0].parts.get().amount) < Decimal("1e12")
