"""Policies and their versions: which current policy a ticket falls under, its compiled
targets (cached per process), and the writes that create and revise versions.

Two per-process caches, both safe across processes: current policy rows keyed on
(``updated_at``, ``is_default``) re-read by one small query each time, and compiled targets
per policy version (a version never changes once written; revising makes a new one) kept at
most ``TARGET_CACHE_SECONDS``.
"""

from __future__ import annotations

import time as _time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Prefetch

from sla.calculus import CalendarSpec, TargetSpec
from sla.calendars import _LOCK, calendar_spec, calendar_spec_by_id, clear_calendar_cache
from sla.models import EscalationLevel, SlaPolicy, SlaTarget
from tickets.models import Ticket

#: Compiled targets per policy version, kept at most TARGET_CACHE_SECONDS: a policy version
#: does not change once written (revising makes a new one), so this only bounds how long a
#: hand edit in the admin of another process takes to be seen.
_TARGETS: dict[int, tuple[float, list[CompiledTarget]]] = {}


TARGET_CACHE_SECONDS = 60.0


def clear_caches() -> None:
    """Forget cached calendar specs and compiled targets (tests; after edits of the rows)."""
    clear_calendar_cache()
    with _LOCK:
        _TARGETS.clear()
        _POLICIES.clear()


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
    "urgent_percent",
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
