"""Measuring: a ticket's rows (history, clocks, policy) → the pure calculus → its clocks.

``clocks_recompute`` loads a ticket's history, picks its policy (the version it is already
measured under, unless re-applied) and for each metric the first matching target of that
policy, calls ``compute_clock`` and stores state, due time, remaining time and the next
escalation instant on ``SlaClock``; then denormalises the most urgent clock onto the ticket.
The sweep (``sla.sweep``) uses the same ``measure_ticket`` on whole batches; the writes are
``sla.persistence``'s. Tickets publish their events (``tickets.hooks``); the listeners here,
registered by ``SlaConfig.ready``, measure them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from sla.calculus import (
    CalendarSpec,
    ClockResult,
    HistoryEntry,
    action_times,
    compute_clock,
    next_action_at,
)
from sla.models import ClockState, SlaClock, SlaPolicy
from sla.persistence import save_measures
from sla.policies import (
    TICKET_RELATED,
    CompiledTarget,
    TicketFacts,
    pick_target,
    policy_for,
    targets_of,
)
from sla.rows import TicketRow
from tickets.models import OPEN_STATUSES, Ticket, TicketEvent

RUNNING = frozenset({ClockState.RUNNING, ClockState.BREACHED})


def history_from_events(rows: Iterable[tuple[datetime, str, str]]) -> list[HistoryEntry]:
    """(at, code, to_status) in time order → the calculus' history: the status after each
    event and the event's code."""
    history: list[HistoryEntry] = []
    status = ""
    for at, code, to_status in rows:
        if to_status:
            status = to_status
        history.append(HistoryEntry(at=at, status=status, event=code))
    return history


def ticket_history(ticket_id: int) -> list[HistoryEntry]:
    rows = (
        TicketEvent.objects.filter(ticket_id=ticket_id)
        .order_by("at", "id")
        .values_list("at", "code", "to_status")
    )
    return history_from_events(rows)


def histories_of(ticket_ids: Iterable[int]) -> dict[int, list[HistoryEntry]]:
    """Histories of many tickets in one query."""
    grouped: dict[int, list[tuple[datetime, str, str]]] = defaultdict(list)
    rows = TicketEvent.objects.filter(ticket_id__in=list(ticket_ids)).order_by(
        "ticket_id", "at", "id"
    )
    for ticket_id, at, code, to_status in rows.values_list("ticket_id", "at", "code", "to_status"):
        grouped[ticket_id].append((at, code, to_status))
    return {ticket_id: history_from_events(rows) for ticket_id, rows in grouped.items()}


CLOCK_FIELDS = [
    "target",
    "state",
    "applies",
    "warned",
    "started_at",
    "due_at",
    "stopped_at",
    "used_seconds",
    "remaining_seconds",
    "computed_at",
    "next_action_at",
    "fired_levels",
]


#: The sweep measures rows (``sla.rows``), everything else model instances: same attributes.
AnyTicket = Ticket | TicketRow
AnyClock = Any  # SlaClock | ClockRow


@dataclass
class Measured:
    clock: AnyClock
    target: CompiledTarget | None
    result: ClockResult | None
    is_new: bool = False
    changed: bool = False


@dataclass
class TicketMeasure:
    ticket: AnyTicket
    clocks: list[Measured] = field(default_factory=list)
    ticket_changed: bool = False


def _signature(clock: AnyClock) -> tuple[Any, ...]:
    return (
        clock.target_id,
        clock.state,
        clock.applies,
        clock.warned,
        clock.started_at,
        clock.due_at,
        clock.stopped_at,
        clock.next_action_at,
        tuple(clock.fired_levels),
    )


