"""SLA services: rows in, the pure calculus (``tickets.sla``) in the middle, clocks out.

``clocks_recompute`` loads a ticket's history, picks its policy (the version it is already
measured under, unless re-applied) and for each metric the first matching target of that
policy, calls ``compute_clock`` and stores state, due time, remaining time and the next
escalation instant on ``SlaClock``; then denormalises the most urgent clock onto the ticket.
The sweep (``tickets.sla_sweep``) uses the same ``measure_ticket`` on whole batches.
"""

from __future__ import annotations

import json
import threading
import time as _time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Prefetch
from django.utils import timezone

from tickets.models import (
    BusinessCalendar,
    ClockState,
    EscalationLevel,
    SlaClock,
    SlaPolicy,
    SlaTarget,
    Ticket,
    TicketEvent,
)
from tickets.sla import (
    CalendarSpec,
    ClockResult,
    HistoryEntry,
    TargetSpec,
    Window,
    action_times,
    compute_clock,
    next_action_at,
)

RUNNING = frozenset({ClockState.RUNNING, ClockState.BREACHED})

# --- calendars --------------------------------------------------------------------------

_SPECS: dict[int, tuple[datetime, CalendarSpec]] = {}
_SPEC_CHECKED: dict[int, float] = {}
_LOCK = threading.Lock()
SPEC_RECHECK_SECONDS = 60.0


#: Compiled targets per policy version, kept at most TARGET_CACHE_SECONDS: a policy version
#: does not change once written (revising makes a new one), so this only bounds how long a
#: hand edit in the admin of another process takes to be seen.
_TARGETS: dict[int, tuple[float, list[CompiledTarget]]] = {}
TARGET_CACHE_SECONDS = 60.0


def clear_caches() -> None:
    """Forget cached calendar specs and compiled targets (tests; after edits of the rows)."""
    with _LOCK:
        _SPECS.clear()
        _SPEC_CHECKED.clear()
        _TARGETS.clear()
        _POLICIES.clear()


def build_calendar_spec(calendar: BusinessCalendar) -> CalendarSpec:
    """The pure ``CalendarSpec`` of a calendar row (two queries: windows, exceptions)."""
    weekly: list[list[Window]] = [[] for _ in range(7)]
    for window in calendar.windows.all():
        weekly[window.weekday].append(Window(window.start_minute, window.end_minute))
    days = tuple(tuple(_merge_windows(day)) for day in weekly)
    holidays: dict[Any, str] = {}
    adjusted: set[Any] = set()
    for day, kind, name in calendar.exceptions.values_list("date", "kind", "name"):
        if kind == "holiday":
            holidays[day] = name
        else:
            adjusted.add(day)
    adjusted_windows = days[calendar.adjusted_workday_weekday] or next((d for d in days if d), ())
    return CalendarSpec(
        tz=calendar.tz,
        weekly=days,
        holidays=holidays,
        adjusted_workdays=frozenset(adjusted) if adjusted_windows else frozenset(),
        adjusted_windows=adjusted_windows,
    )


def _merge_windows(windows: list[Window]) -> list[Window]:
    merged: list[Window] = []
    for window in sorted(windows):
        if merged and window.start_minute <= merged[-1].end_minute:
            last = merged[-1]
            merged[-1] = Window(last.start_minute, max(last.end_minute, window.end_minute))
        else:
            merged.append(window)
    return merged


def calendar_spec(calendar: BusinessCalendar) -> CalendarSpec:
    """The spec of ``calendar``, cached per (calendar, ``updated_at``)."""
    cached = _SPECS.get(calendar.pk)
    if cached is not None and cached[0] == calendar.updated_at:
        return cached[1]
    spec = build_calendar_spec(calendar)
    with _LOCK:
        _SPECS[calendar.pk] = (calendar.updated_at, spec)
        _SPEC_CHECKED[calendar.pk] = _time.monotonic()
    return spec


