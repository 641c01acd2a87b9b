"""The escalation sweep: fire each due rung of each clock's ladder exactly once.

Due clocks are found by the partial index on ``SlaClock.next_action_at`` and locked with
``SELECT … FOR UPDATE SKIP LOCKED`` (clock and ticket) in pk order, a batch per transaction.
For each batch: recompute the tickets' clocks from their histories, insert one
``Escalation`` row per fired (clock, level) — the unique constraint is the last guard —,
perform the actions and write the notifications (inbox + e-mail outbox) in the same
transaction, and move ``next_action_at`` on. Cost follows the due rows, not the open
tickets. Two sweeps at once skip each other's rows; a sweep killed mid-batch rolls that
batch back and the next sweep does it again.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Organisation, User
from notifications.services import notify_many
from sla.calculus import levels_due, next_action_at
from sla.events import SlaEvent, SlaNotice
from sla.measuring import Measured, TicketMeasure, histories_of, measure_ticket
from sla.models import ClockState, Escalation, EscalationLevel, SlaClock, SlaPolicy
from sla.persistence import save_measures, store_details
from sla.policies import TICKET_RELATED, targets_of
from tickets.models import FaultSeverity, Ticket, TicketEvent

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


class Recipients:
    """Who gets told, resolved with a few queries per batch (cached per role)."""

    def __init__(self) -> None:
        self._role: dict[str, list[tuple[int, int]]] = {}
        self._internal: set[int] | None = None
        self._dealer_orgs: set[int] | None = None

    def internal(self) -> set[int]:
        if self._internal is None:
            self._internal = set(
                Organisation.objects.filter(kind=Organisation.Kind.SERVICE_CENTRE).values_list(
                    "pk", flat=True
                )
            )
        return self._internal

    def members(self, role: str) -> list[tuple[int, int]]:
        if role not in self._role:
            self._role[role] = list(
                User.objects.filter(is_active=True, groups__name=role)
                .order_by("pk")
                .values_list("pk", "organisation_id")
                .distinct()
            )
        return self._role[role]

    def role_for_ticket(self, role: str, ticket: Ticket) -> list[int]:
        """Holders of ``role`` in the service department or the ticket's organisation."""
        allowed = self.internal() | {ticket.assigned_organisation_id}
        return [user for user, org in self.members(role) if org in allowed]

    def supervisors(self, ticket: Ticket) -> list[int]:
        if ticket.supervisor_id:
            return [ticket.supervisor_id]
        own = [u for u, org in self.members("supervisor") if org == ticket.assigned_organisation_id]
        return own or [u for u, org in self.members("supervisor") if org in self.internal()]

    def org_managers(self, ticket: Ticket) -> list[int]:
        org = ticket.assigned_organisation_id
        if org in self.internal():
            managers = [u for u, o in self.members("manager") if o == org]
        else:
            managers = [u for u, o in self.members("dealer") if o == org]
        return managers or [u for u, o in self.members("manager") if o in self.internal()]


def _code_for(offset: int) -> str:
    if offset < 0:
        return SlaNotice.WARNING
    if offset == 0:
        return SlaNotice.BREACHED
    return SlaNotice.ESCALATED


def _payload(ticket: Ticket, clock: SlaClock, level: EscalationLevel) -> dict[str, Any]:
    return {
        "number": ticket.number,
        "metric": clock.metric,
        "due_at": clock.due_at.isoformat() if clock.due_at else None,
        "level": level.level,
        "offset_seconds": level.offset_seconds,
    }


def _reassign(level: EscalationLevel, clock: SlaClock, ticket: Ticket, now: datetime) -> int:
    """Give the ticket to the rung's person (and their organisation), on the record."""
    person = User.objects.get(pk=level.reassign_to_id or 0)
    ticket.technician_id = person.pk
    ticket.assigned_organisation_id = person.organisation_id
    Ticket.objects.filter(pk=ticket.pk).update(
        technician=person, assigned_organisation_id=person.organisation_id
    )
    TicketEvent.objects.create(
        ticket=ticket,
        code=SlaEvent.REASSIGN,
        at=now,
        payload={
            "technician": person.pk,
            "assigned_organisation": person.organisation_id,
            "metric": clock.metric,
            "level": level.level,
        },
    )
    return person.pk


