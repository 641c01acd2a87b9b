"""Dates with their own working windows (a half day, an extended day) and the horizon of an
official schedule, in the pure calculus."""

from __future__ import annotations

from datetime import date

import pytest

from sla.calculus import CalendarSpec, Window, add_business_seconds, compute_clock, parse_windows
from sla.tests.calculus.helpers import HOUR, WORKING_HOURS, history, local, target

HALF_DAY = (date(2025, 3, 5), (Window.between("08:30", "12:00"),), "half day")


def spec(**extra: object) -> CalendarSpec:
    return CalendarSpec.weekdays("Asia/Shanghai", WORKING_HOURS, **extra)  # type: ignore[arg-type]


def test_a_half_day_closes_its_afternoon_and_the_explanation_names_it():
    calendar = spec(special_days=[HALF_DAY])
    steps = history((local(2025, 3, 5, 11, 0), "new", "forwarded"))

    result = compute_clock(steps, target(2 * HOUR), calendar, local(2025, 3, 5, 11, 0))
    lines = result.explanation.describe("Asia/Shanghai")

    assert result.due_at == local(2025, 3, 6, 9, 30)
    assert "closed 2025-03-05 12:00–24:00 (special hours: half day, open 08:30–12:00)" in lines


def test_a_special_day_opens_a_weekend_with_its_own_windows():
    saturday = (date(2025, 3, 8), (Window.between("09:00", "11:00"),), "stocktake")
    calendar = spec(special_days=[saturday])

    assert add_business_seconds(calendar, local(2025, 3, 7, 17, 0), HOUR) == local(
        2025, 3, 8, 9, 30
    )


def test_a_special_day_may_not_also_be_a_holiday():
    with pytest.raises(ValueError, match="own windows"):
        spec(special_days=[HALF_DAY], holidays={date(2025, 3, 5): "x"})


def test_a_due_time_past_the_horizon_is_flagged():
    calendar = spec(known_through=date(2026, 12, 31))
    steps = history((local(2026, 12, 31, 17, 0), "new", "forwarded"))

    result = compute_clock(steps, target(HOUR), calendar, local(2026, 12, 31, 17, 0))

    assert result.due_at == local(2027, 1, 1, 9, 0)
    assert result.due_past_horizon is True
    assert (
        compute_clock(steps, target(HOUR), spec(), local(2026, 12, 31, 17, 0)).due_past_horizon
        is False
    )


def test_windows_are_read_from_text():
    assert parse_windows("08:30-12:00, 13:30–20:00") == (
        Window.between("08:30", "12:00"),
        Window.between("13:30", "20:00"),
    )
    with pytest.raises(ValueError, match="overlap"):
        parse_windows("08:30-12:00 11:00-13:00")
