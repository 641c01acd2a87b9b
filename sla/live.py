"""Live clock values for lists: every clock of a page recomputed from its ticket's history at
read time, as the ticket page does, in a fixed number of queries (histories of the page in
one, compiled targets and calendar specs from their per-process caches)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet

from accounts.models import User
from sla.calculus import ClockResult, compute_clock
from sla.measuring import histories_of
from sla.models import ClockState, Metric, SlaClock
from sla.policies import CompiledTarget, targets_of
from sla.selectors import clock_scope
from tickets.hooks import RowClock
from tickets.models import Ticket


@dataclass(frozen=True)
class LiveClock:
    clock: SlaClock
    result: ClockResult
    duration_seconds: int
    as_of: datetime


def clock_list(
    user: User, *, state: str | None = None, metric: str | None = None
) -> QuerySet[SlaClock]:
    """Applicable clocks in the user's scope, nearest due first (index: state, due_at)."""
    clocks = clock_scope(user).select_related("ticket", "target")
    if state:
        clocks = clocks.filter(state=state)
    if metric:
        clocks = clocks.filter(metric=metric)
    return clocks.order_by("due_at", "pk")


def live_clocks(clocks: list[SlaClock], now: datetime) -> list[LiveClock]:
    """Each clock as it stands at ``now`` (needs ``ticket`` and ``target`` loaded)."""
    histories = histories_of({clock.ticket_id for clock in clocks})
    compiled: dict[int, CompiledTarget] = {}
    for targets in targets_of({clock.target.policy_id for clock in clocks}).values():
        compiled.update({target.row.pk: target for target in targets})
    live = []
    for clock in clocks:
        target = compiled.get(clock.target_id)
        if target is None:  # pragma: no cover - a target row deleted under a clock (PROTECT)
            continue
        result = compute_clock(
            histories.get(clock.ticket_id, []), target.spec, target.calendar, now
        )
        live.append(LiveClock(clock, result, target.spec.duration_seconds, now))
    return live


STATES = [choice for choice, _label in ClockState.choices]


def row_clocks(
    tickets: Sequence[Ticket], metrics: Sequence[str], now: datetime
) -> dict[int, list[RowClock]]:
    """For ``tickets.hooks.set_row_clocks``: each ticket's running, overdue or paused clocks
    of ``metrics``, recomputed at ``now`` (three queries whatever the number of tickets)."""
    clocks = list(
        SlaClock.objects.filter(
            ticket_id__in=[t.pk for t in tickets], metric__in=metrics, applies=True
        ).select_related("ticket", "target")
    )
    order = {code: n for n, code in enumerate(metrics)}
    out: dict[int, list[RowClock]] = {}
    for live in sorted(live_clocks(clocks, now), key=lambda c: order[c.clock.metric]):
        result = live.result
        if result.state not in ("running", "breached", "paused"):
            continue
        due = result.due_at if result.state != "paused" else None
        # urgent once less than the target's share of its time is left (data, seeded 25 %)
        share = live.clock.target.urgent_percent / 100
        urgent = due - timedelta(seconds=live.duration_seconds * share) if due else None
        out.setdefault(live.clock.ticket_id, []).append(
            RowClock(
                metric=live.clock.metric,
                label=str(Metric(live.clock.metric).label),
                state=result.state,
                due_at=due,
                urgent_at=urgent,
            )
        )
    return out
