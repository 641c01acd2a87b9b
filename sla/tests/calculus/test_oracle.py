"""The engine against a naive oracle that steps minute by minute in local time.

Generated calendars (0–3 windows a weekday, random holidays and adjusted working
days, time zones with and without daylight saving, dates around the switches and
the Chinese holidays), generated histories with pauses, durations up to a few days.
Every instant is a whole minute, so stepping by minutes is exact.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sla.calculus.business_time import (
    add_business_seconds,
    business_seconds,
    subtract_business_seconds,
)
from sla.calculus.calendar import CalendarSpec, Window
from sla.calculus.due import TargetSpec, compute_clock
from sla.calculus.pauses import HistoryEntry

MINUTE = timedelta(minutes=1)
# Shanghai: no daylight saving; New York, Berlin: the usual switches at night;
# Lord Howe: half-hour switches; Santiago: switches at midnight (a date starts at 01:00,
# or 23:00–24:00 of a date happens twice).
ZONES = (
    "Asia/Shanghai",
    "America/New_York",
    "Europe/Berlin",
    "Australia/Lord_Howe",
    "America/Santiago",
)
# Days before: NY (Mar 9, Nov 2), Berlin (Mar 30, Oct 26), Lord Howe and Santiago
# (Apr 6; Oct 5 / Sep 7), Spring Festival 2024, National Day 2025.
BASE_DATES = (
    date(2025, 3, 3),
    date(2025, 3, 27),
    date(2025, 10, 22),
    date(2025, 10, 30),
    date(2025, 4, 3),
    date(2025, 10, 2),
    date(2025, 9, 4),
    date(2024, 2, 1),
    date(2025, 9, 25),
)
# weighted by repetition: most tickets get forwarded, many wait for someone
STATUSES = (
    "registered",
    "forwarded",
    "forwarded",
    "waiting_customer",
    "waiting_customer",
    "awaiting_quote",
    "resolved",
    "cancelled",
)
EVENTS = ("", "", "", "contact.made", "note.added")
ORACLE_SETTINGS = settings(
    max_examples=1500,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@dataclass(frozen=True)
class Scenario:
    calendar: CalendarSpec
    base: datetime  # local midnight of the base date, in UTC


def day_windows(rng: random.Random, min_windows: int = 0) -> tuple[Window, ...]:
    """0–3 windows, sorted; some touch, some end at 24:00."""
    windows: list[Window] = []
    cursor = 0
    for _ in range(rng.randint(min_windows, 3)):
        start = cursor + rng.choice((0, rng.randint(0, 480)))
        end = min(start + rng.randint(1, 720), 1440)
        if start >= end:
            break
        windows.append(Window(start, end))
        cursor = end
    if len(windows) < min_windows:
        windows.append(Window(0, 1440))
    return tuple(windows)


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """A calendar built from one drawn seed (drawing each window separately is slow)."""
    rng = random.Random(draw(st.integers(0, 2**32)))
    tz = draw(st.sampled_from(ZONES))
    base_date = draw(st.sampled_from(BASE_DATES))
    weekly = [day_windows(rng) for _ in range(7)]
    if not any(weekly):
        weekly[rng.randint(0, 6)] = day_windows(rng, min_windows=1)
    holiday_offsets = set(rng.sample(range(-2, 31), rng.randint(0, 6)))
    adjusted_offsets = set(rng.sample(range(-2, 31), rng.randint(0, 3))) - holiday_offsets
    names = ("Spring Festival", "National Day", "Labour Day")
    calendar = CalendarSpec(
        tz=tz,
        weekly=tuple(weekly),
        holidays=tuple(
            (base_date + timedelta(days=offset), rng.choice(names))
            for offset in sorted(holiday_offsets)
        ),
        adjusted_workdays=frozenset(base_date + timedelta(days=o) for o in adjusted_offsets),
        adjusted_windows=day_windows(rng, min_windows=1),
    )
    base = datetime.combine(base_date, time(0), ZoneInfo(tz)).astimezone(UTC)
    return Scenario(calendar, base)


@st.composite
def histories(draw: st.DrawFn, base: datetime) -> tuple[list[HistoryEntry], datetime]:
    at = base + MINUTE * draw(st.integers(0, 4 * 1440))
    entries = [HistoryEntry(at, "registered", draw(st.sampled_from(EVENTS)))]
    for _ in range(draw(st.integers(1, 6))):
        at += MINUTE * draw(st.one_of(st.just(0), st.integers(1, 120), st.integers(1, 1800)))
        entries.append(
            HistoryEntry(at, draw(st.sampled_from(STATUSES)), draw(st.sampled_from(EVENTS)))
        )
    span = (at - entries[0].at) // MINUTE
    now = entries[0].at + MINUTE * draw(
        st.one_of(st.integers(0, span + 3000), st.integers(span, span + 3000))
    )
    return entries, now


@st.composite
def targets(draw: st.DrawFn, calendar: CalendarSpec) -> TargetSpec:
    weekly_open = sum(w.end_minute - w.start_minute for day in calendar.weekly for w in day)
    drawn = draw(st.one_of(st.integers(0, 240), st.integers(0, 3 * 1440)))
    minutes = min(drawn, weekly_open * 3 // 4)
    return TargetSpec(
        metric="generated",
        duration_seconds=60 * minutes,
        start_on=draw(
            st.sampled_from(
                [
                    frozenset({"registered"}),
                    frozenset({"forwarded"}),
                    frozenset({"forwarded", "note.added"}),
                ]
            )
        ),
        stop_on=draw(
            st.sampled_from(
                [
                    frozenset({"resolved"}),
                    frozenset({"contact.made"}),
                    frozenset({"resolved", "contact.made"}),
                ]
            )
        ),
        pause_statuses=draw(
            st.sampled_from(
                [
                    frozenset(),
                    frozenset({"waiting_customer"}),
                    frozenset({"waiting_customer", "awaiting_quote"}),
                ]
            )
        ),
    )


# -- the oracle ---------------------------------------------------------------------------


class OracleCalendar:
    """Is the minute starting at an instant open? Read the local wall clock and look."""

    def __init__(self, calendar: CalendarSpec) -> None:
        self.zone = ZoneInfo(calendar.tz)
        self.holidays = {day for day, _ in calendar.holidays}
        self.adjusted = calendar.adjusted_workdays
        self.adjusted_windows = calendar.adjusted_windows
        self.weekly = calendar.weekly

    def is_open(self, moment: datetime) -> bool:
        wall = moment.astimezone(self.zone)
        day = wall.date()
        if day in self.holidays:
            return False
        windows = self.adjusted_windows if day in self.adjusted else self.weekly[day.weekday()]
        minute = wall.hour * 60 + wall.minute
        return any(w.start_minute <= minute < w.end_minute for w in windows)


def oracle_status_at(entries: list[HistoryEntry], moment: datetime) -> str | None:
    status = None
    for entry in entries:
        if entry.at <= moment:
            status = entry.status
    return status


def oracle_clock(
    entries: list[HistoryEntry], target: TargetSpec, calendar: CalendarSpec, now: datetime
) -> dict[str, object]:
    visible = [entry for entry in entries if entry.at <= now]
    start_index = end_index = None
    cancelled = False
    for index, entry in enumerate(visible):
        entered = index == 0 or visible[index - 1].status != entry.status
        codes = {entry.event} | ({entry.status} if entered else set())
        if start_index is None:
            if not codes & target.start_on:
                continue
            start_index = index
        if codes & target.stop_on:
            end_index = index
            break
        if index > start_index and codes & target.cancel_on:
            end_index, cancelled = index, True
            break
    if start_index is None:
        return {
            "state": "pending",
            "started_at": None,
            "due_at": None,
            "stopped_at": None,
            "used": 0,
        }
    start = visible[start_index].at
    stopped = end_index is not None
    end = visible[end_index].at if end_index is not None else now
    need = target.duration_seconds // 60
    calendar_oracle = OracleCalendar(calendar)
    # minute by minute: open and not paused counts; no pause is assumed after `end`
    counted = used = paused_open = 0
    due = start if need == 0 else None
    moment = start
    while due is None or moment < end:
        paused = moment < end and oracle_status_at(visible, moment) in target.pause_statuses
        is_open = calendar_oracle.is_open(moment)
        paused_open += is_open and paused
        if is_open and not paused:
            counted += 1
            if moment < end:
                used += 1
            if due is None and counted == need:
                due = moment + MINUTE
        moment += MINUTE
    assert due is not None
    if stopped:
        state = "cancelled" if cancelled else ("met" if end <= due else "met_late")
    elif now > due:
        state = "breached"
    elif visible[-1].status in target.pause_statuses:
        state = "paused"
    else:
        state = "running"
    return {
        "state": state,
        "started_at": start,
        "due_at": due,
        "stopped_at": end if stopped else None,
        "used": used,
        "paused": paused_open,
        "counted_in_picture": used
        if state in {"met", "met_late", "cancelled", "breached"}
        else need,
    }


# -- the properties -----------------------------------------------------------------------


@ORACLE_SETTINGS
@given(data=st.data())
def test_compute_clock_agrees_with_the_minute_stepping_oracle(data):
    # given a generated calendar, history, target and now
    scenario = data.draw(scenarios())
    entries, now = data.draw(histories(scenario.base))
    target = data.draw(targets(scenario.calendar))
    # when the engine computes the clock
    result = compute_clock(entries, target, scenario.calendar, now)
    # then it agrees with the oracle
    expected = oracle_clock(entries, target, scenario.calendar, now)
    event(f"state {result.state}")
    event(f"zone {scenario.calendar.tz}")
    assert result.state == expected["state"]
    assert result.started_at == expected["started_at"]
    assert result.due_at == expected["due_at"]
    assert result.stopped_at == expected["stopped_at"]
    assert result.used_seconds == 60 * expected["used"]
    assert result.remaining_seconds == target.duration_seconds - 60 * expected["used"]
    # and its explanation covers the picture without gaps, merged, with the same sums
    if result.state != "pending":
        explanation = result.explanation
        assert explanation.counted_seconds == 60 * expected["counted_in_picture"]
        assert explanation.paused_seconds == 60 * expected["paused"]
        picture_end = result.stopped_at or max(now, result.due_at)
        covered = sum(segment.seconds for segment in explanation.segments)
        assert covered == (picture_end - result.started_at).total_seconds()
        segments = explanation.segments
        if segments:
            assert (segments[0].start, segments[-1].end) == (result.started_at, picture_end)
        for earlier, later in zip(segments, segments[1:], strict=False):
            assert earlier.end == later.start
            assert (earlier.kind, earlier.reason, earlier.label) != (
                later.kind,
                later.reason,
                later.label,
            )


@settings(ORACLE_SETTINGS, max_examples=1000)
@given(data=st.data())
def test_add_business_seconds_agrees_with_the_minute_stepping_oracle(data):
    # given a generated calendar, a start and a number of open minutes
    scenario = data.draw(scenarios())
    start = scenario.base + MINUTE * data.draw(st.integers(0, 4 * 1440))
    weekly_open = sum(
        w.end_minute - w.start_minute for day in scenario.calendar.weekly for w in day
    )
    minutes = data.draw(st.integers(1, min(weekly_open * 3 // 4 + 1, 3 * 1440)))
    # when the engine adds them
    due = add_business_seconds(scenario.calendar, start, 60 * minutes)
    # then the oracle counts exactly that many open minutes up to the due time
    calendar_oracle = OracleCalendar(scenario.calendar)
    counted, moment = 0, start
    while counted < minutes:
        counted += calendar_oracle.is_open(moment)
        moment += MINUTE
    assert due == moment
    assert business_seconds(scenario.calendar, start, due) == 60 * minutes
    # and walking back from the due time finds the latest instant with as many open minutes
    counted, moment = 0, due
    while counted < minutes:
        moment -= MINUTE
        counted += calendar_oracle.is_open(moment)
    assert subtract_business_seconds(scenario.calendar, due, 60 * minutes) == moment