def forget_calendar(calendar_id: int) -> None:
    """The calendar changed in this process: the next ``calendar_spec_by_id`` re-checks it."""
    with _LOCK:
        _SPEC_CHECKED.pop(calendar_id, None)


def calendar_spec_by_id(calendar_id: int) -> CalendarSpec | None:
    """For display (queue badges): re-checks ``updated_at`` at most once a minute per calendar."""
    cached = _SPECS.get(calendar_id)
    checked = _SPEC_CHECKED.get(calendar_id, 0.0)
    if cached is not None and _time.monotonic() - checked < SPEC_RECHECK_SECONDS:
        return cached[1]
    calendar = BusinessCalendar.objects.filter(pk=calendar_id).first()
    if calendar is None:
        return None
    spec = calendar_spec(calendar)
    with _LOCK:
        _SPEC_CHECKED[calendar_id] = _time.monotonic()
    return spec


# --- history and facts --------------------------------------------------------------------


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


@dataclass(frozen=True)
class TicketFacts:
    kind: str
    severity: str
    region_class: str
    channel: str
    organisation: str
    service_type: str

    @classmethod
    def of(cls, ticket: Ticket) -> TicketFacts:
        return cls(
            kind=ticket.kind,
            severity=ticket.severity.code,
            region_class=ticket.region_class.code,
            channel=ticket.channel,
            organisation=ticket.assigned_organisation.code,
            service_type=ticket.service_type,
        )


TICKET_RELATED = ("severity", "region_class", "assigned_organisation")


def policy_matches(policy: SlaPolicy, facts: TicketFacts) -> bool:
    if policy.is_default:
        return True
    return all(
        not allowed or value in allowed
        for allowed, value in (
            (policy.match_kinds, facts.kind),
            (policy.match_severities, facts.severity),
            (policy.match_region_classes, facts.region_class),
            (policy.match_organisations, facts.organisation),
            (policy.match_service_types, facts.service_type),
        )
    )


#: Current policy rows by id, with the (updated_at, is_default) they were read with.
_POLICIES: dict[int, tuple[tuple[Any, Any], SlaPolicy]] = {}


def current_policies() -> list[SlaPolicy]:
    """The current policies in the order they are tried (by priority, the default last).

    Always fresh, and cheap on the creation path: one small query reads the ids and what can
    change in place (``updated_at``, and ``is_default``, which is flipped by a bulk update);
    the rows themselves come from a per-process cache keyed on those, so only a policy
    created, revised or edited since is read again.
    """
    table = SlaPolicy._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, updated_at, is_default FROM {table} WHERE is_current "  # noqa: S608 - our table
            "ORDER BY is_default, priority, id"
        )
        current = cursor.fetchall()
    missing = [
        pk
        for pk, updated, default in current
        if _POLICIES.get(pk, ((None, None), None))[0] != (updated, bool(default))
    ]
    if missing:
        loaded = SlaPolicy.objects.in_bulk(missing)
        with _LOCK:
            for pk, updated, default in current:
                if pk in loaded:
                    _POLICIES[pk] = ((updated, bool(default)), loaded[pk])
    policies = []
    for pk, updated, default in current:
        cached = _POLICIES.get(pk)
        if cached is None or cached[0] != (updated, bool(default)):  # changed under our feet
            return list(
                SlaPolicy.objects.filter(is_current=True).order_by("is_default", "priority", "pk")
            )
        policies.append(cached[1])
    return policies


def policy_for(facts: TicketFacts) -> SlaPolicy | None:
    """The current policy whose rules match first (by priority), else the default."""
    return next((p for p in current_policies() if policy_matches(p, facts)), None)


# --- targets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompiledTarget:
    row: SlaTarget
    spec: TargetSpec
    offsets: tuple[int, ...]
    levels: tuple[EscalationLevel, ...]

    @property
    def calendar(self) -> CalendarSpec:
        # By id: the compiled target may be cached longer than the calendar stays unedited.
        spec = calendar_spec_by_id(self.row.calendar_id)
        return spec if spec is not None else calendar_spec(self.row.calendar)


