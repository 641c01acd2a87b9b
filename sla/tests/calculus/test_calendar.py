"""Business-calendar arithmetic: windows, Chinese holidays and 调休, time zones."""

from __future__ import annotations

import copy
import pickle
from datetime import UTC, date, datetime, timedelta

import chinese_calendar
import pytest

from sla.calculus.business_time import (
    add_business_seconds,
    business_seconds,
    next_opening,
    open_intervals,
    subtract_business_seconds,
)
from sla.calculus.calendar import CalendarSpec, Window
from sla.calculus.china import china_exceptions, china_supported_years
from sla.tests.calculus.helpers import (
    BERLIN,
    HOUR,
    NEW_YORK,
    SHANGHAI,
    WORKING_HOURS,
    china_calendar,
    local,
    plain_weekdays,
)

# -- windows on ordinary weeks ----------------------------------------------------------


def test_two_hours_from_friday_eleven_run_through_the_lunch_break():
    # given a Friday 11:00 and working hours 08:30–12:00, 13:30–17:30
    start = local(2025, 6, 13, 11, 0)
    assert start.weekday() == 4
    # when two business hours are added
    due = add_business_seconds(plain_weekdays(), start, 2 * HOUR)
    # then one hour is used before lunch and one after it
    assert due == local(2025, 6, 13, 14, 30)


def test_two_hours_from_friday_half_past_four_end_on_monday_morning():
    start = local(2025, 6, 13, 16, 30)
    due = add_business_seconds(plain_weekdays(), start, 2 * HOUR)
    assert due == local(2025, 6, 16, 9, 30)
    assert due.astimezone(SHANGHAI).weekday() == 0


def test_start_in_closed_time_counts_from_the_next_opening():
    # given a Saturday evening
    start = local(2025, 6, 14, 20, 0)
    # when one hour is added
    due = add_business_seconds(plain_weekdays(), start, HOUR)
    # then counting begins Monday 08:30
    assert due == local(2025, 6, 16, 9, 30)


def test_start_in_the_lunch_break_counts_from_half_past_one():
    due = add_business_seconds(plain_weekdays(), local(2025, 6, 13, 12, 15), 30 * 60)
    assert due == local(2025, 6, 13, 14, 0)


def test_due_time_exactly_at_a_window_end_is_that_end_not_the_next_opening():
    due = add_business_seconds(plain_weekdays(), local(2025, 6, 13, 11, 0), HOUR)
    assert due == local(2025, 6, 13, 12, 0)


def test_zero_seconds_gives_the_start_back_in_utc():
    start = local(2025, 6, 14, 20, 0)
    due = add_business_seconds(plain_weekdays(), start, 0)
    assert due == start
    assert due.tzinfo is UTC


def test_business_seconds_of_a_working_week_is_five_working_days():
    seconds = business_seconds(plain_weekdays(), local(2025, 6, 16), local(2025, 6, 23))
    assert seconds == 5 * (7 * HOUR + 30 * 60)


def test_business_seconds_of_a_reversed_range_is_zero():
    assert business_seconds(plain_weekdays(), local(2025, 6, 17), local(2025, 6, 16)) == 0


def test_open_intervals_are_clipped_to_the_range_and_in_utc():
    intervals = list(
        open_intervals(plain_weekdays(), local(2025, 6, 13, 11, 0), local(2025, 6, 16, 9, 0))
    )
    assert intervals == [
        (local(2025, 6, 13, 11, 0), local(2025, 6, 13, 12, 0)),
        (local(2025, 6, 13, 13, 30), local(2025, 6, 13, 17, 30)),
        (local(2025, 6, 16, 8, 30), local(2025, 6, 16, 9, 0)),
    ]
    assert all(low.tzinfo is UTC and high.tzinfo is UTC for low, high in intervals)


def test_subtract_business_seconds_walks_back_over_the_weekend():
    earlier = subtract_business_seconds(plain_weekdays(), local(2025, 6, 16, 9, 0), HOUR)
    assert earlier == local(2025, 6, 13, 17, 0)


