"""The period picker: today, 7 / 30 days, this month, last month, a quarter, a custom range.

A period is a pair of local dates (inclusive); long periods trend by week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

PRESETS = (
    ("today", _("Today")),
    ("7d", _("7 days")),
    ("30d", _("30 days")),
    ("month", _("This month")),
    ("last_month", _("Last month")),
    ("quarter", _("This quarter")),
    ("last_quarter", _("Last quarter")),
    ("12m", _("12 months")),
    ("custom", _("Custom range")),
)
PRESET_CODES = tuple(code for code, _label in PRESETS)
#: Periods longer than this many days trend by week.
WEEKLY_AFTER_DAYS = 62
#: The longest custom range (a bad URL must not read ten years of rows).
MAX_DAYS = 800


@dataclass(frozen=True)
class Period:
    code: str
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def weekly(self) -> bool:
        return self.days > WEEKLY_AFTER_DAYS


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def preset(code: str, today: date) -> Period:
    if code == "today":
        return Period(code, today, today)
    if code == "7d":
        return Period(code, today - timedelta(days=6), today)
    if code == "month":
        return Period(code, today.replace(day=1), today)
    if code == "last_month":
        last = today.replace(day=1) - timedelta(days=1)
        return Period(code, last.replace(day=1), last)
    if code == "quarter":
        return Period(code, _quarter_start(today), today)
    if code == "last_quarter":
        last = _quarter_start(today) - timedelta(days=1)
        return Period(code, _quarter_start(last), last)
    if code == "12m":
        first = today.replace(day=1)
        year, month = (first.year - 1, first.month + 1) if first.month < 12 else (first.year, 1)
        return Period(code, date(year, month, 1), today)
    return Period("30d", today - timedelta(days=29), today)


def custom(first: date, last: date) -> Period:
    if last < first:
        first, last = last, first
    if (last - first).days + 1 > MAX_DAYS:
        first = last - timedelta(days=MAX_DAYS - 1)
    return Period("custom", first, last)