def compile_target(row: SlaTarget) -> CompiledTarget:
    levels = tuple(sorted(row.levels.all(), key=lambda level: level.level))
    spec = TargetSpec(
        metric=row.metric,
        duration_seconds=row.duration_seconds,
        start_on=frozenset(row.start_on),
        stop_on=frozenset(row.stop_on),
        pause_statuses=frozenset(row.pause_statuses),
        cancel_on=frozenset(row.cancel_on),
    )
    return CompiledTarget(
        row=row, spec=spec, offsets=tuple(lv.offset_seconds for lv in levels), levels=levels
    )


def targets_of(policy_ids: Iterable[int]) -> dict[int, list[CompiledTarget]]:
    """Every target of the given policies with calendar and ladder: three queries for the
    versions not compiled in the last TARGET_CACHE_SECONDS, none for the others."""
    moment = _time.monotonic()
    grouped: dict[int, list[CompiledTarget]] = defaultdict(list)
    missing = []
    for policy_id in dict.fromkeys(policy_ids):
        hit = _TARGETS.get(policy_id)
        if hit is not None and moment - hit[0] < TARGET_CACHE_SECONDS:
            grouped[policy_id] = hit[1]
        else:
            missing.append(policy_id)
    if not missing:
        return grouped
    rows = (
        SlaTarget.objects.filter(policy_id__in=missing)
        .select_related("calendar")
        .prefetch_related(
            Prefetch("levels", queryset=EscalationLevel.objects.prefetch_related("users"))
        )
        .order_by("policy_id", "metric", "position", "id")
    )
    fresh: dict[int, list[CompiledTarget]] = {policy_id: [] for policy_id in missing}
    for row in rows:
        fresh[row.policy_id].append(compile_target(row))
    with _LOCK:
        for policy_id, compiled in fresh.items():
            _TARGETS[policy_id] = (moment, compiled)
    grouped.update(fresh)
    return grouped


def pick_target(
    targets: Sequence[CompiledTarget], metric: str, facts: TicketFacts
) -> CompiledTarget | None:
    for target in targets:
        if target.row.metric == metric and target.row.matches(
            kind=facts.kind,
            severity=facts.severity,
            region_class=facts.region_class,
            channel=facts.channel,
        ):
            return target
    return None


# --- measuring ------------------------------------------------------------------------------

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


@dataclass
class Measured:
    clock: SlaClock
    target: CompiledTarget | None
    result: ClockResult | None
    is_new: bool = False
    changed: bool = False


@dataclass
class TicketMeasure:
    ticket: Ticket
    clocks: list[Measured] = field(default_factory=list)
    ticket_changed: bool = False


def _signature(clock: SlaClock) -> tuple[Any, ...]:
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
    ticket: Ticket,
    history: list[HistoryEntry],
    existing: list[SlaClock],
    policy_targets: dict[int, list[CompiledTarget]],
    policy: SlaPolicy | None,
    now: datetime,
) -> TicketMeasure:
    """Compute every clock of ``ticket`` (no queries when ``policy_targets`` holds the policy;
    ``ticket`` needs its severity, region class and organisation loaded)."""
    facts = TicketFacts.of(ticket)
    targets = policy_targets.get(policy.pk, []) if policy is not None else []
    by_metric = {clock.metric: clock for clock in existing}
    metrics = list(dict.fromkeys([t.row.metric for t in targets] + list(by_metric)))
    measure = TicketMeasure(ticket=ticket)
    for metric in metrics:
        clock = by_metric.get(metric)
        target = pick_target(targets, metric, facts)
        if target is None:
            if clock is not None:
                before = _signature(clock)
                clock.applies = False
                clock.next_action_at = None
                clock.warned = False
                measure.clocks.append(
                    Measured(clock, None, None, changed=_signature(clock) != before)
                )
            continue
        calendar = target.calendar
        result = compute_clock(history, target.spec, calendar, now)
        if clock is None:
            if result.state == ClockState.PENDING:
                continue
            clock = SlaClock(ticket=ticket, metric=metric, target=target.row)
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
    clock: SlaClock,
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