def measure_ticket(
    ticket: AnyTicket,
    history: list[HistoryEntry],
    existing: Sequence[AnyClock],
    policy_targets: dict[int, list[CompiledTarget]],
    policy: SlaPolicy | None,
    now: datetime,
    only: AbstractSet[str] | None = None,
) -> TicketMeasure:
    """Compute every clock of ``ticket`` (no queries when ``policy_targets`` holds the policy;
    ``ticket`` needs its severity, region class and organisation loaded). With ``only``, just
    those metrics are computed; the ticket's other clocks are kept as stored (they were
    measured at the ticket's last event and have no action due)."""
    facts = ticket.facts if isinstance(ticket, TicketRow) else TicketFacts.of(ticket)
    targets = policy_targets.get(policy.pk, []) if policy is not None else []
    by_metric = {clock.metric: clock for clock in existing}
    metrics = list(dict.fromkeys([t.row.metric for t in targets] + list(by_metric)))
    measure = TicketMeasure(ticket=ticket)
    for metric in metrics:
        clock = by_metric.get(metric)
        if only is not None and metric not in only:
            if clock is not None:
                measure.clocks.append(Measured(clock, None, None))
            continue
        target = pick_target(targets, metric, facts)
        if target is None:
            if clock is not None:
                was = _signature(clock)
                clock.applies = False
                clock.next_action_at = None
                clock.warned = False
                measure.clocks.append(Measured(clock, None, None, changed=_signature(clock) != was))
            continue
        calendar = target.calendar
        result = compute_clock(history, target.spec, calendar, now)
        if clock is None:
            if result.state == ClockState.PENDING:
                continue
            clock = (
                SlaClock(ticket=ticket, metric=metric, target=target.row)
                if isinstance(ticket, Ticket)
                else SlaClock(ticket_id=ticket.pk, metric=metric, target=target.row)
            )
            before: tuple[Any, ...] = ()
            is_new = True
        else:
            before = _signature(clock)
            is_new = False
        store_result(clock, target, result, calendar, now)
        measure.clocks.append(
            Measured(
                clock, target, result, is_new=is_new, changed=is_new or _signature(clock) != before
            )
        )
    measure.ticket_changed = denormalise(ticket, [m.clock for m in measure.clocks])
    return measure


def store_result(
    clock: AnyClock,
    target: CompiledTarget,
    result: ClockResult,
    calendar: CalendarSpec,
    now: datetime,
) -> None:
    fired = set(clock.fired_levels)
    clock.target = target.row
    clock.applies = True
    clock.state = result.state
    clock.started_at = result.started_at
    clock.due_at = result.due_at
    clock.stopped_at = result.stopped_at
    clock.used_seconds = result.used_seconds
    clock.remaining_seconds = result.remaining_seconds
    clock.computed_at = now
    clock.next_action_at = next_action_at(result, target.offsets, calendar, fired)
    clock.warned = False
    if result.state == ClockState.RUNNING and any(o < 0 for o in target.offsets):
        times = action_times(result, target.offsets, calendar)
        clock.warned = any(
            offset < 0 and at <= now for offset, at in zip(target.offsets, times, strict=True)
        )


def denormalise(ticket: AnyTicket, clocks: Sequence[AnyClock]) -> bool:
    """Put the most urgent running clock on the ticket; True when a field changed."""
    live = [c for c in clocks if c.applies]
    running = [c for c in live if c.state in RUNNING and c.due_at is not None]
    if running:
        urgent = min(running, key=lambda c: c.due_at or datetime.max.replace(tzinfo=UTC))
        if any(c.state == ClockState.BREACHED for c in running):
            state = "breached"
        elif any(c.warned for c in running):
            state = "warning"
        else:
            state = "running"
        values: tuple[Any, ...] = (state, urgent.due_at, urgent.metric, urgent.target.calendar_id)
    elif any(c.state == ClockState.PAUSED for c in live):
        values = ("paused", None, "", None)
    else:
        values = ("", None, "", None)
    current = (ticket.sla_state, ticket.sla_due_at, ticket.sla_metric, ticket.sla_calendar_id)
    if current == values:
        return False
    ticket.sla_state, ticket.sla_due_at, ticket.sla_metric, ticket.sla_calendar_id = values
    return True


def _policy_of_clocks(clocks: list[SlaClock]) -> int | None:
    for clock in sorted(clocks, key=lambda c: c.pk):
        return clock.target.policy_id
    return None


