"""Complaint clocks on the SLA engine's calendars and calculus, and the 催办 sweep.

Storage: one ``ComplaintClock`` row per (complaint, target kind), recomputed from the
complaint's events with the pure calculus (``compute_clock``) in the transaction of every
step. ``next_check_at`` is the next reminder instant (near due, then due); the sweep picks
rows by that indexed time with ``select_for_update(skip_locked=True)`` in pk order and
writes a ``Reminder`` per (complaint, target, level) — unique, so each 催办 fires once
however often the sweep runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from complaints.events import ComplaintEventCode as Code
from complaints.models import (
    ClockState,
    Complaint,
    ComplaintClock,
    ComplaintEvent,
    ComplaintTarget,
    DelayExplanation,
    Reminder,
    TargetKind,
)
from sla.calculus import CalendarSpec, HistoryEntry, TargetSpec, compute_clock
from sla.calculus import levels_due as calculus_levels_due
from sla.calculus import next_action_at as calculus_next_action_at
from sla.calendars import calendar_spec

CREATED = frozenset({Code.CREATED.value})
#: How each target starts, stops and is called off (event codes and statuses).
SPECS: dict[str, dict[str, frozenset[str]]] = {
    TargetKind.REPLY: {
        "start_on": CREATED,
        "stop_on": frozenset({Code.CONTACT.value, Code.REPLY.value, Code.ACCEPT.value}),
        "cancel_on": frozenset({"cancelled"}),
    },
    TargetKind.ON_SITE: {
        "start_on": CREATED,
        "stop_on": frozenset({Code.SITE_VISIT.value}),
        # closed without a visit: none was needed
        "cancel_on": frozenset({"cancelled", "closed"}),
    },
    TargetKind.CLOSURE: {
        "start_on": CREATED,
        "stop_on": frozenset({"closed"}),
        "cancel_on": frozenset({"cancelled"}),
    },
}
STATES = {
    "running": ClockState.RUNNING,
    "paused": ClockState.RUNNING,
    "pending": ClockState.RUNNING,
    "breached": ClockState.BREACHED,
    "met": ClockState.MET,
    "met_late": ClockState.MET_LATE,
    "cancelled": ClockState.CANCELLED,
}


def targets_for(complaint: Complaint) -> dict[str, ComplaintTarget]:
    """The target row of each kind: the complaint's seriousness and domestic/abroad; a row
    naming the complaint's class beats a general one."""
    rows = ComplaintTarget.objects.filter(
        Q(complaint_class__isnull=True) | Q(complaint_class=complaint.complaint_class_id),
        is_active=True,
        seriousness=complaint.seriousness_id,
        abroad=complaint.abroad,
    ).select_related("calendar")
    chosen: dict[str, ComplaintTarget] = {}
    for row in sorted(rows, key=lambda r: (r.complaint_class_id is None, r.pk)):
        chosen.setdefault(row.kind, row)
    return chosen


def history(complaint_id: int) -> list[HistoryEntry]:
    rows = (
        ComplaintEvent.objects.filter(complaint_id=complaint_id)
        .order_by("at", "id")
        .values_list("at", "code", "to_status")
    )
    entries, status = [], ""
    for at, code, to_status in rows:
        status = to_status or status
        entries.append(HistoryEntry(at=at, status=status, event=code))
    return entries


def _spec(target: ComplaintTarget) -> tuple[TargetSpec, CalendarSpec, tuple[int, int]]:
    codes = SPECS[target.kind]
    spec = TargetSpec(
        metric=f"complaint_{target.kind}", duration_seconds=target.duration_seconds, **codes
    )
    return spec, calendar_spec(target.calendar), (-int(target.warn_before_seconds), 0)


def _fired(complaint_id: int) -> dict[str, set[int]]:
    fired: dict[str, set[int]] = {}
    for kind, level in Reminder.objects.filter(complaint_id=complaint_id).values_list(
        "kind", "level"
    ):
        fired.setdefault(kind, set()).add(level)
    return fired