def _raise_severity(clock: SlaClock, ticket: Ticket, now: datetime) -> str | None:
    """One level more severe, on the record; the new severity's code (None at the top)."""
    current = ticket.severity
    higher = (
        FaultSeverity.objects.filter(is_active=True, rank__lt=current.rank)
        .order_by("-rank")
        .first()
    )
    if higher is None:
        return None
    Ticket.objects.filter(pk=ticket.pk).update(severity=higher)
    TicketEvent.objects.create(
        ticket=ticket,
        code=SlaEvent.RAISE_SEVERITY,
        at=now,
        payload={"severity": higher.code, "previous": current.code, "metric": clock.metric},
    )
    ticket.severity = higher
    return higher.code


def _perform(
    level: EscalationLevel,
    clock: SlaClock,
    ticket: Ticket,
    now: datetime,
    who: Recipients,
    out: list[tuple[int, str, int | None, dict[str, Any]]],
) -> tuple[dict[str, Any], bool]:
    """Carry out one rung; returns (what was done, whether the ticket changed)."""
    payload = _payload(ticket, clock, level)
    code = _code_for(level.offset_seconds)
    changed = False
    if level.action == A.NOTIFY_ROLE:
        users = who.role_for_ticket(level.role, ticket)
    elif level.action == A.NOTIFY_SUPERVISOR:
        users = who.supervisors(ticket)
    elif level.action == A.NOTIFY_ORG_MANAGERS:
        users = who.org_managers(ticket)
    elif level.action == A.NOTIFY_USERS:
        users = [u.pk for u in level.users.all() if u.is_active]
    elif level.action == A.REASSIGN and level.reassign_to_id:
        users, code, changed = [_reassign(level, clock, ticket, now)], SlaNotice.REASSIGNED, True
    elif level.action == A.RAISE_SEVERITY:
        users, code = who.supervisors(ticket), SlaNotice.SEVERITY_RAISED
        raised = _raise_severity(clock, ticket, now)
        if raised is not None:
            payload["severity"], changed = raised, True
    else:
        users = []
    for user in dict.fromkeys(users):
        out.append((user, code, ticket.pk, payload))
    return {
        "action": level.action,
        "code": code,
        "recipients": list(dict.fromkeys(users)),
        **({"severity": payload["severity"]} if "severity" in payload else {}),
    }, changed


def _insert_escalations(rows: list[Escalation], report: SweepReport) -> set[tuple[int, int]]:
    """Insert the escalation rows; those already there (fired by someone else) are skipped
    and returned, so their actions are not performed again."""
    if not rows:
        return set()
    try:
        with transaction.atomic():
            Escalation.objects.bulk_create(rows)
        return set()
    except IntegrityError:
        pass
    duplicates: set[tuple[int, int]] = set()
    for row in rows:
        try:
            with transaction.atomic():
                row.pk = None
                row.save(force_insert=True)
        except IntegrityError:
            duplicates.add((row.clock_id, row.level))
            report.duplicates += 1
    return duplicates


def _lock_due(now: datetime, after_pk: int, batch_size: int) -> list[SlaClock]:
    return list(
        SlaClock.objects.filter(next_action_at__lte=now, pk__gt=after_pk)
        .order_by("pk")
        .select_for_update(skip_locked=True, of=("self", "ticket"))
        .select_related(*(f"ticket__{name}" for name in TICKET_RELATED))[:batch_size]
    )


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


