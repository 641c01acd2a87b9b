"""The seeded China working-hours calendar agrees with chinese_calendar (2024–2026)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from sla.calculus import add_business_seconds, business_seconds, china_exceptions
from sla.calendars import calendar_spec
from sla.models import BusinessCalendar, CalendarException
from sla.tests.engine.conftest import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def china():
    return BusinessCalendar.objects.get(code="china_working_hours")


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_seeded_exceptions_are_those_of_chinese_calendar(china, year):
    holidays, adjusted = china_exceptions(year)

    rows = CalendarException.objects.filter(calendar=china, date__year=year)

    assert {r.date: r.name for r in rows if r.kind == "holiday"} == holidays
    assert {r.date for r in rows if r.kind == "adjusted_workday"} == adjusted


@pytest.mark.parametrize(
    ("day", "is_open"),
    [
        # Spring Festival 2024: 10–17 Feb off, Sunday 4 Feb and Sunday 18 Feb worked (调休)
        (date(2024, 2, 4), True),
        (date(2024, 2, 12), False),
        (date(2024, 2, 18), True),
        # National Day 2024: 1–7 Oct off, Sunday 29 Sep and Saturday 12 Oct worked
        (date(2024, 9, 29), True),
        (date(2024, 10, 7), False),
        (date(2024, 10, 12), True),
        # Spring Festival 2025: 28 Jan – 4 Feb off, Sunday 26 Jan and Saturday 8 Feb worked
        (date(2025, 1, 26), True),
        (date(2025, 1, 29), False),
        (date(2025, 2, 8), True),
        # National Day 2025: 1–8 Oct off, Sunday 28 Sep and Saturday 11 Oct worked
        (date(2025, 9, 28), True),
        (date(2025, 10, 8), False),
        (date(2025, 10, 11), True),
        # Spring Festival 2026 and National Day 2026
        (date(2026, 2, 18), False),
        (date(2026, 10, 2), False),
    ],
)
def test_holidays_close_and_adjusted_days_open_the_calendar(china, day, is_open):
    spec = calendar_spec(china)

    assert spec.is_open(local(day.year, day.month, day.day, 9, 0)) is is_open


def test_two_windows_a_day_skip_the_lunch_break(china):
    spec = calendar_spec(china)

    assert business_seconds(spec, local(2025, 3, 3, 11, 0), local(2025, 3, 3, 14, 30)) == 2 * 3600
    assert add_business_seconds(spec, local(2025, 3, 3, 11, 0), 3 * 3600) == local(
        2025, 3, 3, 15, 30
    )


def test_a_deadline_over_the_spring_festival_lands_after_the_holiday(china):
    spec = calendar_spec(china)

    # Monday 27 Jan 2025 16:30, 2 working hours: 1 h that day, then the holiday week is skipped
    due = add_business_seconds(spec, local(2025, 1, 27, 16, 30), 2 * 3600)

    assert due == local(2025, 2, 5, 9, 30)


def test_import_command_is_idempotent_and_refreshes_the_spec(china):
    before = CalendarException.objects.filter(calendar=china).count()
    CalendarException.objects.filter(calendar=china, date=date(2025, 10, 1)).delete()
    assert calendar_spec(china).is_open(local(2025, 10, 1, 9, 0)) is not False  # now open

    call_command("import_china_holidays", "2025")
    call_command("import_china_holidays", "2025")

    china.refresh_from_db()
    assert CalendarException.objects.filter(calendar=china).count() == before
    assert calendar_spec(china).is_open(local(2025, 10, 1, 9, 0)) is False


def test_calendar_exceptions_change_the_spec_at_once(china):
    CalendarException.objects.create(
        calendar=china, date=date(2025, 3, 5), kind="holiday", name="公司年会"
    )
    china.refresh_from_db()

    assert calendar_spec(china).is_open(local(2025, 3, 5, 9, 0)) is False
