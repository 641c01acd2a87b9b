"""The monthly assessment on a crafted month, its idempotence and publication."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from dealers.models import AssessmentWeight, DealerAssessment, DealerEvent
from dealers.services.assessment import (
    assessments_compute,
    assessments_publish,
)
from dealers.services.claims import claim_transition
from dealers.services.profiles import dealer_grade_change
from dealers.tasks import compute_assessments, publish_assessments
from dealers.tests.factories import claim_through, claimable_unit, new_claim
from tickets.actions import perform_action
from tickets.signatures import sample_signature
from tickets.tests.factories import make_ticket

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def forward(ticket, staff, side, *, when: datetime):  # type: ignore[no-untyped-def]
    perform_action(
        ticket=ticket,
        by=staff["agent"],
        action="forward",
        data={"assigned_organisation": side["org"].pk},
        at=when,
    )


def test_assessment_of_a_crafted_month(side_a, staff):
    start = datetime(2025, 3, 3, 9, tzinfo=SH)
    with time_machine.travel(datetime(2025, 2, 26, 10, tzinfo=SH), tick=False):
        # two claims filed in February, reviewed in March
        approved = claim_through(new_claim(side_a, staff), staff, side_a, to="appraised")
        rejected = claim_through(new_claim(side_a, staff), staff, side_a, to="appraised")
    with time_machine.travel(start, tick=False):
        # cards: two units sold in February (due in March): one on time, one late
        claimable_unit(side_a["org"], sold_days_ago=20, card_after_days=5)
        claimable_unit(side_a["org"], sold_days_ago=15, card_after_days=25)
    with time_machine.travel(datetime(2025, 3, 31, 18, tzinfo=SH), tick=False):
        unit = claimable_unit(side_a["org"], sold_days_ago=200)
        # four forwarded tasks: arranged in 1 h, in 3 h, never (overdue), and a repeat repair
        tickets = [
            make_ticket(
                by=staff["agent"],
                serial_number=unit.serial,
                received_at=start + timedelta(days=i),
                registered_at=start + timedelta(days=i),  # the month's calls, registered then
            )
            for i in range(4)
        ]
        for i, ticket in enumerate(tickets):
            forward(ticket, staff, side_a, when=start + timedelta(days=i, minutes=5))
        arrange = {0: 60, 1: 180, 3: 30}
        for i, minutes in arrange.items():
            perform_action(
                ticket=tickets[i],
                by=side_a["dealer"],
                action="arrange",
                data={"technician": side_a["tech"].pk, "customer_told": True},
                at=start + timedelta(days=i, minutes=5 + minutes),
            )
        # two resolved (the second a repeat on the same unit), one of them visited
        for i in (0, 3):
            perform_action(
                ticket=tickets[i],
                by=side_a["tech"],
                action="check_in",
                data={},
                at=start + timedelta(days=i, hours=5),
            )
            perform_action(
                ticket=tickets[i],
                by=side_a["tech"],
                action="resolve",
                data={"signed_by_name": "王", "signature": sample_signature()},
                at=start + timedelta(days=i, hours=6),
            )
        perform_action(
            ticket=tickets[0],
            by=staff["agent"],
            action="return_visit",
            data={"attitude": 4, "skill": 4, "arrival": 4, "promise": 4},
            at=start + timedelta(days=1),
        )
        # claims reviewed in March: one approved, one rejected
        claim_transition(claim=approved, by=staff["finance"], action="approve")
        claim_transition(
            claim=rejected, by=staff["finance"], action="reject", data={"reason": "other"}
        )

    with time_machine.travel(datetime(2025, 4, 1, 2, tzinfo=SH), tick=False):
        # when beat runs on the 1st
        compute_assessments()

    row = DealerAssessment.objects.get(dealer=side_a["org"], month=date(2025, 3, 1))
    metrics = row.metrics
    assert metrics["sla_compliance"]["value"] == "0.5000"  # 2 of 4 (3 h late, never arranged)
    assert (metrics["sla_compliance"]["numerator"], metrics["sla_compliance"]["denominator"]) == (
        2,
        4,
    )
    assert metrics["return_visit_rate"]["value"] == "0.5000"
    assert metrics["return_visit_rate"]["target_met"] is False
    assert metrics["claim_acceptance"]["value"] == "0.5000"
    assert metrics["card_timeliness"]["value"] == "0.5000"
    assert metrics["first_time_fix"]["value"] == "0.5000"
    assert row.source == "clocks"  # the SLA engine's dispatch clocks
    # the complaints app's satisfaction rate (the one survey: all satisfied), weight 10 of 110
    assert metrics["satisfaction_rate"]["value"] == "1.0000"
    assert row.score == Decimal("54.55")  # (100 × 0.5 + 10 × 1) / 110
    assert row.published_at is None


def test_weights_are_data_and_unmeasured_metrics_are_left_out(side_a, staff):
    with time_machine.travel(datetime(2025, 5, 20, 10, tzinfo=SH), tick=False):
        claim = claim_through(new_claim(side_a, staff), staff, side_a, to="appraised")
        claim_transition(
            claim=claim, by=staff["finance"], action="reject", data={"reason": "other"}
        )
    AssessmentWeight.objects.exclude(code="claim_acceptance").update(weight=Decimal("0"))

    rows = assessments_compute(month=date(2025, 5, 1), now=datetime(2025, 6, 1, tzinfo=SH))

    mine = next(r for r in rows if r.dealer_id == side_a["org"].pk)
    assert mine.score == Decimal("0.00")


def test_computing_twice_keeps_one_row_and_a_published_score_is_frozen(side_a, side_b, staff):
    with time_machine.travel(datetime(2025, 6, 1, 2, tzinfo=SH), tick=False):
        compute_assessments()
        compute_assessments()
        assert DealerAssessment.objects.filter(month=date(2025, 5, 1)).count() == 2
    with time_machine.travel(datetime(2025, 6, 5, 8, tzinfo=SH), tick=False):
        assert publish_assessments() == 2
        assert publish_assessments() == 0
    row = DealerAssessment.objects.get(dealer=side_a["org"], month=date(2025, 5, 1))
    DealerAssessment.objects.filter(pk=row.pk).update(score=Decimal("12.34"))
    assessments_compute(month=date(2025, 5, 1))
    row.refresh_from_db()
    assert row.score == Decimal("12.34")
    assert assessments_publish(month=date(2025, 5, 1)) == 0


def test_a_manager_changes_a_grade_and_it_is_an_event(side_a, staff):
    dealer_grade_change(dealer=side_a["org"], by=staff["manager"], grade="C", reason="回访率低")

    event = DealerEvent.objects.get(dealer=side_a["org"], code="dealer.grade_changed")
    assert event.payload == {"from": "B", "to": "C", "reason": "回访率低"}
    assert event.actor == staff["manager"]
