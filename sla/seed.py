"""Loading the seeded SLA defaults and the Chinese holidays, shared by the data migration and
the ``import_china_holidays`` command. Works on historical models (``apps.get_model``) too."""

from __future__ import annotations

from datetime import time
from typing import Any

from sla import defaults as d
from sla.calculus.china import china_exceptions, china_supported_years


def _hhmm(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def import_china_year(calendar: Any, year: int, CalendarException: Any) -> tuple[int, int]:
    """Write the holidays and adjusted working days (调休) of ``year`` from ``chinese_calendar``
    to ``calendar``; dates already there are updated. Returns (holidays, adjusted days)."""
    holidays, adjusted = china_exceptions(year)
    existing = {
        row.date: row
        for row in CalendarException.objects.filter(calendar=calendar, date__year=year)
    }
    wanted = {day: ("holiday", name) for day, name in holidays.items()}
    wanted.update(dict.fromkeys(adjusted, ("adjusted_workday", "调休")))
    new, changed = [], []
    for day, (kind, name) in sorted(wanted.items()):
        row = existing.get(day)
        if row is None:
            new.append(CalendarException(calendar=calendar, date=day, kind=kind, name=name))
        elif (row.kind, row.name) != (kind, name):
            row.kind, row.name = kind, name
            changed.append(row)
    CalendarException.objects.bulk_create(new)
    if changed:
        CalendarException.objects.bulk_update(changed, ["kind", "name"])
    return len(holidays), len(adjusted)


def seed_calendars(apps: Any) -> dict[str, Any]:
    BusinessCalendar = apps.get_model("sla", "BusinessCalendar")
    WorkingWindow = apps.get_model("sla", "WorkingWindow")
    CalendarException = apps.get_model("sla", "CalendarException")
    calendars = {}
    for code, zh, en, tz, windows in d.CALENDARS:
        calendar, created = BusinessCalendar.objects.get_or_create(
            code=code, defaults={"name_zh": zh, "name_en": en, "tz": tz}
        )
        if created:
            WorkingWindow.objects.bulk_create(
                WorkingWindow(calendar=calendar, weekday=day, start=_hhmm(start), end=_hhmm(end))
                for day, start, end in windows
            )
        calendars[code] = calendar
    for year in china_supported_years():
        import_china_year(calendars[d.CHINA], year, CalendarException)
    return calendars


def seed_policy(
    apps: Any,
    calendars: dict[str, Any],
    policy_fields: dict[str, Any] | None = None,
    targets: list[tuple[Any, ...]] | None = None,
) -> None:
    """Version 1 of a seeded policy (the standard one unless given), unless it exists."""
    SlaPolicy = apps.get_model("sla", "SlaPolicy")
    SlaTarget = apps.get_model("sla", "SlaTarget")
    EscalationLevel = apps.get_model("sla", "EscalationLevel")
    policy_fields = policy_fields or d.POLICY
    if SlaPolicy.objects.filter(key=policy_fields["key"]).exists():
        return
    policy = SlaPolicy.objects.create(version=1, is_current=True, **policy_fields)
    for metric, position, when, duration, calendar, start, stop, pause, cancel, ladder in (
        targets or d.TARGETS
    ):
        target = SlaTarget.objects.create(
            policy=policy,
            metric=metric,
            position=position,
            when_kinds=when.get("kinds", []),
            when_severities=when.get("severities", []),
            when_region_classes=when.get("region_classes", []),
            when_channels=when.get("channels", []),
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
