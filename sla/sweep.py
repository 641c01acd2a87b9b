"""The escalation sweep: fire each due rung of each clock's ladder exactly once.

Due clocks are found by the partial index on ``SlaClock.next_action_at`` and locked with
``SELECT … FOR UPDATE SKIP LOCKED`` (clock and ticket) in pk order, a batch per transaction.
For each batch: read the tickets and all their clocks as rows (``sla.rows``, no model
instances) and measure them again from their histories with the pure calculus, work out
what each due rung tells whom, then claim the rungs with one ``INSERT … ON CONFLICT DO
NOTHING RETURNING`` into ``Escalation`` (the unique (clock, level) is what makes a rung fire
once: a rung another worker claimed is not performed again), write the notifications (inbox
+ e-mail outbox) in bulk in the same transaction, and move ``next_action_at`` on. Cost
follows the due rows, not the open tickets. Two sweeps at once skip each other's rows; a
sweep killed mid-batch rolls that batch back and the next sweep does it again. After each
sweep, ``sla.wakeups`` schedules the next one for the instant the next rung is due.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from notifications.services import notify_bulk
from sla.calculus import levels_due, next_action_at
from sla.measuring import Measured, TicketMeasure, histories_of, measure_ticket
from sla.models import (
    ClockState,
    Escalation,
    EscalationLevel,
    SlaClock,
    SlaPolicy,
    SlaTarget,
)
from sla.persistence import ESCALATION_DETAIL, save_measures, update_rows
from sla.policies import TICKET_RELATED, targets_of
from sla.rows import ClockRow, clock_rows, lock_due, ticket_rows
from sla.rungs import CHANGES_TICKET, AnyTicket, Recipients, perform
from tickets.models import Ticket

logger = logging.getLogger(__name__)

A = EscalationLevel.Action


@dataclass
class SweepReport:
    batches: int = 0
    clocks: int = 0
    fired: int = 0
    skipped: int = 0
    notifications: int = 0
    duplicates: int = 0
    actions: list[tuple[int, int, str]] = field(default_factory=list)


def _due_levels(measure: TicketMeasure, now: datetime) -> list[tuple[Measured, EscalationLevel]]:
    pending = []
    for measured in measure.clocks:
        if measured.target is None or measured.result is None:
            continue
        compiled = measured.target
        fired = set(measured.clock.fired_levels)
        for index in levels_due(measured.result, compiled.offsets, compiled.calendar, now, fired):
            pending.append((measured, compiled.levels[index]))
    return pending


def _mark_fired(measured: Measured, level: int) -> None:
    clock, compiled = measured.clock, measured.target
    clock.fired_levels = sorted({*clock.fired_levels, level})
    if compiled is not None and measured.result is not None:
        clock.next_action_at = next_action_at(
            measured.result, compiled.offsets, compiled.calendar, set(clock.fired_levels)
        )
    measured.changed = True


def _target_rows(
    compiled: dict[int, list[Any]], clocks: Iterable[list[ClockRow]]
) -> dict[int, SlaTarget]:
    """The target row of every clock: from the compiled policies, the rest in one query."""
    rows = {target.row.pk: target.row for targets in compiled.values() for target in targets}
    missing = {c.target_id for group in clocks for c in group} - set(rows)
    if missing:
        rows.update(SlaTarget.objects.in_bulk(missing))
    return rows


ESCALATION_COLUMNS = "clock_id, level, level_rule_id, action, due_at, fired_at, detail"


def claim_escalations(
    rows: list[tuple[int, EscalationLevel, datetime | None, dict[str, Any]]], now: datetime
) -> dict[tuple[int, int], int]:
    """Insert one ``Escalation`` per (clock id, rung, due at, detail); a row that is already
    there (fired by another worker) is left alone. Returns the ids of the rows inserted here,
    by (clock id, level): one statement per thousand rows."""
    table = Escalation._meta.db_table
    adapt = connection.ops.adapt_datetimefield_value
    fired_at = adapt(now)
    claimed: dict[tuple[int, int], int] = {}
    for start in range(0, len(rows), 1000):
        part = rows[start : start + 1000]
        params: list[Any] = []
        for clock_id, level, due_at, detail in part:
            params += [clock_id, level.level, level.pk, level.action, adapt(due_at), fired_at]
            params.append(json.dumps(detail))
        values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(part))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({ESCALATION_COLUMNS}) VALUES {values} "  # noqa: S608 - our table
                "ON CONFLICT (clock_id, level) DO NOTHING RETURNING clock_id, level, id",
                params,
            )
            claimed.update({(clock, level): pk for clock, level, pk in cursor.fetchall()})
    return claimed


Notice = tuple[int, str, int | None, dict[str, Any]]


@dataclass
class _Rung:
    """A due rung of one clock, planned before it is claimed."""

    ticket_id: int
    measured: Measured
    level: EscalationLevel
    detail: dict[str, Any]
    notices: list[Notice] = field(default_factory=list)
    skipped: bool = False


@dataclass
class _Batch:
    """One locked batch being swept: the tickets, their measures and what is to be told."""

    now: datetime
    report: SweepReport
    tickets: dict[int, AnyTicket]
    targets: dict[int, Any] = field(default_factory=dict)
    policies: dict[int, SlaPolicy | None] = field(default_factory=dict)
    measures: dict[int, TicketMeasure] = field(default_factory=dict)
    who: Recipients = field(default_factory=Recipients)
    notifications: list[Notice] = field(default_factory=list)

    def measure_all(self) -> None:
        """Every clock of the batch's tickets, from rows, with a fixed number of queries."""
        ticket_ids = sorted(self.tickets)
        clocks_by_ticket = clock_rows(ticket_ids)
        first_policy = {tid: clocks[0].policy_id for tid, clocks in clocks_by_ticket.items()}
        policies = SlaPolicy.objects.in_bulk(set(first_policy.values()))
        self.targets = targets_of(policies)
        histories = histories_of(ticket_ids)
        target_rows = _target_rows(self.targets, clocks_by_ticket.values())
        for ticket_id in ticket_ids:
            policy = policies.get(first_policy.get(ticket_id, 0))
            self.policies[ticket_id] = policy
            clocks = clocks_by_ticket.get(ticket_id, [])
            for clock in clocks:
                clock.target = target_rows.get(clock.target_id)
            due = {c.metric for c in clocks if c.next_action_at and c.next_action_at <= self.now}
            self.measures[ticket_id] = measure_ticket(
                self.tickets[ticket_id],
                histories.get(ticket_id, []),
                clocks,
                self.targets,
                policy,
                self.now,
                only=due,
            )

    def _plan(self, ticket_id: int, measured: Measured, level: EscalationLevel) -> _Rung:
        """What the rung will do if it is ours to fire. A rung that only tells people is
        worked out now (it writes nothing); one that changes the ticket waits for its claim."""
        result = measured.result
        if level.offset_seconds < 0 and result is not None and result.state == "breached":
            # A warning noticed only after the breach warns no one: the breach rung
            # speaks instead. It is still recorded, so it never fires later.
            detail = {"action": level.action, "skipped": "already_breached"}
            return _Rung(ticket_id, measured, level, detail, skipped=True)
        rung = _Rung(ticket_id, measured, level, {})
        if level.action not in CHANGES_TICKET:
            ticket, clock = self.tickets[ticket_id], measured.clock
            rung.detail, _ = perform(level, clock, ticket, self.now, self.who, rung.notices)
        return rung

    def fire_round(self, todo: list[int]) -> list[int] | None:
        """Fire the due rungs of ``todo``'s clocks; the tickets a rung changed (to measure
        again), or None when nothing was due."""
        pending = [
            (tid, m, lv) for tid in todo for m, lv in _due_levels(self.measures[tid], self.now)
        ]
        if not pending:
            return None
        unsaved = [m.clock for _, m, _ in pending if m.clock.pk is None]
        if unsaved:
            SlaClock.objects.bulk_create(list({id(c): c for c in unsaved}.values()))
            for _, measured, _ in pending:
                measured.is_new = False
        rungs = [self._plan(tid, m, lv) for tid, m, lv in pending]
        claimed = claim_escalations(
            [(r.measured.clock.pk, r.level, r.measured.clock.due_at, r.detail) for r in rungs],
            self.now,
        )
        changed: set[int] = set()
        details: list[Any] = []
        for rung in rungs:
            escalation = claimed.get((rung.measured.clock.pk, rung.level.level))
            _mark_fired(rung.measured, rung.level.level)
            if escalation is None:
                self.report.duplicates += 1
            elif rung.skipped:
                self.report.skipped += 1
            else:
                if rung.level.action in CHANGES_TICKET:
                    rung.detail, did_change = perform(
                        rung.level,
                        rung.measured.clock,
                        self.tickets[rung.ticket_id],
                        self.now,
                        self.who,
                        rung.notices,
                    )
                    details.append(SimpleNamespace(pk=escalation, detail=rung.detail))
                    if did_change:
                        changed.add(rung.ticket_id)
                self.notifications.extend(rung.notices)
                self.report.fired += 1
                self.report.actions.append(
                    (rung.measured.clock.pk, rung.level.level, rung.level.action)
                )
        if details:
            update_rows(Escalation, details, ESCALATION_DETAIL)
        return sorted(changed)

    def measure_again(self, ticket_id: int) -> None:
        """A rung reassigned the ticket or raised its severity: read it and measure it again."""
        ticket = Ticket.objects.select_related(*TICKET_RELATED).get(pk=ticket_id)
        self.tickets[ticket_id] = ticket
        measure = measure_ticket(
            ticket,
            histories_of([ticket_id]).get(ticket_id, []),
            [m.clock for m in self.measures[ticket_id].clocks],
            self.targets,
            self.policies[ticket_id],
            self.now,
        )
        for measured in measure.clocks:
            measured.is_new = measured.clock.pk is None
            measured.changed = True
        measure.ticket_changed = True
        self.measures[ticket_id] = measure


