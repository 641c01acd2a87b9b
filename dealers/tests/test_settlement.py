"""Quarterly settlement: statement totals, receivable deductions and falsified cards."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import Sum

from aftersales.errors import ConflictError, PermissionDeniedError
from dealers.models import ReceivableLedgerEntry, SettlementStatement, WarrantyClaim
from dealers.services.claims import claim_transition
from dealers.services.settlement import falsified_card_record, statement_issue
from dealers.tests.factories import claim_through, new_claim

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)  # type: ignore[arg-type, misc]


def test_statement_totals_equal_the_sum_of_the_quarters_settled_claims(side_a, side_b, staff):
    # given three claims of dealer A settled in 2025Q2 (one in part), one of B, one A in Q3
    with time_machine.travel(at(2025, 4, 10, 10), tick=False):
        first = claim_through(new_claim(side_a, staff), staff, side_a, to="settled")
        second = new_claim(side_a, staff, hours="1.25", km="7.5")
        claim_through(second, staff, side_a, to="appraised")
        labour = second.lines.get(kind="labour")
        claim_transition(
            claim=second,
            by=staff["finance"],
            action="approve",
            data={"lines": [{"line": labour.pk, "approved_amount": "33.33"}]},
        )
        claim_transition(claim=second, by=staff["finance"], action="settle")
        claim_through(new_claim(side_b, staff), staff, side_b, to="settled")
    with time_machine.travel(at(2025, 6, 30, 23, 50), tick=False):
        third = claim_through(new_claim(side_a, staff, parts=[]), staff, side_a, to="settled")
    with time_machine.travel(at(2025, 7, 1, 0, 10), tick=False):
        claim_through(new_claim(side_a, staff), staff, side_a, to="settled")

        # when finance issues A's notice for 2025Q2
        statement = statement_issue(by=staff["finance"], dealer=side_a["org"], year=2025, quarter=2)

    # then it lists exactly A's Q2 claims and its total is their sum, split by kind
    settled = WarrantyClaim.objects.filter(pk__in=[first.pk, second.pk, third.pk])
    expected = settled.aggregate(t=Sum("approved_total"))["t"]
    assert set(statement.claims.values_list("pk", flat=True)) == {first.pk, second.pk, third.pk}
    assert statement.total == expected
    assert statement.labour_total + statement.parts_total + statement.travel_total == expected
    assert statement.claims_count == 3
    # and the ledger deducts exactly that from A's receivables
    deduction = ReceivableLedgerEntry.objects.get(statement=statement)
    assert (deduction.kind, deduction.amount) == ("deduction", -expected)
    settled_entries = ReceivableLedgerEntry.objects.filter(
        claim__in=settled, kind="settlement"
    ).aggregate(t=Sum("amount"))["t"]
    assert settled_entries + deduction.amount == Decimal("0.00")


def test_a_quarter_is_settled_once_and_only_after_it_ended(side_a, staff):
    with time_machine.travel(at(2025, 5, 10, 10), tick=False):
        claim_through(new_claim(side_a, staff), staff, side_a, to="settled")
        with pytest.raises(ConflictError) as open_quarter:
            statement_issue(by=staff["finance"], dealer=side_a["org"], year=2025, quarter=2)
        assert open_quarter.value.code == "quarter_open"
    with time_machine.travel(at(2025, 7, 2, 10), tick=False):
        with pytest.raises(PermissionDeniedError):
            statement_issue(by=side_a["dealer"], dealer=side_a["org"], year=2025, quarter=2)
        statement_issue(by=staff["finance"], dealer=side_a["org"], year=2025, quarter=2)
        with pytest.raises(ConflictError):
            statement_issue(by=staff["finance"], dealer=side_a["org"], year=2025, quarter=2)
    assert SettlementStatement.objects.count() == 1


def test_a_falsified_card_cancels_the_quarters_repair_fees(side_a, side_b, staff):
    with time_machine.travel(at(2025, 8, 5, 10), tick=False):
        # given a claim of A already settled this quarter and one still under review
        before = claim_through(new_claim(side_a, staff), staff, side_a, to="settled")
        after = claim_through(new_claim(side_a, staff), staff, side_a, to="reviewed")
        other = claim_through(new_claim(side_b, staff), staff, side_b, to="settled")
        labour_before = before.lines.get(kind="labour").approved_amount
        card = before.records.get().ticket.unit.card

        # when finance records that one of A's cards was falsified
        falsified_card_record(by=staff["finance"], card=card, note="伪造购机日期")
        claim_transition(claim=after, by=staff["finance"], action="settle")

    before.refresh_from_db()
    after.refresh_from_db()
    other.refresh_from_db()
    # then A's labour of the quarter is 0, parts and travel stand; B is untouched
    for claim in (before, after):
        assert claim.fees_cancelled
        assert claim.lines.get(kind="labour").approved_amount == Decimal("0.00")
        assert claim.approved_total == claim.claimed_total - claim.lines.get(kind="labour").amount
    assert not other.fees_cancelled
    assert before.events.filter(code="claim.fees_cancelled").exists()
    assert after.events.get(code="claim.settle").payload["reason"] == "falsified_card"
    ledger = ReceivableLedgerEntry.objects.filter(claim=before).aggregate(t=Sum("amount"))["t"]
    assert ledger == before.approved_total == before.claimed_total - labour_before
    with time_machine.travel(at(2025, 10, 3, 10), tick=False):
        statement = statement_issue(by=staff["finance"], dealer=side_a["org"], year=2025, quarter=3)
    assert statement.labour_total == Decimal("0.00")
    assert statement.total == before.approved_total + after.approved_total


def test_a_falsified_card_in_another_quarter_does_not_touch_this_one(side_a, staff):
    with time_machine.travel(at(2025, 8, 5, 10), tick=False):
        claim = claim_through(new_claim(side_a, staff), staff, side_a, to="reviewed")
        card = claim.records.get().ticket.unit.card
        falsified_card_record(by=staff["finance"], card=card, year=2025, quarter=2)
        claim_transition(claim=claim, by=staff["finance"], action="settle")

    claim.refresh_from_db()
    assert not claim.fees_cancelled
    assert claim.approved_total == claim.claimed_total
