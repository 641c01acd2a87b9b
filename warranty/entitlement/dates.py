"""Dates of the decision: months added with month-end clamping, inclusive period ends, the
local date of a fault."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# --------------------------------------------------------------------------- dates


def add_months(start: date, months: int) -> date:
    """Return ``start`` moved by ``months`` calendar months, clamped to the month end.

    >>> add_months(date(2024, 1, 31), 1)
    datetime.date(2024, 2, 29)
    """
    index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def period_last_day(start: date, months: int) -> date:
    """Last covered day of a ``months``-month period starting on ``start`` (inclusive).

    For ``months == 0`` the period is empty and this is the day before ``start``.
    """
    return add_months(start, months) - timedelta(days=1)


def fault_local_date(fault_at: datetime, tz: str = "Asia/Shanghai") -> date:
    """The local calendar date of an aware instant in the IANA zone ``tz``."""
    if not isinstance(fault_at, datetime):
        raise TypeError("fault_at must be a datetime")
    if fault_at.tzinfo is None or fault_at.tzinfo.utcoffset(fault_at) is None:
        raise ValueError("fault_at must be timezone-aware; naive datetimes are ambiguous")
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {tz!r}") from exc
    return fault_at.astimezone(zone).date()


def _check_date(value: object, name: str, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    # datetime is a subclass of date; comparing the two raises, so refuse it early.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime.date (not a datetime)")


def _check_months(value: int, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a non-negative int, got {value!r}")
