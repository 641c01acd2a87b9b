"""Adding an app's SLA targets to the seeded policies, from a data migration.

The engine measures any metric whose start and stop are event codes; an app that writes
those events adds its targets here, to every current policy version (additive: no clock
measured so far has the new events, so none changes)."""

from __future__ import annotations

from typing import Any

# ``sla_app`` is the app that holds the SLA rows in the migration state the caller runs in:
# "tickets" before tickets 0009 moved them to the sla app, "sla" after it.

# metric, position, duration seconds, calendar code, start, stop, pause, cancel, ladder
Target = tuple[str, int, int, str, list[str], list[str], list[str], list[str], list[tuple]]


def add_targets(apps: Any, targets: list[Target], sla_app: str = "sla") -> None:
    SlaPolicy = apps.get_model(sla_app, "SlaPolicy")
    SlaTarget = apps.get_model(sla_app, "SlaTarget")
    EscalationLevel = apps.get_model(sla_app, "EscalationLevel")
    BusinessCalendar = apps.get_model(sla_app, "BusinessCalendar")
    calendars = {c.code: c for c in BusinessCalendar.objects.all()}
    for policy in SlaPolicy.objects.filter(is_current=True):
        for metric, position, duration, calendar, start, stop, pause, cancel, ladder in targets:
            if calendar not in calendars:
                continue
            if SlaTarget.objects.filter(policy=policy, metric=metric, position=position).exists():
                continue
            target = SlaTarget.objects.create(
                policy=policy,
                metric=metric,
                position=position,
                duration_seconds=duration,
                calendar=calendars[calendar],
                start_on=start,
                stop_on=stop,
                pause_statuses=pause,
                cancel_on=cancel,
            )
            EscalationLevel.objects.bulk_create(
                EscalationLevel(
                    target=target, level=level, offset_seconds=offset, action=action, role=role
                )
                for level, (offset, action, role) in enumerate(ladder)
            )


def remove_targets(apps: Any, metrics: list[str], sla_app: str = "sla") -> None:
    SlaTarget = apps.get_model(sla_app, "SlaTarget")
    SlaClock = apps.get_model(sla_app, "SlaClock")
    SlaClock.objects.filter(metric__in=metrics).delete()
    SlaTarget.objects.filter(metric__in=metrics).delete()


def add_stops(apps: Any, metric: str, codes: list[str], sla_app: str = "sla") -> None:
    """Let more event codes stop ``metric`` on every current policy version."""
    SlaTarget = apps.get_model(sla_app, "SlaTarget")
    for target in SlaTarget.objects.filter(metric=metric, policy__is_current=True):
        target.stop_on = list(dict.fromkeys([*target.stop_on, *codes]))
        target.save(update_fields=["stop_on"])


def remove_stops(apps: Any, metric: str, codes: list[str], sla_app: str = "sla") -> None:
    SlaTarget = apps.get_model(sla_app, "SlaTarget")
    for target in SlaTarget.objects.filter(metric=metric):
        target.stop_on = [c for c in target.stop_on if c not in codes]
        target.save(update_fields=["stop_on"])


def add_roles(apps: Any, actions: dict[str, list[str]]) -> None:
    """Let more roles perform existing ticket workflow actions (rows of ``WorkflowAction``)."""
    WorkflowAction = apps.get_model("tickets", "WorkflowAction")
    for action, roles in actions.items():
        for rule in WorkflowAction.objects.filter(action=action):
            rule.roles = list(dict.fromkeys([*rule.roles, *roles]))
            rule.save(update_fields=["roles"])
