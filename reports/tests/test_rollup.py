"""The daily rollup equals a recompute from the clocks and tickets: after the first run, after
clocks stop, after a reopened ticket and after a policy is revised and re-applied."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta
from typing import Any

import pytest

from reports.models import (
    BUCKET_EDGES,
    BUCKET_FIELDS,
    SlaDaily,
    SlaMonthly,
    SlaTechnicianDaily,
    SlaTechnicianMonthly,
    SlaTechnicianTotalDaily,
    TicketDaily,
    TicketMonthly,
)
from reports.rollup import local_day, rollup_increment, rollup_reconcile
from reports.sources import ClockState, SlaClock
from reports.tests.conftest import act, new_ticket, walk
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

STOPPED = {ClockState.MET, ClockState.MET_LATE}
OUTCOME = {
    ClockState.MET: "met",
    ClockState.MET_LATE: "met_late",
    ClockState.BREACHED: "breached",
    ClockState.RUNNING: "running",
    ClockState.PAUSED: "running",
}


def _bucket(seconds: int) -> str:
    for index, edge in enumerate(BUCKET_EDGES):
        if seconds < edge:
            return BUCKET_FIELDS[index]
    return BUCKET_FIELDS[-1]


GRAINS: dict[Any, tuple[bool, bool, bool]] = {
    # rollup → (monthly, with the technician, with severity and region class)
    SlaTechnicianDaily: (False, True, True),
    SlaDaily: (False, False, True),
    SlaTechnicianMonthly: (True, True, True),
    SlaMonthly: (True, False, True),
    SlaTechnicianTotalDaily: (False, True, False),
}


def _key(day, metric, severity, region, organisation, technician, grain):
    monthly, per_technician, per_severity = grain
    return (
        day.replace(day=1) if monthly else day,
        metric,
        *((severity, region) if per_severity else ()),
        organisation,
        *((technician,) if per_technician else ()),
    )


def recompute_from_clocks() -> dict:
    """Every rollup written out by hand from every clock row (the test's own arithmetic)."""
    expected: dict = {model.__name__: defaultdict(Counter) for model in GRAINS}
    for c in SlaClock.objects.filter(applies=True, started_at__isnull=False).select_related(
        "ticket"
    ):
        if c.state not in OUTCOME:
            continue
        t = c.ticket
        for model, grain in GRAINS.items():
            key = _key(
                local_day(c.started_at),  # type: ignore[arg-type]  # a stopped clock started
                c.metric,
                t.severity_id,
                t.region_class_id,
                t.assigned_organisation_id,
                t.technician_id,
                grain,
            )
            row = expected[model.__name__][key]
            row[OUTCOME[ClockState(c.state)]] += 1
            if c.state in STOPPED:
                row["stopped_seconds"] += c.used_seconds
                row[_bucket(c.used_seconds)] += 1
    return {name: {k: +v for k, v in rows.items()} for name, rows in expected.items()}


def rollup_rows() -> dict:
    found: dict = {}
    for model, grain in GRAINS.items():
        rows = found[model.__name__] = {}
        for r in model.objects.all():
            key = _key(
                r.day,
                r.metric,
                getattr(r, "severity_id", None),
                getattr(r, "region_class_id", None),
                r.organisation_id,
                getattr(r, "technician_id", None),
                (False, *grain[1:]),  # the row's day is already the month's first
            )
            assert key not in rows, "one row per key"
            values = Counter(
                {
                    f: getattr(r, f)
                    for f in ("met", "met_late", "breached", "running", "stopped_seconds")
                }
            )
            values.update({f: getattr(r, f) for f in BUCKET_FIELDS})
            rows[key] = +values
    return found


def ticket_totals() -> Counter:
    totals: Counter = Counter()
    for r in TicketDaily.objects.all():
        for f in ("received", "resolved", "visited", "first_time_fix", "repairs"):
            totals[f] += getattr(r, f)
    monthly: Counter = Counter()
    for m in TicketMonthly.objects.all():
        for f in ("received", "resolved", "visited", "first_time_fix", "repairs"):
            monthly[f] += getattr(m, f)
    assert monthly == totals, "the monthly ticket rollup sums the daily one"
    return totals


def test_rollup_follows_stops_reopen_and_policy_reapply(people, clock):
    hq, dealer = people["hq"], people["dealer"].organisation
    done = walk(people, new_ticket(people, sev="major"), clock, hq, people["technician"])
    reopened = walk(
        people, new_ticket(people, region="suburban"), clock, dealer, people["dealer_tech"]
    )
    waiting = new_ticket(people, sev="critical", channel="web")
    first = rollup_increment()
    assert first >= 1
    assert rollup_rows() == recompute_from_clocks()
    assert ticket_totals()["resolved"] == 2

    # The next day: a clock stops late, a resolved ticket is reopened.
    clock.shift(timedelta(days=1))
    act(people, reopened, "agent", "reopen", reason="客户反映故障复发")
    walk(people, waiting, clock, hq, people["technician"], to="check_in")
    rollup_increment()
    assert rollup_rows() == recompute_from_clocks()
    totals = ticket_totals()
    assert totals["resolved"] == 1  # the reopened ticket is open again
    assert totals["received"] == 3

    # A policy revised with tighter targets and re-applied to open tickets.
    from sla.measuring import policy_reapply
    from sla.models import SlaPolicy
    from sla.policies import _policy_snapshot, policy_revise

    policy = SlaPolicy.objects.get(is_current=True, is_default=True)
    targets = _policy_snapshot(policy)["targets"]
    for target in targets:
        target["duration_seconds"] = 60  # every target missed by what was done in minutes
    revised = policy_revise(policy=policy, targets=targets)
    clock.shift(timedelta(minutes=5))
    assert policy_reapply(revised) >= 1
    before = rollup_rows()
    rollup_increment()
    after = rollup_rows()
    assert after == recompute_from_clocks()
    assert after != before, "the re-applied policy changed outcomes and the rollup followed"
    assert Ticket.objects.filter(pk=done.pk, status="resolved").exists()


def test_increment_twice_and_reconcile_change_nothing(people, clock):
    walk(people, new_ticket(people), clock, people["hq"], people["technician"])
    rollup_increment()
    snapshot = rollup_rows()
    rollup_increment()
    assert rollup_rows() == snapshot
    rollup_reconcile()
    assert rollup_rows() == snapshot == recompute_from_clocks()


def test_reconcile_repairs_a_rollup_written_wrong(people, clock):
    walk(people, new_ticket(people), clock, people["hq"], people["technician"])
    rollup_increment()
    SlaDaily.objects.update(met=999)
    SlaTechnicianTotalDaily.objects.update(running=7)
    rollup_reconcile()
    assert rollup_rows() == recompute_from_clocks()
