"""The seeded 2-hour and 4-hour rules escalate: time moved, never slept."""

from __future__ import annotations

from datetime import timedelta

import pytest

from notifications.models import EmailDelivery, Notification
from sla.models import Escalation, SlaClock
from sla.sweep import sla_sweep
from sla.tests.engine.conftest import act, forward, local, new_ticket

pytestmark = pytest.mark.django_db


def _notes(user, code, metric):
    return Notification.objects.filter(recipient=user, code=code, payload__metric=metric)


def test_dispatch_not_arranged_in_two_hours_notifies_the_supervisor_once(people, clock):
    # given a ticket created and forwarded at 09:00
    ticket = new_ticket(people)
    forward(people, ticket)
    dispatch = SlaClock.objects.get(ticket=ticket, metric="dispatch")
    assert dispatch.state == "running"
    assert dispatch.due_at == local(2025, 3, 3, 11, 0)

    # when two hours pass without an arrangement, beat sweeping every minute on the way
    clock.move_to(local(2025, 3, 3, 10, 30, 30))
    sla_sweep()
    clock.move_to(local(2025, 3, 3, 11, 0, 30))
    sla_sweep()
    sla_sweep()

    # then the supervisor was warned once at 10:30 and got the breach notice exactly once,
    # in the inbox and the e-mail outbox
    breach = _notes(people["supervisor"], "sla.breached", "dispatch")
    assert breach.count() == 1
    assert EmailDelivery.objects.filter(notification=breach.get()).count() == 1
    assert _notes(people["supervisor"], "sla.warning", "dispatch").count() == 1
    dispatch.refresh_from_db()
    assert dispatch.state == "breached"
    assert sorted(dispatch.fired_levels) == [0, 1]
    assert dispatch.next_action_at == local(2025, 3, 3, 13, 0)  # +2 h rung
    ticket.refresh_from_db()
    assert ticket.sla_state == "breached"


def test_supervisor_check_missed_at_four_hours_notifies_managers_once(people, clock):
    # given a ticket forwarded and arranged at once but never checked
    ticket = new_ticket(people)
    forward(people, ticket)
    act(
        people,
        ticket,
        "supervisor",
        "arrange",
        technician=people["technician"].pk,
        customer_told=True,
    )

    # when four hours pass and sweeps run on the way
    for minutes in (60, 150, 210, 241, 245):
        clock.move_to(local(2025, 3, 3, 9, 0) + timedelta(minutes=minutes))
        sla_sweep()

    # then the managers were told once, and dispatch (met) told no one
    assert _notes(people["manager"], "sla.breached", "supervisor_check").count() == 1
    assert not Notification.objects.filter(payload__metric="dispatch").exists()
    check = SlaClock.objects.get(ticket=ticket, metric="supervisor_check")
    assert check.state == "breached"
    assert Escalation.objects.filter(clock=check).count() == 2


def test_arranged_in_time_fires_nothing_for_dispatch(people, clock):
    ticket = new_ticket(people)
    forward(people, ticket)
    clock.move_to(local(2025, 3, 3, 10, 0))
    act(
        people,
        ticket,
        "supervisor",
        "arrange",
        technician=people["technician"].pk,
        customer_told=True,
    )

    clock.move_to(local(2025, 3, 3, 12, 0))
    sla_sweep()

    dispatch = SlaClock.objects.get(ticket=ticket, metric="dispatch")
    assert dispatch.state == "met"
    assert dispatch.next_action_at is None
    assert not Escalation.objects.filter(clock=dispatch).exists()