def test_next_opening_of_a_closed_instant_is_the_next_window_start():
    cal = plain_weekdays()
    assert next_opening(cal, local(2025, 6, 13, 12, 0)) == local(2025, 6, 13, 13, 30)
    assert next_opening(cal, local(2025, 6, 13, 10, 0)) == local(2025, 6, 13, 10, 0)


def test_always_open_calendar_counts_nights_and_weekends():
    cal = CalendarSpec.always_open("Asia/Shanghai")
    due = add_business_seconds(cal, local(2025, 6, 13, 20, 0), 30 * HOUR)
    assert due == local(2025, 6, 15, 2, 0)
    intervals = list(open_intervals(cal, local(2025, 6, 13, 20, 0), local(2025, 6, 16)))
    assert intervals == [(local(2025, 6, 13, 20, 0), local(2025, 6, 16))]


# -- Chinese holidays and adjusted working days (调休) -----------------------------------


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_china_calendar_is_open_exactly_on_chinese_calendar_workdays(year):
    # given the China working-hours calendar for the year
    cal = china_calendar(year)
    day = date(year, 1, 1)
    while day.year == year:
        # when the open time of each date is measured
        seconds = business_seconds(
            cal,
            local(day.year, day.month, day.day),
            local(day.year, day.month, day.day) + timedelta(days=1),
        )
        # then it is a full working day exactly when chinese_calendar says "workday"
        expected = 7 * HOUR + 30 * 60 if chinese_calendar.is_workday(day) else 0
        assert seconds == expected, day
        day += timedelta(days=1)


def test_china_exceptions_2024_spring_festival_with_its_two_sunday_workdays():
    holidays, adjusted = china_exceptions(2024)
    assert {date(2024, 2, 4), date(2024, 2, 18)} <= adjusted
    assert all(holidays[date(2024, 2, day)] == "Spring Festival" for day in range(10, 18))
    assert date(2024, 2, 4).weekday() == date(2024, 2, 18).weekday() == 6


def test_china_exceptions_2025_national_day_week_and_its_workdays():
    holidays, adjusted = china_exceptions(2025)
    national_week = [date(2025, 10, day) for day in range(1, 9)]
    assert all(day in holidays for day in national_week)
    assert holidays[date(2025, 10, 1)] == "National Day"
    assert {date(2025, 9, 28), date(2025, 10, 11)} <= adjusted
    assert all(day.weekday() >= 5 for day in adjusted)


def test_china_exceptions_match_the_package_for_2026():
    holidays, adjusted = china_exceptions(2026)
    day = date(2026, 1, 1)
    while day.year == 2026:
        is_holiday, name = chinese_calendar.get_holiday_detail(day)
        if day in holidays:
            assert is_holiday
            assert holidays[day] == name
        if day in adjusted:
            assert not is_holiday
            assert day.weekday() >= 5
        day += timedelta(days=1)


def test_friday_before_spring_festival_2024_is_due_on_the_adjusted_sunday():
    # given a 2 h target started Friday 2024-02-09 16:30, the eve of the holiday
    start = local(2024, 2, 9, 16, 30)
    # when the due time is computed on the China calendar
    due = add_business_seconds(china_calendar(2024), start, 2 * HOUR)
    # then the holiday week is skipped and Sunday 2024-02-18 (调休) is worked
    assert due == local(2024, 2, 18, 9, 30)


def test_saturday_before_the_2024_adjusted_sunday_is_due_that_sunday():
    due = add_business_seconds(china_calendar(2024), local(2024, 2, 3, 10, 0), HOUR)
    assert due == local(2024, 2, 4, 9, 30)


def test_national_day_2025_skips_october_first_to_eighth():
    due = add_business_seconds(china_calendar(2025), local(2025, 9, 30, 16, 30), 2 * HOUR)
    assert due == local(2025, 10, 9, 9, 30)


def test_sunday_28_september_2025_is_a_working_day():
    due = add_business_seconds(china_calendar(2025), local(2025, 9, 27, 10, 0), HOUR)
    assert due == local(2025, 9, 28, 9, 30)


