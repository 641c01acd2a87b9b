"""The claim lifecycle through the services: amounts, rules, roles and states."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aftersales.errors import ConflictError, DomainError, PermissionDeniedError
from dealers.models import ClaimEvent, ClaimLine, ReceivableLedgerEntry
from dealers.services.claims import claim_create, claim_transition
from dealers.tests.factories import (
    claim_through,
    claimable_unit,
    file_record,
    new_claim,
    visited_ticket,
)

pytestmark = pytest.mark.django_db


def test_claim_lines_price_labour_at_the_agreed_rate_parts_and_travel(side_a, staff):
    # given a record of 2.5 h, 12 km and two parts, at 40.00/h and 1.50/km
    claim = new_claim(side_a, staff)

    lines = {(line.kind, line.description[:5]): line.amount for line in claim.lines.all()}

    # then labour 100.00, parts 480.00 + 45.00, travel 18.00
    assert sorted(lines.values()) == [
        Decimal("18.00"),
        Decimal("45.00"),
        Decimal("100.00"),
        Decimal("480.00"),
    ]
    assert claim.claimed_total == Decimal("643.00")
    assert all(isinstance(v, Decimal) for v in lines.values())


def test_full_journey_writes_an_event_per_step_and_a_settlement_entry(side_a, staff):
    claim = new_claim(side_a, staff)

    claim = claim_through(claim, staff, side_a, to="settled")

    assert claim.status == "settled"
    assert claim.outcome == "full"
    assert claim.approved_total == claim.claimed_total
    codes = list(ClaimEvent.objects.filter(claim=claim).values_list("code", flat=True))
    assert codes == [
        "claim.created",
        "claim.submit",
        "claim.ship_parts",
        "claim.receive_parts",
        "claim.appraise",
        "claim.approve",
        "claim.settle",
    ]
    assert all(e.actor_id for e in ClaimEvent.objects.filter(claim=claim))
    entry = ReceivableLedgerEntry.objects.get(claim=claim)
    assert (entry.kind, entry.amount) == ("settlement", claim.approved_total)


def test_partial_approval_adds_up_the_approved_line_amounts(side_a, staff):
    claim = new_claim(side_a, staff)
    claim_through(claim, staff, side_a, to="appraised")
    labour = claim.lines.get(kind="labour")
    compressor = claim.lines.get(kind="part", tag_number="TAG-1")

    # when finance approves 62.50 of labour and 400.10 of the compressor
    claim_transition(
        claim=claim,
        by=staff["finance"],
        action="approve",
        data={
            "lines": [
                {"line": labour.pk, "approved_amount": "62.50"},
                {"line": compressor.pk, "approved_amount": "400.10"},
            ]
        },
    )

    claim.refresh_from_db()
    assert claim.outcome == "partial"
    # 62.50 + 400.10 + 45.00 + 18.00
    assert claim.approved_total == Decimal("525.60")
    assert sum(line.approved_amount for line in claim.lines.all()) == Decimal("525.60")


@pytest.mark.parametrize("amount", ["-1", "100.01", "abc", "1.005", "NaN", None])
def test_an_approved_amount_outside_zero_and_the_claim_is_refused(side_a, staff, amount):
    claim = new_claim(side_a, staff)
    claim_through(claim, staff, side_a, to="appraised")
    labour = claim.lines.get(kind="labour")

    with pytest.raises(DomainError) as caught:
        claim_transition(
            claim=claim,
            by=staff["finance"],
            action="approve",
            data={"lines": [{"line": labour.pk, "approved_amount": amount}]},
        )

    assert "lines[0].approved_amount" in caught.value.as_dict()
    claim.refresh_from_db()
    assert claim.status == "appraised"


def test_an_illegal_transition_is_a_conflict_and_a_wrong_role_is_forbidden(side_a, staff):
    claim = new_claim(side_a, staff)

    with pytest.raises(ConflictError):
        claim_transition(claim=claim, by=staff["finance"], action="settle")
    with pytest.raises(PermissionDeniedError):
        claim_transition(claim=claim, by=staff["appraiser"], action="submit")
    with pytest.raises(DomainError):
        claim_transition(claim=claim, by=side_a["dealer"], action="fly")


def test_another_dealer_may_not_submit_the_claim(side_a, side_b, staff):
    claim = new_claim(side_a, staff)

    with pytest.raises(PermissionDeniedError):
        claim_transition(claim=claim, by=side_b["dealer"], action="submit")


def test_a_unit_without_an_on_time_card_is_not_claimable(side_a, staff):
    # given a unit whose card came 30 days after the sale (deadline 20)
    unit = claimable_unit(side_a["org"], card_after_days=30)
    record = file_record(side_a, visited_ticket(side_a, staff, unit=unit))

    with pytest.raises(DomainError) as caught:
        claim_create(by=side_a["dealer"], records=[record])

    assert caught.value.code == "not_claimable"
    assert "records" in caught.value.as_dict()


def test_a_unit_whose_card_another_dealer_filed_is_not_claimable(side_a, side_b, staff):
    unit = claimable_unit(side_b["org"])
    record = file_record(side_a, visited_ticket(side_a, staff, unit=unit))

    with pytest.raises(DomainError):
        claim_create(by=side_a["dealer"], records=[record])


def test_a_claim_for_an_excluded_cause_is_rejected_on_submission(side_a, staff):
    claim = new_claim(side_a, staff)
    ticket = claim.records.get().ticket
    ticket.entitlement = {**ticket.entitlement, "exclusion": "misuse"}
    ticket.save(update_fields=["entitlement"])

    claim_transition(claim=claim, by=side_a["dealer"], action="submit")

    claim.refresh_from_db()
    assert claim.status == "rejected"
    assert claim.rejection_reason.code == "excluded_cause"
    assert claim.approved_total == Decimal("0.00")
    assert claim.events.last().code == "claim.auto_rejected"


def test_finance_rejects_with_a_reason_code(side_a, staff):
    claim = new_claim(side_a, staff)
    claim_through(claim, staff, side_a, to="appraised")

    with pytest.raises(DomainError):
        claim_transition(claim=claim, by=staff["finance"], action="reject", data={"reason": "nope"})
    claim_transition(
        claim=claim,
        by=staff["finance"],
        action="reject",
        data={"reason": "parts_not_returned", "note": "旧件不符"},
    )

    claim.refresh_from_db()
    assert (claim.status, claim.outcome, claim.rejection_reason.code) == (
        "rejected",
        "rejected",
        "parts_not_returned",
    )


def test_a_case_appraised_as_not_genuine_cannot_be_approved(side_a, staff):
    claim = new_claim(side_a, staff)
    claim_through(claim, staff, side_a, to="parts_received")
    claim_transition(
        claim=claim,
        by=staff["appraiser"],
        action="appraise",
        data={
            "genuine": False,
            "reason": "人为损坏",
            "parts": [
                {"line": line.pk, "verdict": "usable"} for line in claim.lines.filter(kind="part")
            ],
        },
    )

    with pytest.raises(DomainError) as caught:
        claim_transition(claim=claim, by=staff["finance"], action="approve")

    assert caught.value.code == "not_genuine"


def test_appraisal_needs_a_verdict_for_every_part(side_a, staff):
    claim = new_claim(side_a, staff)
    claim_through(claim, staff, side_a, to="parts_received")

    with pytest.raises(DomainError):
        claim_transition(
            claim=claim,
            by=staff["appraiser"],
            action="appraise",
            data={"genuine": True, "parts": []},
        )


def test_a_record_is_claimed_once(side_a, staff):
    claim = new_claim(side_a, staff)

    with pytest.raises(ConflictError):
        claim_create(by=side_a["dealer"], records=list(claim.records.all()))


def test_shipping_unknown_tags_is_refused(side_a, staff):
    claim = new_claim(side_a, staff)
    claim_transition(claim=claim, by=side_a["dealer"], action="submit")

    with pytest.raises(DomainError):
        claim_transition(
            claim=claim,
            by=side_a["dealer"],
            action="ship_parts",
            data={"tracking_number": "SF1", "tags": ["TAG-X"]},
        )
    with pytest.raises(ConflictError):
        claim_transition(claim=claim, by=staff["appraiser"], action="receive_parts")


def test_cancelling_a_draft_releases_its_records(side_a, staff):
    claim = new_claim(side_a, staff)

    claim_transition(claim=claim, by=side_a["dealer"], action="cancel")

    assert claim.status == "cancelled"
    assert not claim.records.exists()
    assert ClaimLine.objects.filter(claim=claim).count() == 4


def test_each_step_tells_the_next_role_in_their_inbox(side_a, staff):
    from notifications.messages import render
    from notifications.models import Notification

    claim = new_claim(side_a, staff)

    claim_through(claim, staff, side_a, to="settled")

    inbox = {
        (n.recipient.username, n.code) for n in Notification.objects.select_related("recipient")
    }
    assert (staff["appraiser"].username, "dealers.claim_submitted") in inbox
    assert (staff["finance"].username, "dealers.claim_appraised") in inbox
    assert (side_a["dealer"].username, "dealers.claim_settled") in inbox
    settled = Notification.objects.filter(code="dealers.claim_settled").first()
    assert claim.number in render(settled.code, settled.payload)