def sweep_batch(due: list[tuple[int, int]], now: datetime, report: SweepReport) -> None:
    """Process one locked batch of (clock id, ticket id) (inside the caller's transaction):
    a fixed number of queries per batch, plus a few per ticket only for the rare rungs that
    reassign or raise severity."""
    batch = _Batch(now=now, report=report, tickets=dict(ticket_rows({t for _, t in due})))
    batch.measure_all()
    todo: list[int] | None = sorted(batch.tickets)
    for _round in range(3):  # a rung that changes the ticket re-measures it once more
        todo = batch.fire_round(todo or [])
        if not todo:
            break
        for ticket_id in todo:
            batch.measure_again(ticket_id)
    save_measures(batch.measures.values())
    if batch.notifications:
        report.notifications += notify_bulk(batch.notifications, now=now)


def sla_sweep(
    *,
    now: datetime | None = None,
    batch_size: int = 500,
    max_batches: int = 1000,
    on_batch_done: Callable[[SweepReport], None] | None = None,
) -> SweepReport:
    """Fire every due escalation. Each batch commits on its own; ``on_batch_done`` runs after
    each commit (tests use it to simulate a worker that dies half-way)."""
    moment = now or timezone.now()
    report = SweepReport()
    after_pk = 0
    for _ in range(max_batches):
        with transaction.atomic():
            due = lock_due(moment, after_pk, batch_size)
            if not due:
                break
            sweep_batch(due, moment, report)
        report.batches += 1
        report.clocks += len(due)
        after_pk = due[-1][0]
        if on_batch_done is not None:
            on_batch_done(report)
        if len(due) < batch_size:
            break
    return report


__all__ = ["ClockState", "SweepReport", "claim_escalations", "sla_sweep", "sweep_batch"]