@transaction.atomic
def clocks_recompute(
    ticket: Ticket, now: datetime | None = None, *, policy: SlaPolicy | None = None
) -> list[SlaClock]:
    """Recompute the ticket's clocks from its history. ``policy`` re-applies that policy
    version; otherwise the version the ticket is measured under is kept (a new ticket gets
    the matching current policy)."""
    moment = now or timezone.now()
    original = ticket
    ticket = Ticket.objects.select_related(*TICKET_RELATED).get(pk=ticket.pk)
    existing = list(
        SlaClock.objects.filter(ticket=ticket)
        .select_related("target")
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    if policy is None:
        policy_id = _policy_of_clocks(existing)
        policy = (
            SlaPolicy.objects.get(pk=policy_id) if policy_id else policy_for(TicketFacts.of(ticket))
        )
    targets = targets_of([policy.pk]) if policy is not None else {}
    measure = measure_ticket(ticket, ticket_history(ticket.pk), existing, targets, policy, moment)
    save_measures([measure])
    for name in ("sla_state", "sla_due_at", "sla_metric", "sla_calendar_id"):
        setattr(original, name, getattr(ticket, name))
    return [m.clock for m in measure.clocks]


def clocks_for_new_ticket(ticket: Ticket, event: TicketEvent, now: datetime) -> list[SlaClock]:
    """The clocks of a ticket being registered, computed before anything is written.

    Its history is its creation event and it has no clocks yet, so nothing is read back
    (the creation path is hot). The ticket's SLA columns are set here and go out with its
    INSERT; the caller saves the returned clocks after the ticket.
    """
    policy = policy_for(TicketFacts.of(ticket))
    targets = targets_of([policy.pk]) if policy is not None else {}
    history = history_from_events([(event.at, event.code, event.to_status)])
    measure = measure_ticket(ticket, history, [], targets, policy, now)
    return [m.clock for m in measure.clocks]


def policy_reapply(policy: SlaPolicy, *, now: datetime | None = None, batch_size: int = 200) -> int:
    """Re-measure every open ticket measured under any version of ``policy.key`` (or newly
    matching it) under ``policy``; the history, and so every pause, is kept. Returns the
    number of tickets re-measured."""
    moment = now or timezone.now()
    ticket_ids = list(
        Ticket.objects.filter(status__in=OPEN_STATUSES, sla_clocks__target__policy__key=policy.key)
        .values_list("pk", flat=True)
        .distinct()
        .order_by("pk")
    )
    count = 0
    for start in range(0, len(ticket_ids), batch_size):
        for ticket in Ticket.objects.filter(pk__in=ticket_ids[start : start + batch_size]):
            clocks_recompute(ticket, moment, policy=policy)
            count += 1
    return count


def calendar_remeasure(calendar_id: int, *, now: datetime | None = None) -> int:
    """Re-measure the open tickets with a live clock on ``calendar_id`` (its holidays or
    windows changed): their stored due times and next escalation instants follow. Returns
    the number of tickets re-measured."""
    moment = now or timezone.now()
    live = [ClockState.RUNNING, ClockState.BREACHED, ClockState.PAUSED]
    ticket_ids = list(
        Ticket.objects.filter(
            status__in=OPEN_STATUSES,
            sla_clocks__applies=True,
            sla_clocks__state__in=live,
            sla_clocks__target__calendar_id=calendar_id,
        )
        .values_list("pk", flat=True)
        .distinct()
        .order_by("pk")
    )
    for ticket in Ticket.objects.filter(pk__in=ticket_ids).order_by("pk").iterator(chunk_size=200):
        clocks_recompute(ticket, moment)
    return len(ticket_ids)


# --- listeners of the ticket events (registered in ``SlaConfig.ready``) -----------------------


def on_ticket_event(ticket: Ticket, event: TicketEvent) -> None:
    """Recompute the ticket's SLA clocks after ``event`` (status, severity, region, contact…),
    inside the event's transaction."""
    clocks_recompute(ticket, max(timezone.now(), event.at))


def new_ticket_clocks(ticket: Ticket, event: TicketEvent) -> list[SlaClock]:
    """Before a new ticket and its creation event are saved: its clocks (unsaved, inserted by
    ``ticket_create`` after the ticket), and its SLA columns set so that they go out with the
    ticket's own INSERT."""
    return clocks_for_new_ticket(ticket, event, max(timezone.now(), event.at))
