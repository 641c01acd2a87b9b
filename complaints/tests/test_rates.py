"""Return-visit and satisfaction rates on a crafted month match hand figures; the dealer
assessment weighs the dealer's satisfaction and its duties."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from complaints.models import Survey
from complaints.rates import rates_table
from complaints.services import care
from complaints.services.surveys import survey_record
from complaints.tests.conftest import walk
from dealers.services.assessment import assessment_measure
from tickets.tests.factories import make_ticket

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
HAPPY = {
    "attitude": "very_satisfied",
    "skill": "satisfied",
    "arrival": "satisfied",
    "promise": "satisfied",
}
UNHAPPY = {**HAPPY, "promise": "dissatisfied"}


def _resolved(people, at, **fields):  # type: ignore[no-untyped-def]
    with time_machine.travel(at, tick=False):
        ticket = make_ticket(by=people["agent"], **fields)
        walk(ticket, people, to="resolved")
    return ticket


def test_rates_of_a_crafted_month(people):
    from accounts.tests.factories import UserFactory

    other = UserFactory(username="c_tech2", roles=["technician"])
    november = datetime(2026, 11, 10, 10, 0, tzinfo=SH)
    # five resolved in November: four visited (one dissatisfied), one not
    tickets = [_resolved(people, november) for _ in range(5)]
    for ticket, answers in zip(tickets[:4], [HAPPY, HAPPY, HAPPY, UNHAPPY], strict=True):
        with time_machine.travel(datetime(2026, 11, 12, 10, 0, tzinfo=SH), tick=False):
            survey_record(ticket=ticket, by=people["agent"], answers=answers)
    # a survey by another technician answered in November for an October ticket
    october = _resolved(people, datetime(2026, 10, 30, 10, 0, tzinfo=SH))
    Survey.objects.filter(
        pk=survey_record(ticket=october, by=people["agent"], answers=HAPPY).pk
    ).update(answered_at=datetime(2026, 11, 2, 10, 0, tzinfo=SH), technician=other)

    table = rates_table(datetime(2026, 11, 1, tzinfo=SH), datetime(2026, 12, 1, tzinfo=SH))

    visit, satisfaction = table["company"]["visit"], table["company"]["satisfaction"]
    assert (visit.numerator, visit.denominator, visit.percent) == (4, 5, Decimal("80.0"))
    assert (satisfaction.numerator, satisfaction.denominator) == (4, 5)
    assert satisfaction.percent == Decimal("80.0")
    assert satisfaction.meets(table["satisfaction_target"]) is False
    by_tech = {row["name"]: row for row in table["technician"]}
    assert by_tech[str(people["technician"])]["satisfaction"].percent == Decimal("75.0")
    assert by_tech[str(other)]["satisfaction"].percent == Decimal("100.0")
    assert table["visit_target"] == Decimal("100")
    assert table["satisfaction_target"] == Decimal("98")
    (org,) = table["organisation"]
    assert (org["visit"].numerator, org["visit"].denominator) == (4, 5)


def test_the_dealer_assessment_uses_satisfaction_and_duties(people, dealer_a, dealer_a_user):
    at = datetime(2026, 11, 10, 10, 0, tzinfo=SH)
    for answers in (HAPPY, UNHAPPY):
        with time_machine.travel(at, tick=False):
            ticket = make_ticket(by=people["agent"], assigned_organisation=dealer_a)
            Survey.objects.create(
                ticket=ticket,
                customer=ticket.customer,
                organisation=dealer_a,
                source="phone",
                dissatisfied=answers is UNHAPPY,
                answered_at=at,
            )
    care.dealer_duties_open(month=date(2026, 10, 1))  # due 2026-11-05
    survey_duty, report_duty = dealer_a.complaint_duties.order_by("kind")
    care.dealer_duty_done(
        duty=survey_duty,
        by=dealer_a_user,
        note="调查表已传真",
        at=datetime(2026, 11, 4, 9, 0, tzinfo=SH),
    )
    care.dealer_duty_done(
        duty=report_duty,
        by=dealer_a_user,
        note="月报已传真",
        at=datetime(2026, 11, 9, 9, 0, tzinfo=SH),
    )

    with time_machine.travel(datetime(2026, 12, 1, 2, 0, tzinfo=SH), tick=False):
        _score, metrics, _source = assessment_measure(dealer_a, date(2026, 11, 1))

    assert metrics["satisfaction_rate"]["value"] == "0.5000"
    assert metrics["dealer_duties"]["value"] == "0.5000"  # the report came four days late
    assert metrics["dealer_duties"]["weight"] == "10.00"