def test_saturday_11_october_2025_is_a_working_day():
    due = add_business_seconds(china_calendar(2025), local(2025, 10, 10, 17, 0), HOUR)
    assert due == local(2025, 10, 11, 9, 0)


def test_spring_festival_2026_friday_evening_runs_into_the_adjusted_saturday():
    due = add_business_seconds(china_calendar(2026), local(2026, 2, 13, 17, 0), HOUR)
    assert due == local(2026, 2, 14, 9, 0)


def test_national_day_2026_resumes_on_october_eighth():
    due = add_business_seconds(china_calendar(2026), local(2026, 9, 30, 17, 0), 2 * HOUR)
    assert due == local(2026, 10, 8, 10, 0)


def test_china_exceptions_reject_a_year_the_package_does_not_cover():
    years = china_supported_years()
    assert 2024 in years
    assert 2026 in years
    with pytest.raises(ValueError, match="no holiday data for 2999"):
        china_exceptions(2999)


def test_calendar_day_plan_names_the_holiday():
    plan = china_calendar(2025).day_of(date(2025, 10, 1))
    assert (plan.kind, plan.label, plan.closed_reason, plan.intervals) == (
        "holiday",
        "National Day",
        "holiday",
        (),
    )


# -- daylight saving time ----------------------------------------------------------------


def test_always_open_new_york_spring_forward_day_has_23_hours():
    cal = CalendarSpec.always_open("America/New_York")
    start, end = local(2025, 3, 9, tz=NEW_YORK), local(2025, 3, 10, tz=NEW_YORK)
    assert business_seconds(cal, start, end) == 23 * HOUR


def test_always_open_new_york_fall_back_day_has_25_hours():
    cal = CalendarSpec.always_open("America/New_York")
    start, end = local(2025, 11, 2, tz=NEW_YORK), local(2025, 11, 3, tz=NEW_YORK)
    assert business_seconds(cal, start, end) == 25 * HOUR


def night_shift(tz: str) -> CalendarSpec:
    return CalendarSpec(tz=tz, weekly=((Window.between("01:00", "04:00"),),) * 7)


def test_window_over_the_skipped_hour_is_shorter():
    cal = night_shift("America/New_York")
    day = local(2025, 3, 9, tz=NEW_YORK)
    assert business_seconds(cal, day, day + timedelta(days=1)) == 2 * HOUR


def test_window_over_the_repeated_hour_is_longer():
    cal = night_shift("America/New_York")
    day = local(2025, 11, 2, tz=NEW_YORK)
    assert business_seconds(cal, day, day + timedelta(days=1)) == 4 * HOUR


def test_window_starting_at_a_non_existent_time_opens_when_the_clocks_jump():
    # given a window 02:30–05:00 and the New York spring-forward night (02:00 -> 03:00)
    cal = CalendarSpec(tz="America/New_York", weekly=((Window.between("02:30", "05:00"),),) * 7)
    # when the next opening after midnight is asked for
    opening = next_opening(cal, local(2025, 3, 9, tz=NEW_YORK))
    # then it is 03:00 EDT (07:00 UTC), the first instant that exists
    assert opening == datetime(2025, 3, 9, 7, 0, tzinfo=UTC)
    assert opening.astimezone(NEW_YORK).hour == 3


def test_berlin_weekday_target_over_the_march_switch_keeps_local_hours():
    cal = CalendarSpec.weekdays("Europe/Berlin", [Window.between("08:00", "17:00")])
    due = add_business_seconds(cal, local(2025, 3, 28, 16, 0, tz=BERLIN), 2 * HOUR)
    assert due == local(2025, 3, 31, 9, 0, tz=BERLIN)
    assert due == datetime(2025, 3, 31, 7, 0, tzinfo=UTC)


def test_berlin_weekday_target_over_the_october_switch_keeps_local_hours():
    cal = CalendarSpec.weekdays("Europe/Berlin", [Window.between("08:00", "17:00")])
    due = add_business_seconds(cal, local(2025, 10, 24, 16, 0, tz=BERLIN), 2 * HOUR)
    assert due == local(2025, 10, 27, 9, 0, tz=BERLIN)
    assert due == datetime(2025, 10, 27, 8, 0, tzinfo=UTC)