def denormalise(ticket: Ticket, clocks: list[SlaClock]) -> bool:
    """Put the most urgent running clock on the ticket; True when a field changed."""
    live = [c for c in clocks if c.applies]
    running = [c for c in live if c.state in RUNNING and c.due_at is not None]
    if running:
        urgent = min(running, key=lambda c: c.due_at)
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


def save_measures(measures: Iterable[TicketMeasure]) -> None:
    """Write what changed: new clocks in one INSERT, changed clocks and tickets in bulk UPDATEs."""
    new: list[SlaClock] = []
    changed: list[SlaClock] = []
    tickets: list[Ticket] = []
    for measure in measures:
        for measured in measure.clocks:
            if measured.is_new:
                new.append(measured.clock)
            elif measured.changed:
                changed.append(measured.clock)
        if measure.ticket_changed:
            tickets.append(measure.ticket)
    if new:
        SlaClock.objects.bulk_create(new)
    if changed:
        _update_rows(SlaClock, changed, CLOCK_UPDATE)
    if tickets:
        _update_rows(Ticket, tickets, TICKET_UPDATE)


# (attribute, column, PostgreSQL type) of the columns the engine writes back.
CLOCK_UPDATE = [
    ("target_id", "target_id", "bigint"),
    ("state", "state", "varchar"),
    ("applies", "applies", "boolean"),
    ("warned", "warned", "boolean"),
    ("started_at", "started_at", "timestamptz"),
    ("due_at", "due_at", "timestamptz"),
    ("stopped_at", "stopped_at", "timestamptz"),
    ("used_seconds", "used_seconds", "integer"),
    ("remaining_seconds", "remaining_seconds", "integer"),
    ("computed_at", "computed_at", "timestamptz"),
    ("next_action_at", "next_action_at", "timestamptz"),
    ("fired_levels", "fired_levels", "jsonb"),
]
TICKET_UPDATE = [
    ("sla_state", "sla_state", "varchar"),
    ("sla_due_at", "sla_due_at", "timestamptz"),
    ("sla_metric", "sla_metric", "varchar"),
    ("sla_calendar_id", "sla_calendar_id", "bigint"),
]


def _update_rows(
    model: Any, rows: list[Any], columns: list[tuple[str, str, str]], chunk: int = 1000
) -> None:
    """Many rows, different values, one UPDATE … FROM (VALUES …) per chunk on PostgreSQL
    (Django's CASE-based bulk_update costs seconds for a thousand rows); bulk_update elsewhere."""
    if connection.vendor != "postgresql":
        model.objects.bulk_update(
            rows, [name.removesuffix("_id") for name, _, _ in columns], batch_size=500
        )
        return
    table = model._meta.db_table
    names = ", ".join(column for _, column, _ in columns)
    assignments = ", ".join(f"{column} = v.{column}" for _, column, _ in columns)
    placeholder = "(%s::bigint, " + ", ".join(f"%s::{kind}" for _, _, kind in columns) + ")"
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        params: list[Any] = []
        for row in part:
            params.append(row.pk)
            for name, _, kind in columns:
                value = getattr(row, name)
                params.append(json.dumps(value) if kind == "jsonb" else value)
        values = ", ".join([placeholder] * len(part))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS t SET {assignments} FROM (VALUES {values}) "  # noqa: S608 - our names
                f"AS v(id, {names}) WHERE t.id = v.id",
                params,
            )


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
    INSERT; the caller saves the returned clocks after the ticket (``sla_sync.save_new_clocks``).
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
    from tickets.models import OPEN_STATUSES

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


