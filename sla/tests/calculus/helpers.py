"""Small builders shared by the SLA calculus tests."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sla.calculus.calendar import CalendarSpec, Window
from sla.calculus.due import TargetSpec
from sla.calculus.pauses import HistoryEntry

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
WORKING_HOURS = (Window.between("08:30", "12:00"), Window.between("13:30", "17:30"))
HOUR = 3600


def local(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, tz: ZoneInfo = SHANGHAI
) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=tz)


def china_calendar(*years: int) -> CalendarSpec:
    return CalendarSpec.china_working_hours(WORKING_HOURS, years=years or (2024, 2025, 2026))


def plain_weekdays(tz: str = "Asia/Shanghai") -> CalendarSpec:
    return CalendarSpec.weekdays(tz, WORKING_HOURS)


def target(
    seconds: int,
    *,
    start_on: str = "forwarded",
    stop_on: frozenset[str] = frozenset({"resolved"}),
    pause: frozenset[str] = frozenset({"waiting_customer"}),
    metric: str = "resolution",
) -> TargetSpec:
    return TargetSpec(
        metric=metric,
        duration_seconds=seconds,
        start_on=frozenset({start_on}),
        stop_on=stop_on,
        pause_statuses=pause,
    )


def history(*steps: tuple[datetime, str] | tuple[datetime, str, str]) -> list[HistoryEntry]:
    return [HistoryEntry(*step) for step in steps]
