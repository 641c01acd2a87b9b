"""Complaint clocks on the SLA calculus: the seeded targets, the 催办 reminder once per target
and level, and the written delay explanation a breach requires before work goes on."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from aftersales.errors import ConflictError
from complaints.clocks import reminders_sweep
from complaints.events import ComplaintEventCode as Code
from complaints.models import ComplaintTarget, Reminder
from complaints.services.complaints import complaint_act
from complaints.tests.conftest import new_complaint
from notifications.models import Notification

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 9, 28, 9, 0, tzinfo=SH)  # just before the National Day holiday


def _clocks(complaint):  # type: ignore[no-untyped-def]
    return {c.kind: c for c in complaint.clocks.all()}


def test_seeded_targets_reply_1h_on_site_24h_closure_13_days(people):
    with time_machine.travel(T0, tick=False):
        complaint = new_complaint(people["agent"], at=T0)

    clocks = _clocks(complaint)
    assert clocks["reply"].due_at == T0 + timedelta(hours=1)
    assert clocks["on_site"].due_at == T0 + timedelta(hours=24)
    # the 24×7 calendar: calendar days, holidays included
    assert clocks["closure"].due_at == T0 + timedelta(days=13)
    assert complaint.number.startswith("TS2609-")


def test_a_customer_abroad_gets_17_days(people):
    with time_machine.travel(T0, tick=False):
        complaint = new_complaint(people["agent"], abroad=True, at=T0)

    assert _clocks(complaint)["closure"].due_at == T0 + timedelta(days=17)


def test_the_targets_run_on_the_chosen_business_calendar(people):
    from sla.models import BusinessCalendar

    working = BusinessCalendar.objects.get(code="china_working_hours")
    ComplaintTarget.objects.filter(kind="reply").update(calendar=working)
    friday_evening = datetime(2026, 11, 27, 17, 0, tzinfo=SH)
    with time_machine.travel(friday_evening, tick=False):
        complaint = new_complaint(people["agent"], at=friday_evening)

    # 30 working minutes left on Friday, the other 30 on Monday morning
    assert _clocks(complaint)["reply"].due_at == datetime(2026, 11, 30, 9, 0, tzinfo=SH)


def test_contacting_the_customer_meets_the_reply_target(people):
    with time_machine.travel(T0, tick=False):
        complaint = new_complaint(people["agent"], at=T0)
    with time_machine.travel(T0 + timedelta(minutes=20), tick=False):
        complaint_act(
            complaint=complaint, by=people["agent"], action="contact", data={"note": "已回电"}
        )

    assert _clocks(complaint)["reply"].state == "met"


def test_the_reminder_fires_once_per_target_and_level(people, quality):
    with time_machine.travel(T0, tick=False):
        complaint = new_complaint(people["agent"], at=T0)
        complaint_act(
            complaint=complaint,
            by=people["agent"],
            action="assign",
            data={"department": quality.code},
        )
    quality.manager = people["manager"]
    quality.save()
    quality.members.add(people["supervisor"])

    near = T0 + timedelta(minutes=50)  # 15 minutes' warning before the 1-hour reply
    with time_machine.travel(near, tick=False):
        assert reminders_sweep(now=near) == 1
        assert reminders_sweep(now=near) == 0
    late = T0 + timedelta(hours=2)
    with time_machine.travel(late, tick=False):
        assert reminders_sweep(now=late) == 1
        assert reminders_sweep(now=late + timedelta(minutes=5)) == 0

    rows = set(Reminder.objects.filter(complaint=complaint).values_list("kind", "level"))
    assert rows == {("reply", 0), ("reply", 1)}
    told = set(
        Notification.objects.filter(code="complaints.reminder").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"c_manager", "c_supervisor"}
    assert complaint.events.filter(code=Code.REMINDER).count() == 2


def test_a_breach_needs_a_written_explanation_before_work_goes_on(people, quality):
    with time_machine.travel(T0, tick=False):
        complaint = new_complaint(people["agent"], at=T0)
    late = T0 + timedelta(hours=3)
    with time_machine.travel(late, tick=False):
        with pytest.raises(ConflictError) as refused:
            complaint_act(
                complaint=complaint,
                by=people["agent"],
                action="assign",
                data={"department": quality.code},
            )
        assert refused.value.code == "delay_explanation_required"
        complaint_act(
            complaint=complaint,
            by=people["agent"],
            action="contact",
            data={"note": "终于联系上客户"},
        )
        complaint_act(
            complaint=complaint,
            by=people["supervisor"],
            action="explain_delay",
            data={"text": "热线占线，未及时回电"},
        )
        complaint_act(
            complaint=complaint,
            by=people["agent"],
            action="assign",
            data={"department": quality.code},
        )

    complaint.refresh_from_db()
    assert complaint.status == "assigned"
    explanation = complaint.delay_explanations.get()
    assert (explanation.kind, explanation.written_by) == ("reply", people["supervisor"])
    assert complaint.events.filter(code=Code.EXPLAIN_DELAY).exists()


def test_closed_on_time_is_recorded_for_the_statistics(people, quality):
    from complaints.tests.conftest import drive

    with time_machine.travel(T0, tick=False):
        complaint = new_complaint(people["agent"], at=T0)
        drive(complaint, people, quality, to="closed", at=T0 + timedelta(minutes=5))

    complaint.refresh_from_db()
    assert complaint.closed_on_time is True
    assert _clocks(complaint)["on_site"].state == "cancelled"
