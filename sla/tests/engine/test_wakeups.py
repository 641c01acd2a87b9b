"""A rung due before the next periodic sweep gets a sweep of its own at that second: one per
second however many clocks are due in it, and the periodic sweep still catches a lost one."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache

from notifications.models import Notification
from sla import tasks, wakeups
from sla.models import Escalation, SlaClock
from sla.tests.engine.conftest import forward, local, new_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch, settings):
    """The wake-ups queued (their eta), instead of going to a broker."""
    settings.SLA_SWEEP_SECONDS = 60
    etas: list[datetime] = []
    monkeypatch.setattr(
        tasks.sla_sweep, "apply_async", lambda *args, eta=None, **kwargs: etas.append(eta)
    )
    return etas


@pytest.fixture(autouse=True)
def _no_claimed_seconds(clock):
    """The seconds claimed by an earlier test (the cache may be a shared Redis) are freed."""
    start = int(local(2025, 3, 3, 9, 0).timestamp())
    keys = [wakeups.KEY.format(second) for second in range(start - 60, start + 6 * 3600)]
    cache.delete_many(keys)
    yield
    cache.delete_many(keys)


def _next_action():
    return SlaClock.objects.filter(next_action_at__isnull=False).order_by("next_action_at")[0]


def test_a_rung_due_before_the_next_sweep_gets_one_wake_up_at_its_second(people, clock, queued):
    forward(people, new_ticket(people))
    due = _next_action().next_action_at
    assert due - local(2025, 3, 3, 9, 0) > timedelta(minutes=1)  # far: no wake-up yet
    assert queued == []

    # when the periodic sweep runs 20 s before the rung is due, twice
    clock.move_to(due - timedelta(seconds=20))
    tasks.sla_sweep()
    tasks.sla_sweep()

    # then one wake-up is queued, at the end of the rung's second
    assert queued == [datetime.fromtimestamp(math.ceil(due.timestamp()), tz=UTC)]

    # and the wake-up, when it runs, fires the rung at once
    clock.move_to(queued[0])
    tasks.sla_sweep()
    assert Escalation.objects.count() == 1


def test_a_burst_of_clocks_due_together_queues_one_wake_up_per_second(people, clock, queued):
    for _ in range(12):
        forward(people, new_ticket(people))
    due = _next_action().next_action_at
    assert SlaClock.objects.filter(next_action_at=due).count() == 12

    clock.move_to(due - timedelta(seconds=30))
    for _ in range(5):  # beat and the wake-ups of other workers, all looking at once
        tasks.sla_sweep()
    assert len(queued) == 1

    # asked for 300 instants spread over three seconds, at most one wake-up per second
    start = due - timedelta(seconds=10)
    for n in range(300):
        wakeups.wake_at(start + timedelta(milliseconds=10 * n))
    assert len(queued) <= 1 + 4
    assert len(set(queued)) == len(queued)


def test_a_lost_wake_up_is_caught_by_the_periodic_sweep(people, clock, queued):
    ticket = new_ticket(people)
    forward(people, ticket)
    due = _next_action().next_action_at
    clock.move_to(due - timedelta(seconds=20))
    tasks.sla_sweep()
    assert len(queued) == 1  # queued, but the broker loses it: it never runs

    # when beat's periodic sweep comes round after the rung was due
    clock.move_to(due + timedelta(seconds=40))
    tasks.sla_sweep()

    # then the rung fired all the same, once
    assert Escalation.objects.count() == 1
    assert Notification.objects.filter(ticket=ticket).exists()


def test_a_broker_outage_never_fails_the_caller_and_frees_the_second(people, clock, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("broker unreachable")

    monkeypatch.setattr(tasks.sla_sweep, "apply_async", refuse)
    moment = local(2025, 3, 3, 9, 0, 30)

    assert wakeups.wake_at(moment) is False
    assert cache.add(wakeups.KEY.format(math.ceil(moment.timestamp())), 1) is True