# --- policy revision --------------------------------------------------------------------------

POLICY_FIELDS = [
    "name_zh",
    "name_en",
    "priority",
    "is_default",
    "match_kinds",
    "match_severities",
    "match_region_classes",
    "match_organisations",
    "match_service_types",
]
TARGET_FIELDS = [
    "metric",
    "position",
    "when_kinds",
    "when_severities",
    "when_region_classes",
    "when_channels",
    "duration_seconds",
    "calendar_id",
    "start_on",
    "stop_on",
    "pause_statuses",
    "cancel_on",
]
LEVEL_FIELDS = ["level", "offset_seconds", "action", "role", "reassign_to_id"]


def _policy_snapshot(policy: SlaPolicy) -> dict[str, Any]:
    targets = []
    for target in policy.targets.order_by("metric", "position", "id").prefetch_related(
        "levels__users"
    ):
        levels = [
            {
                **{f: getattr(lv, f) for f in LEVEL_FIELDS},
                "user_ids": [u.pk for u in lv.users.all()],
            }
            for lv in target.levels.order_by("level")
        ]
        targets.append({**{f: getattr(target, f) for f in TARGET_FIELDS}, "levels": levels})
    return {**{f: getattr(policy, f) for f in POLICY_FIELDS}, "targets": targets}


@transaction.atomic
def policy_revise(
    *,
    policy: SlaPolicy,
    by: Any = None,
    changes: dict[str, Any] | None = None,
    targets: list[dict[str, Any]] | None = None,
) -> SlaPolicy:
    """Create the next version of ``policy`` with ``changes`` to its fields and, when given,
    ``targets`` (full list of target dicts with ``levels``) replacing the old ones. The old
    version stays for the clocks measured under it; the new one becomes current."""
    current = SlaPolicy.objects.select_for_update().get(key=policy.key, is_current=True)
    snapshot = _policy_snapshot(current)
    snapshot.update({k: v for k, v in (changes or {}).items() if k in POLICY_FIELDS})
    if targets is not None:
        snapshot["targets"] = targets
    latest = (
        SlaPolicy.objects.filter(key=current.key)
        .order_by("-version")
        .values_list("version", flat=True)[0]
    )
    SlaPolicy.objects.filter(pk=current.pk).update(is_current=False)
    if snapshot["is_default"]:
        SlaPolicy.objects.filter(is_current=True, is_default=True).update(is_default=False)
    revised = SlaPolicy.objects.create(
        key=current.key,
        version=latest + 1,
        is_current=True,
        created_by=by,
        **{f: snapshot[f] for f in POLICY_FIELDS},
    )
    _create_targets(revised, snapshot["targets"])
    return revised


def _create_targets(policy: SlaPolicy, targets: list[dict[str, Any]]) -> None:
    for spec in targets:
        target = SlaTarget.objects.create(
            policy=policy, **{f: spec[f] for f in TARGET_FIELDS if f in spec}
        )
        for number, level in enumerate(spec.get("levels", [])):
            row = EscalationLevel.objects.create(
                target=target,
                level=level.get("level", number),
                **{f: level[f] for f in LEVEL_FIELDS if f in level and f != "level"},
            )
            if level.get("user_ids"):
                row.users.set(level["user_ids"])


@transaction.atomic
def policy_create(
    *, by: Any = None, fields: dict[str, Any], targets: list[dict[str, Any]]
) -> SlaPolicy:
    """A new policy (version 1) with its targets and ladders."""
    if fields.get("is_default"):
        SlaPolicy.objects.filter(is_current=True, is_default=True).update(is_default=False)
    policy = SlaPolicy.objects.create(
        key=fields["key"],
        version=1,
        is_current=True,
        created_by=by,
        **{f: fields[f] for f in POLICY_FIELDS if f in fields},
    )
    _create_targets(policy, targets)
    return policy
