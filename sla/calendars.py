"""Calendar rows → the calculus' ``CalendarSpec``, cached per process.

A spec is rebuilt when its calendar's ``updated_at`` moves. The services that change a
calendar (its windows, its exceptions, an imported year) call :func:`calendar_changed`, which
moves ``updated_at`` and makes this process re-check at once; other processes see the new
``updated_at`` within ``SPEC_RECHECK_SECONDS`` (queue badges) or at once (measuring reads the
row). The rows themselves never touch the cache.
"""

from __future__ import annotations

import threading
import time as _time
from datetime import datetime
from typing import Any

from django.utils import timezone

from sla.calculus import CalendarSpec, Window, parse_windows
from sla.models import BusinessCalendar, CalendarException

_SPECS: dict[int, tuple[datetime, CalendarSpec]] = {}


_SPEC_CHECKED: dict[int, float] = {}


_LOCK = threading.Lock()


SPEC_RECHECK_SECONDS = 60.0


def clear_calendar_cache() -> None:
    with _LOCK:
        _SPECS.clear()
        _SPEC_CHECKED.clear()


def build_calendar_spec(calendar: BusinessCalendar) -> CalendarSpec:
    """The pure ``CalendarSpec`` of a calendar row (two queries: windows, exceptions)."""
    weekly: list[list[Window]] = [[] for _ in range(7)]
    for window in calendar.windows.all():
        weekly[window.weekday].append(Window(window.start_minute, window.end_minute))
    days = tuple(tuple(_merge_windows(day)) for day in weekly)
    holidays: dict[Any, str] = {}
    adjusted: set[Any] = set()
    special: list[tuple[Any, tuple[Window, ...], str]] = []
    rows = calendar.exceptions.values_list("date", "kind", "name", "windows")
    for day, kind, name, windows_text in rows:
        own = _own_windows(windows_text)
        if kind == CalendarException.Kind.HOLIDAY:
            holidays[day] = name
        elif own:  # a half day, an extended day, or a 调休 day with its own hours
            special.append((day, own, name))
        elif kind == CalendarException.Kind.ADJUSTED_WORKDAY:
            adjusted.add(day)
    adjusted_windows = days[calendar.adjusted_workday_weekday] or next((d for d in days if d), ())
    return CalendarSpec(
        tz=calendar.tz,
        weekly=days,
        holidays=tuple(sorted(holidays.items())),
        adjusted_workdays=frozenset(adjusted) if adjusted_windows else frozenset(),
        adjusted_windows=adjusted_windows,
        special_days=tuple(special),
        known_through=calendar.known_through,
    )


def _own_windows(text: str) -> tuple[Window, ...]:
    try:
        return parse_windows(text)
    except ValueError:  # refused by CalendarException.clean; a hand-edited row is ignored
        return ()


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


def calendar_changed(calendar: BusinessCalendar) -> None:
    """A calendar's windows or exceptions changed: move its ``updated_at`` (so every process
    rebuilds its spec) and forget this process' copy at once."""
    now = timezone.now()
    BusinessCalendar.objects.filter(pk=calendar.pk).update(updated_at=now)
    calendar.updated_at = now
    forget_calendar(calendar.pk)