def test_always_open_berlin_two_hours_over_spring_forward_read_four_on_the_wall():
    cal = CalendarSpec.always_open("Europe/Berlin")
    due = add_business_seconds(cal, local(2025, 3, 30, 1, 0, tz=BERLIN), 2 * HOUR)
    assert due.astimezone(BERLIN).strftime("%H:%M %Z") == "04:00 CEST"


def test_always_open_berlin_two_hours_over_fall_back_read_two_on_the_wall():
    cal = CalendarSpec.always_open("Europe/Berlin")
    due = add_business_seconds(cal, local(2025, 10, 26, 1, 0, tz=BERLIN), 2 * HOUR)
    assert due.astimezone(BERLIN).strftime("%H:%M %Z") == "02:00 CET"


# -- validation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda cal: add_business_seconds(cal, datetime(2025, 6, 13, 11, 0), HOUR),
        lambda cal: business_seconds(cal, datetime(2025, 6, 13), local(2025, 6, 14)),
        lambda cal: list(open_intervals(cal, local(2025, 6, 13), datetime(2025, 6, 14))),
        lambda cal: next_opening(cal, datetime(2025, 6, 13)),
    ],
)
def test_naive_datetimes_are_rejected(call):
    with pytest.raises(ValueError, match="timezone-aware"):
        call(plain_weekdays())


@pytest.mark.parametrize(
    ("minutes", "message"),
    [((600, 500), "0 <= start_minute < end_minute <= 1440"), ((0, 1441), "<= 1440")],
)
def test_window_outside_the_day_or_reversed_is_rejected(minutes, message):
    with pytest.raises(ValueError, match=message):
        Window(*minutes)


def test_overlapping_windows_are_rejected():
    windows = (Window.between("08:00", "12:00"), Window.between("11:00", "13:00"))
    with pytest.raises(ValueError, match="must not overlap"):
        CalendarSpec.weekdays("Asia/Shanghai", windows)


def test_unsorted_windows_are_rejected():
    windows = (Window.between("13:30", "17:30"), Window.between("08:30", "12:00"))
    with pytest.raises(ValueError, match="sorted"):
        CalendarSpec.weekdays("Asia/Shanghai", windows)


def test_unknown_time_zone_is_rejected():
    with pytest.raises(ValueError, match="unknown time zone"):
        CalendarSpec.always_open("Mars/Olympus_Mons")


def test_weekly_needs_seven_days_and_some_opening():
    with pytest.raises(ValueError, match="7 entries"):
        CalendarSpec(tz="UTC", weekly=((Window(0, 60),),) * 5)
    with pytest.raises(ValueError, match="at least one weekday"):
        CalendarSpec(tz="UTC", weekly=((),) * 7)


def test_a_date_cannot_be_both_holiday_and_adjusted_workday():
    with pytest.raises(ValueError, match="both holiday and adjusted"):
        CalendarSpec.weekdays(
            "Asia/Shanghai",
            WORKING_HOURS,
            holidays={date(2025, 10, 11): "National Day"},
            adjusted_workdays={date(2025, 10, 11)},
        )


def test_equal_calendars_built_separately_are_equal_and_hashable():
    assert china_calendar(2025) == china_calendar(2025)
    assert hash(china_calendar(2025)) == hash(china_calendar(2025))
    assert china_calendar(2025) != china_calendar(2024)


def test_calendar_pickles_and_copies_as_its_definition():
    cal = china_calendar(2025)
    add_business_seconds(cal, local(2025, 9, 30, 16, 30), 2 * HOUR)  # fills the day cache
    round_trip = pickle.loads(pickle.dumps(cal))  # noqa: S301 - our own bytes
    for clone in (round_trip, copy.deepcopy(cal), copy.copy(cal)):
        assert clone == cal
        assert add_business_seconds(clone, local(2025, 9, 30, 16, 30), 2 * HOUR) == local(
            2025, 10, 9, 9, 30
        )