@dataclass
class _Batch:
    """One locked batch being swept: the tickets, their measures and what is to be told."""

    now: datetime
    report: SweepReport
    tickets: dict[int, Ticket]
    targets: dict[int, Any] = field(default_factory=dict)
    policies: dict[int, SlaPolicy | None] = field(default_factory=dict)
    measures: dict[int, TicketMeasure] = field(default_factory=dict)
    who: Recipients = field(default_factory=Recipients)
    notifications: list[tuple[int, str, int | None, dict[str, Any]]] = field(default_factory=list)

    def measure_all(self) -> None:
        """Every clock of the batch's tickets, with a fixed number of queries."""
        ticket_ids = sorted(self.tickets)
        clocks_by_ticket: dict[int, list[SlaClock]] = defaultdict(list)
        for clock in (
            SlaClock.objects.filter(ticket_id__in=ticket_ids)
            .select_related("target")
            .order_by("pk")
        ):
            clocks_by_ticket[clock.ticket_id].append(clock)
        policy_ids = {c.target.policy_id for clocks in clocks_by_ticket.values() for c in clocks}
        policies = {p.pk: p for p in SlaPolicy.objects.filter(pk__in=policy_ids)}
        self.targets = targets_of(policy_ids)
        histories = histories_of(ticket_ids)
        for ticket_id in ticket_ids:
            existing = clocks_by_ticket[ticket_id]
            first = min(existing, key=lambda c: c.pk) if existing else None
            policy = policies.get(first.target.policy_id) if first is not None else None
            self.policies[ticket_id] = policy
            self.measures[ticket_id] = measure_ticket(
                self.tickets[ticket_id],
                histories.get(ticket_id, []),
                existing,
                self.targets,
                policy,
                self.now,
            )

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
        rows = [
            Escalation(
                clock_id=m.clock.pk,
                level=lv.level,
                level_rule=lv,
                action=lv.action,
                due_at=m.clock.due_at,
                fired_at=self.now,
            )
            for _, m, lv in pending
        ]
        duplicates = _insert_escalations(rows, self.report)
        changed: set[int] = set()
        for (ticket_id, measured, level), row in zip(pending, rows, strict=True):
            _mark_fired(measured, level.level)
            if (measured.clock.pk, level.level) not in duplicates and self._fire(
                ticket_id, measured, level, row
            ):
                changed.add(ticket_id)
        store_details([r for r in rows if r.detail])
        return sorted(changed)

    def _fire(self, ticket_id: int, measured: Measured, level: EscalationLevel, row: Any) -> bool:
        """Perform one rung (recorded on ``row``); True when it changed the ticket."""
        result = measured.result
        if level.offset_seconds < 0 and result is not None and result.state == "breached":
            # A warning noticed only after the breach warns no one: the breach rung
            # speaks instead. It is still recorded, so it never fires later.
            row.detail = {"action": level.action, "skipped": "already_breached"}
            self.report.skipped += 1
            return False
        detail, changed = _perform(
            level, measured.clock, self.tickets[ticket_id], self.now, self.who, self.notifications
        )
        row.detail = detail
        self.report.fired += 1
        self.report.actions.append((measured.clock.pk, level.level, level.action))
        return changed

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


def sweep_batch(due: list[SlaClock], now: datetime, report: SweepReport) -> None:
    """Process one locked batch (inside the caller's transaction): a fixed number of queries
    per batch, plus a few per ticket only for the rare rungs that reassign or raise severity."""
    batch = _Batch(now=now, report=report, tickets={c.ticket_id: c.ticket for c in due})
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
        notify_many(batch.notifications, now=now)
        report.notifications += len(batch.notifications)


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
            due = _lock_due(moment, after_pk, batch_size)
            if not due:
                break
            sweep_batch(due, moment, report)
        report.batches += 1
        report.clocks += len(due)
        after_pk = due[-1].pk
        if on_batch_done is not None:
            on_batch_done(report)
        if len(due) < batch_size:
            break
    return report


__all__ = ["ClockState", "SweepReport", "sla_sweep", "sweep_batch"]
