"""SLA calculus: business calendars, pauses from status history, due times and why.

Pure Python (no Django, no database): frozen dataclasses in, frozen dataclasses out.
"""

from sla.calculus.business_time import (
    add_business_seconds,
    business_seconds,
    next_opening,
    open_intervals,
    subtract_business_seconds,
)
from sla.calculus.calendar import CalendarSpec, Window
from sla.calculus.china import china_exceptions, china_supported_years
from sla.calculus.due import (
    ClockResult,
    Explanation,
    Segment,
    TargetSpec,
    action_times,
    compute_clock,
    explain,
    levels_due,
    next_action_at,
)
from sla.calculus.pauses import HistoryEntry, Interval, pause_intervals
from sla.calculus.windows import parse_windows

__all__ = [
    "CalendarSpec",
    "ClockResult",
    "Explanation",
    "HistoryEntry",
    "Interval",
    "Segment",
    "TargetSpec",
    "Window",
    "action_times",
    "add_business_seconds",
    "business_seconds",
    "china_exceptions",
    "china_supported_years",
    "compute_clock",
    "explain",
    "levels_due",
    "next_action_at",
    "next_opening",
    "open_intervals",
    "parse_windows",
    "pause_intervals",
    "subtract_business_seconds",
]
