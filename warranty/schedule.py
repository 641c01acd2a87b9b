"""When a maintenance contract's preventive visits fall. Pure Python, no Django."""

from __future__ import annotations

from datetime import date, timedelta

from warranty.entitlement import add_months

__all__ = ["visit_dates"]


def visit_dates(start: date, end: date, visits_per_year: int) -> list[date]:
    """Visit dates spread evenly over ``start..end`` (inclusive), the first on ``start``.

    ``visits_per_year`` that divides 12 gives whole-month steps (2 a year: every 6 months,
    on the same day of the month, clamped to the month end); other counts step by
    ``365.25 / visits_per_year`` days.
    """
    if (
        isinstance(visits_per_year, bool)
        or not isinstance(visits_per_year, int)
        or visits_per_year < 1
    ):
        raise ValueError("visits_per_year must be an int >= 1")
    if end < start:
        return []
    out: list[date] = []
    k = 0
    while True:
        if 12 % visits_per_year == 0:
            day = add_months(start, k * (12 // visits_per_year))
        else:
            day = start + timedelta(days=round(k * 365.25 / visits_per_year))
        if day > end:
            return out
        out.append(day)
        k += 1
