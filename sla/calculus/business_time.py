"""Business time on a calendar: how much open time lies between two instants, and when
an amount of it has elapsed after (or before) one.

The arithmetic walks day by day over the open intervals of each local date
(``CalendarSpec.day``, cached); it never steps minute by minute. Instants are integer
microseconds internally (see ``instants``); the public functions take aware datetimes and
return aware UTC datetimes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from sla.calculus.calendar import CalendarSpec, Span
from sla.calculus.instants import MICROS, from_micros, to_micros

# A calendar closed this many days in a row is treated as never opening again.
MAX_CLOSED_DAYS = 3660


# -- arithmetic on microseconds ---------------------------------------------------------


def open_spans(calendar: CalendarSpec, start: int, gaps: Sequence[Span] = ()) -> Iterator[Span]:
    """Open spans at or after ``start``, minus ``gaps`` (sorted, disjoint), in time order.

    Endless; raises ValueError when the calendar stays closed for MAX_CLOSED_DAYS.
    """
    days = calendar._days
    ordinal = calendar.local_ordinal(start)
    gap_index, gap_count = 0, len(gaps)
    closed_days = 0
    while True:
        plan = days.get(ordinal)
        if plan is None:
            plan = calendar.day(ordinal)
        intervals = plan.intervals
        if intervals:
            closed_days = 0
        else:
            closed_days += 1
            if closed_days > MAX_CLOSED_DAYS:
                raise ValueError(
                    f"calendar stays closed for {MAX_CLOSED_DAYS} days after "
                    f"{from_micros(start).isoformat()}"
                )
        for low, high in intervals:
            if high <= start:
                continue
            if low < start:
                low = start
            while gap_index < gap_count and gaps[gap_index][1] <= low:
                gap_index += 1
            index = gap_index
            while index < gap_count:
                gap_start, gap_end = gaps[index]
                if gap_start >= high:
                    break
                if gap_start > low:
                    yield low, gap_start
                if gap_end >= high:
                    low = high
                    break
                low = gap_end
                index += 1
            if low < high:
                yield low, high
        ordinal += 1


def used_and_due(
    calendar: CalendarSpec, start: int, end: int, need: int, gaps: Sequence[Span] = ()
) -> tuple[int, int]:
    """In one walk: open time in [start, end) outside ``gaps``, and the earliest instant
    at which ``need`` of such time has elapsed since ``start`` (``start`` if need <= 0).
    """
    used: int | None = 0 if end <= start else None
    due: int | None = start if need <= 0 else None
    if used is not None and due is not None:
        return used, due
    elapsed = 0
    for low, high in open_spans(calendar, start, gaps):
        length = high - low
        if due is None and elapsed + length >= need:
            due = low + need - elapsed
        if used is None and high >= end:
            used = elapsed + (end - low if end > low else 0)
        if due is not None and used is not None:
            return used, due
        elapsed += length
    raise AssertionError("open_spans never ends")  # pragma: no cover


def retreat(calendar: CalendarSpec, end: int, need: int) -> int:
    """The latest instant t <= end with ``need`` of open time in [t, end)."""
    if need <= 0:
        return end
    ordinal = calendar.local_ordinal(end)
    remaining = need
    closed_days = 0
    while True:
        intervals = calendar.day(ordinal).intervals
        closed_days = 0 if intervals else closed_days + 1
        if closed_days > MAX_CLOSED_DAYS:
            raise ValueError(f"calendar stays closed for {MAX_CLOSED_DAYS} days before the end")
        for low, high in reversed(intervals):
            if low >= end:
                continue
            high = min(high, end)
            if high - low >= remaining:
                return high - remaining
            remaining -= high - low
        ordinal -= 1


# -- public API on datetimes --------------------------------------------------------------


def open_intervals(
    calendar: CalendarSpec, start: datetime, end: datetime
) -> Iterator[tuple[datetime, datetime]]:
    """The open intervals within [start, end), merged where they touch, in UTC."""
    start_us = to_micros(start, "start")
    end_us = to_micros(end, "end")
    return _open_intervals(calendar, start_us, end_us)


def _open_intervals(
    calendar: CalendarSpec, start: int, end: int
) -> Iterator[tuple[datetime, datetime]]:
    if end <= start:
        return
    pending: Span | None = None
    for low, high in open_spans(calendar, start):
        if low >= end:
            break
        high = min(high, end)
        if pending is not None and low == pending[1]:
            pending = (pending[0], high)
            continue
        if pending is not None:
            yield from_micros(pending[0]), from_micros(pending[1])
        pending = (low, high)
        if high >= end:
            break
    if pending is not None:
        yield from_micros(pending[0]), from_micros(pending[1])


def business_seconds(calendar: CalendarSpec, start: datetime, end: datetime) -> int:
    """Whole seconds of open time in [start, end); 0 when end <= start."""
    used, _ = used_and_due(calendar, to_micros(start, "start"), to_micros(end, "end"), 0)
    return used // MICROS


def _micros_of(seconds: float) -> int:
    if seconds < 0:
        raise ValueError(f"seconds must not be negative, got {seconds}")
    return round(seconds * MICROS)


def add_business_seconds(calendar: CalendarSpec, start: datetime, seconds: float) -> datetime:
    """The earliest instant at which ``seconds`` of open time have elapsed after ``start``.

    Counting begins at the next opening when ``start`` is closed; a result that lands
    on the end of a window is that end (e.g. 12:00), not the next opening. 0 seconds
    gives ``start`` back (in UTC).
    """
    start_us = to_micros(start, "start")
    _, due = used_and_due(calendar, start_us, start_us, _micros_of(seconds))
    return from_micros(due)


def subtract_business_seconds(calendar: CalendarSpec, end: datetime, seconds: float) -> datetime:
    """The latest instant t at or before ``end`` with ``seconds`` of open time in [t, end)."""
    return from_micros(retreat(calendar, to_micros(end, "end"), _micros_of(seconds)))


def next_opening(calendar: CalendarSpec, at: datetime) -> datetime:
    """``at`` itself when open, otherwise the start of the next open interval."""
    low, _ = next(open_spans(calendar, to_micros(at, "at")))
    return from_micros(low)
