"""Customer tiers and their regular visits (beat generates them when due, escalates the late
ones once), and dealer duties with due dates (monthly, and feedback on quality reports)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from aftersales.errors import ConflictError, PermissionDeniedError
from complaints.models import CustomerTier, DealerDuty, VisitTask
from complaints.services import care
from dealers.models import DealerRules
from notifications.models import Notification
from tickets.tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def test_a_key_customer_is_visited_half_yearly(people):
    customer = CustomerFactory()
    care.customer_tier_set(
        customer=customer,
        tier=CustomerTier.objects.get(code="key"),
        by=people["agent"],
        since=date(2026, 1, 10),
    )

    assert care.visit_tasks_generate(today=date(2026, 6, 1)) == 0  # due 07-10, 14 days' lead
    assert care.visit_tasks_generate(today=date(2026, 6, 26)) == 1
    assert care.visit_tasks_generate(today=date(2026, 6, 27)) == 0  # one open task at a time
    task = VisitTask.objects.get()
    assert task.due_on == date(2026, 7, 10)

    with time_machine.travel(datetime(2026, 7, 8, 10, 0, tzinfo=SH), tick=False):
        care.visit_task_done(task=task, by=people["agent"], note="设备运行正常")
    with pytest.raises(ConflictError):
        care.visit_task_done(task=task, by=people["agent"], note="again")
    # the next one: half a year after the visit
    assert care.visit_tasks_generate(today=date(2026, 12, 25)) == 1
    assert VisitTask.objects.get(status="open").due_on == date(2027, 1, 8)


def test_a_long_term_customer_is_visited_yearly(people):
    customer = CustomerFactory()
    care.customer_tier_set(
        customer=customer,
        tier=CustomerTier.objects.get(code="long_term"),
        by=people["agent"],
        since=date(2026, 3, 1),
    )

    care.visit_tasks_generate(today=date(2027, 2, 20))

    assert VisitTask.objects.get().due_on == date(2027, 3, 1)


def test_a_late_visit_escalates_once(people):
    customer = CustomerFactory()
    care.customer_tier_set(
        customer=customer,
        tier=CustomerTier.objects.get(code="key"),
        by=people["agent"],
        since=date(2026, 1, 10),
    )
    care.visit_tasks_generate(today=date(2026, 7, 1))

    assert care.visit_tasks_escalate(today=date(2026, 7, 17)) == 0  # 7 days' grace
    assert care.visit_tasks_escalate(today=date(2026, 7, 18)) == 1
    assert care.visit_tasks_escalate(today=date(2026, 7, 19)) == 0

    told = set(
        Notification.objects.filter(code="complaints.visit_task_overdue").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"c_supervisor", "c_manager"}


def test_monthly_dealer_duties_open_once_with_their_due_date(dealer_a, dealer_b):
    assert care.dealer_duties_open(month=date(2026, 11, 1)) == 4
    assert care.dealer_duties_open(month=date(2026, 11, 1)) == 0

    duty = DealerDuty.objects.get(dealer=dealer_a, kind="monthly_report")
    assert (duty.period, duty.due_on) == (date(2026, 11, 1), date(2026, 12, 5))


def test_a_quality_report_is_owed_feedback_within_the_dealer_rules_days(
    people, dealer_a_user, dealer_b_user
):
    DealerRules.objects.update_or_create(pk=1, defaults={"feedback_days": 3})
    with time_machine.travel(datetime(2026, 11, 10, 9, 0, tzinfo=SH), tick=False):
        duty = care.quality_report_file(by=dealer_a_user, subject="批次 2611 外机风扇异响")

    assert (duty.kind, duty.due_on) == ("quality_feedback", date(2026, 11, 13))
    with pytest.raises(PermissionDeniedError):
        care.dealer_duty_done(duty=duty, by=dealer_a_user, note="x")
    care.dealer_duty_done(
        duty=duty,
        by=people["supervisor"],
        note="已更换风扇供应商",
        at=datetime(2026, 11, 12, 9, 0, tzinfo=SH),
    )
    duty.refresh_from_db()
    assert duty.on_time is True


def test_a_dealer_completes_only_its_own_duties(dealer_a, dealer_b_user):
    care.dealer_duties_open(month=date(2026, 11, 1))
    duty = DealerDuty.objects.filter(dealer=dealer_a).first()

    with pytest.raises(PermissionDeniedError):
        care.dealer_duty_done(duty=duty, by=dealer_b_user, note="x")
