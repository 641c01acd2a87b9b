"""The sweep fires each (clock, level) once: repeated, interrupted, or two at a time."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification
from sla.models import Escalation, SlaClock
from sla.sweep import sla_sweep
from sla.tests.engine.conftest import forward, local, new_ticket

pytestmark = pytest.mark.django_db


def _fired_pairs():
    return list(Escalation.objects.values_list("clock_id", "level"))


def test_sweep_with_nothing_due_costs_the_same_for_one_or_many_tickets(people, clock):
    # given open tickets whose actions all lie in the future
    new_ticket(people)
    with CaptureQueriesContext(connection) as one:
        sla_sweep()
    for _ in range(5):
        forward(people, new_ticket(people))

    # when the sweep runs with nothing due, then it reads the index once and stops
    with CaptureQueriesContext(connection) as many:
        sla_sweep()
    assert len(many) == len(one)
    assert len([q for q in many.captured_queries if "SAVEPOINT" not in q["sql"]]) == 1


def test_sweep_with_nothing_due_pins_its_query_count(people, clock, django_assert_max_num_queries):
    for _ in range(3):
        forward(people, new_ticket(people))

    with django_assert_max_num_queries(
        3
    ):  # the due-clock SELECT (+ savepoint and release in tests)
        sla_sweep()


def test_a_sweep_killed_half_way_is_finished_by_the_next_without_duplicates(people, clock):
    # given three forwarded tickets, all overdue on several clocks
    tickets = [new_ticket(people) for _ in range(3)]
    for ticket in tickets:
        forward(people, ticket)
    clock.move_to(local(2025, 3, 3, 11, 5))

    # when a worker dies after its first batch
    def die(report):
        raise RuntimeError("worker killed")

    with pytest.raises(RuntimeError):
        sla_sweep(batch_size=2, on_batch_done=die)
    after_crash = len(_fired_pairs())
    sla_sweep(batch_size=2)
    sla_sweep(batch_size=2)

    # then the first batch's work stayed, the rest was done once, and nothing fired twice
    pairs = _fired_pairs()
    assert 0 < after_crash < len(pairs)
    assert len(pairs) == len(set(pairs))
    breached = Notification.objects.filter(
        code="sla.breached", payload__metric="dispatch", recipient=people["supervisor"]
    )
    assert breached.count() == 3
    assert not SlaClock.objects.filter(next_action_at__lte=local(2025, 3, 3, 11, 5)).exists()


def test_an_escalation_recorded_by_another_worker_is_not_performed_again(people, clock):
    # given a dispatch clock whose breach another worker recorded, but the clock row lags behind
    ticket = new_ticket(people)
    forward(people, ticket)
    dispatch = SlaClock.objects.get(ticket=ticket, metric="dispatch")
    Escalation.objects.create(clock=dispatch, level=1, action="notify_supervisor")
    clock.move_to(local(2025, 3, 3, 11, 1))

    # when the sweep runs
    report = sla_sweep()

    # then the unique (clock, level) row stops a second breach notice
    assert report.duplicates == 1
    assert not Notification.objects.filter(code="sla.breached", payload__metric="dispatch").exists()
    dispatch.refresh_from_db()
    assert 1 in dispatch.fired_levels


def test_a_warning_noticed_only_after_the_breach_is_recorded_but_sent_to_no_one(people, clock):
    # given a dispatch clock nobody swept until after its breach (e.g. beat was down)
    ticket = new_ticket(people)
    forward(people, ticket)
    clock.move_to(local(2025, 3, 3, 11, 1))

    # when the sweep runs
    sla_sweep()

    # then the breach is told, the stale warning is recorded as fired but not sent
    dispatch = SlaClock.objects.get(ticket=ticket, metric="dispatch")
    assert Notification.objects.filter(code="sla.breached", payload__metric="dispatch").count() == 1
    assert not Notification.objects.filter(code="sla.warning", payload__metric="dispatch").exists()
    assert Escalation.objects.get(clock=dispatch, level=0).detail["skipped"] == "already_breached"
    assert sorted(dispatch.fired_levels) == [0, 1]


def test_a_met_clock_leaves_the_index(people, clock):
    ticket = new_ticket(people)
    forward(people, ticket)
    assert SlaClock.objects.get(ticket=ticket, metric="dispatch").next_action_at is not None

    from sla.tests.engine.conftest import act

    act(
        people,
        ticket,
        "supervisor",
        "arrange",
        technician=people["technician"].pk,
        customer_told=True,
    )

    assert SlaClock.objects.get(ticket=ticket, metric="dispatch").next_action_at is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_sweeps_fire_each_escalation_once(people, clock):
    if connection.vendor != "postgresql":
        pytest.skip("row locks with SKIP LOCKED need PostgreSQL")
    # given twenty forwarded tickets, overdue on dispatch and first response
    for _ in range(20):
        forward(people, new_ticket(people))
    now = local(2025, 3, 3, 11, 5)
    due = SlaClock.objects.filter(next_action_at__lte=now).count()
    assert due >= 40

    # when two workers sweep at the same moment, each on its own connection
    barrier = threading.Barrier(2)
    reports, errors = [], []

    def worker():
        try:
            barrier.wait()
            reports.append(sla_sweep(now=now, batch_size=5))
        except Exception as exc:  # pragma: no cover - surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    # then every due rung fired exactly once between them, and each told its people once
    assert not errors
    pairs = _fired_pairs()
    assert len(pairs) == len(set(pairs))
    assert sum(r.fired + r.skipped for r in reports) == len(pairs)
    assert (
        Notification.objects.filter(code="sla.breached", payload__metric="dispatch").count() == 20
    )
    assert not SlaClock.objects.filter(next_action_at__lte=now).exists()