def clocks_recompute(complaint: Complaint, *, now: datetime | None = None) -> list[ComplaintClock]:
    """Bring the complaint's clock rows up to date (inside the caller's transaction)."""
    now = now or timezone.now()
    entries = history(complaint.pk)
    existing = {c.kind: c for c in ComplaintClock.objects.filter(complaint=complaint)}
    fired = _fired(complaint.pk)
    out = []
    for kind, target in targets_for(complaint).items():
        spec, cal, offsets = _spec(target)
        result = compute_clock(entries, spec, cal, now)
        if result.started_at is None or result.due_at is None:
            continue
        clock = existing.get(kind) or ComplaintClock(complaint=complaint, kind=kind)
        clock.target = target
        clock.state = STATES[result.state]
        clock.started_at, clock.due_at = result.started_at, result.due_at
        clock.stopped_at = result.stopped_at
        clock.next_check_at = calculus_next_action_at(result, offsets, cal, fired.get(kind, set()))
        clock.save()
        out.append(clock)
    if complaint.status == "closed" and (
        closure := next((c for c in out if c.kind == "closure"), None)
    ):
        on_time = closure.state == ClockState.MET
        if complaint.closed_on_time != on_time:
            complaint.closed_on_time = on_time
            Complaint.objects.filter(pk=complaint.pk).update(closed_on_time=on_time)
    return out


def unexplained_delays(complaint: Complaint, *, now: datetime | None = None) -> list[str]:
    """Target kinds that were missed (overdue now, or met late) with no written explanation."""
    late = [c.kind for c in clocks_recompute(complaint, now=now) if c.is_late]
    if not late:
        return []
    explained = set(
        DelayExplanation.objects.filter(complaint=complaint).values_list("kind", flat=True)
    )
    return [kind for kind in late if kind not in explained]


# --- the sweep ------------------------------------------------------------------------------


def reminders_sweep(*, now: datetime | None = None, batch_size: int = 200) -> int:
    """Fire every reminder level now due; returns how many reminders were written. Safe to
    run twice and from two workers at once (rows locked, skip locked, one row per level)."""
    now = now or timezone.now()
    fired = 0
    while True:
        with transaction.atomic():
            clocks = list(
                ComplaintClock.objects.filter(next_check_at__lte=now)
                .select_for_update(skip_locked=True)
                .order_by("pk")[:batch_size]
            )
            for clock in clocks:
                fired += _sweep_one(clock, now)
        if len(clocks) < batch_size:
            return fired


def _sweep_one(clock: ComplaintClock, now: datetime) -> int:
    from complaints.notices import reminder_notify, reminder_recipients

    complaint = Complaint.objects.select_related("department", "seriousness").get(
        pk=clock.complaint_id
    )
    target = ComplaintTarget.objects.select_related("calendar").get(pk=clock.target_id)
    spec, cal, offsets = _spec(target)
    result = compute_clock(history(complaint.pk), spec, cal, now)
    done = set(
        Reminder.objects.filter(complaint=complaint, kind=clock.kind).values_list(
            "level", flat=True
        )
    )
    written = 0
    due_at = result.due_at
    if due_at is None:
        levels: tuple[int, ...] = ()
    else:
        levels = calculus_levels_due(result, offsets, cal, now, done)
    for level in levels:
        assert due_at is not None
        recipients = reminder_recipients(complaint)
        _reminder, created = Reminder.objects.get_or_create(
            complaint=complaint,
            kind=clock.kind,
            level=level,
            defaults={
                "due_at": due_at,
                "sent_at": now,
                "recipients": [u.pk for u in recipients],
            },
        )
        if created:
            reminder_notify(complaint, clock.kind, level, due_at, recipients)
            written += 1
            done.add(level)
            ComplaintEvent.objects.create(
                complaint=complaint,
                code=Code.REMINDER,
                at=now,
                payload={"target": clock.kind, "level": level, "due_at": due_at.isoformat()},
            )
    clock.state = STATES[result.state]
    clock.next_check_at = calculus_next_action_at(result, offsets, cal, done)
    clock.save(update_fields=["state", "next_check_at"])
    return written


def due_soonest(clocks: Iterable[ComplaintClock]) -> ComplaintClock | None:
    running = [c for c in clocks if c.state in (ClockState.RUNNING, ClockState.BREACHED)]
    return min(running, key=lambda c: c.due_at, default=None)
