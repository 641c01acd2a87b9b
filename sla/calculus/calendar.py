"""Business calendars: weekly windows, holidays, adjusted working days (调休), a time zone.

A calendar says when the SLA clock may run. Windows are local wall-clock times in
``CalendarSpec.tz``. An instant is open when its local wall-clock time falls in one
of the windows of its local date, so on a daylight-saving switch a window covering
the skipped hour is shorter, one covering the repeated hour longer, and a window
edge at a non-existent local time moves forward to the instant the clocks jump to.

The open intervals of each local date (``CalendarSpec.day``) are computed once per
(calendar value, date) and cached; the arithmetic on them (how much open time lies
between two instants, when an amount of it has elapsed) is in ``business_time``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sla.calculus.china import china_exceptions
from sla.calculus.instants import MICROS, from_micros, to_micros
from sla.calculus.windows import MINUTES_PER_DAY, check_windows
from sla.calculus.windows import Window as Window  # re-exported: the calendar's own type
from sla.calculus.zones import first_instant, offset_pieces

_MINUTE = 60 * MICROS
_HOUR = 60 * _MINUTE
_DAY = 24 * _HOUR
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_MAX_CACHED_DAYS = 50_000
_MAX_SHARED_CALENDARS = 256
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

DayKind = Literal["workday", "adjusted_workday", "special_hours", "weekend", "holiday"]
ClosedReason = Literal["off_hours", "special_hours", "weekend", "holiday"]
Span = tuple[int, int]


class DayPlan(NamedTuple):
    """One local date of a calendar, instants in epoch microseconds."""

    ordinal: int  # date.toordinal() of the local date
    start: int  # first instant of the local date
    end: int  # first instant of the next local date
    intervals: tuple[Span, ...]  # open intervals, sorted, disjoint, within [start, end)
    kind: DayKind
    label: str  # holiday name for holidays, the day's name for special hours, else ""
    closed_reason: ClosedReason  # why the closed parts of this day are closed
    windows: tuple[Window, ...] = ()  # the windows that opened this day


def _load_zone(name: str) -> ZoneInfo:
    if not isinstance(name, str) or not name:
        raise ValueError(f"time zone must be an IANA name like 'Asia/Shanghai', got {name!r}")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def _check_date(value: object, where: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValueError(f"{where}: expected a date, got {value!r}")
    return value


HolidaysInput = Mapping[date, str] | Iterable[tuple[date, str]]
SpecialDay = tuple[date, tuple[Window, ...], str]


def _normalise_special_days(days: Iterable[SpecialDay]) -> tuple[SpecialDay, ...]:
    seen: dict[date, SpecialDay] = {}
    for entry in days:
        if not isinstance(entry, tuple) or len(entry) != 3:
            raise ValueError(f"special_days: expected (date, windows, name), got {entry!r}")
        day, windows, name = entry
        _check_date(day, "special_days")
        windows = tuple(windows)
        check_windows(windows, f"special_days[{day}]")
        if not windows:
            raise ValueError(
                f"special_days: {day} needs at least one window (or make it a holiday)"
            )
        if not isinstance(name, str):
            raise ValueError(f"special_days: the name of {day} must be a string, got {name!r}")
        if day in seen:
            raise ValueError(f"special_days: {day} is listed twice")
        seen[day] = (day, windows, name)
    return tuple(seen[day] for day in sorted(seen))


def _normalise_holidays(holidays: HolidaysInput) -> tuple[tuple[date, str], ...]:
    pairs = holidays.items() if isinstance(holidays, Mapping) else holidays
    names: dict[date, str] = {}
    for day, name in pairs:
        _check_date(day, "holidays")
        if not isinstance(name, str):
            raise ValueError(f"holidays: the name of {day} must be a string, got {name!r}")
        if names.get(day, name) != name:
            raise ValueError(f"holidays: {day} is listed twice ({names[day]!r}, {name!r})")
        names[day] = name
    return tuple(sorted(names.items()))


_SHARED_DAYS: dict[CalendarSpec, dict[int, DayPlan]] = {}


def _shared_days(calendar: CalendarSpec) -> dict[int, DayPlan]:
    """Equal calendars (e.g. rebuilt from the same database row) share one day cache."""
    days = _SHARED_DAYS.get(calendar)
    if days is None:
        if len(_SHARED_DAYS) >= _MAX_SHARED_CALENDARS:
            _SHARED_DAYS.clear()
        days = _SHARED_DAYS.setdefault(calendar, {})
    return days


@dataclass(frozen=True)
class CalendarSpec:
    """When a clock may run.

    ``weekly[0]`` is Monday; an empty tuple closes that weekday. A holiday closes its
    whole local date; an adjusted working day (调休) opens with ``adjusted_windows``
    even on a weekend. ``holidays`` is a sorted tuple of ``(date, name)`` pairs (a
    mapping is accepted and normalised). ``special_days`` are ``(date, windows, name)``:
    that date opens with its own windows (a half day, an extended day), whatever its
    weekday. ``known_through`` is the last local date whose official schedule (holidays,
    调休) is loaded; None when the calendar follows none (24×7, plain weekly hours).
    Dates after it are computed from the weekly windows alone: see ``is_known``.
    """

    tz: str
    weekly: tuple[tuple[Window, ...], ...]
    holidays: tuple[tuple[date, str], ...] = ()
    adjusted_workdays: frozenset[date] = frozenset()
    adjusted_windows: tuple[Window, ...] = ()
    special_days: tuple[SpecialDay, ...] = ()
    known_through: date | None = None
    _zone: ZoneInfo = field(init=False, repr=False, compare=False)
    _holiday_names: Mapping[date, str] = field(init=False, repr=False, compare=False)
    _special: Mapping[date, tuple[tuple[Window, ...], str]] = field(
        init=False, repr=False, compare=False
    )
    _days: dict[int, DayPlan] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        zone = _load_zone(self.tz)
        weekly = tuple(tuple(windows) for windows in self.weekly)
        if len(weekly) != 7:
            raise ValueError(f"weekly needs 7 entries (Monday first), got {len(weekly)}")
        for weekday, windows in enumerate(weekly):
            check_windows(windows, f"weekly[{weekday}] ({_WEEKDAY_NAMES[weekday]})")
        if not any(weekly):
            raise ValueError("a calendar must be open on at least one weekday")
        adjusted_windows = tuple(self.adjusted_windows)
        check_windows(adjusted_windows, "adjusted_windows")
        holidays = _normalise_holidays(self.holidays)
        adjusted = frozenset(
            _check_date(day, "adjusted_workdays") for day in self.adjusted_workdays
        )
        names = dict(holidays)
        clash = sorted(adjusted.intersection(names))
        if clash:
            raise ValueError(f"dates both holiday and adjusted working day: {clash}")
        if adjusted and not adjusted_windows:
            raise ValueError("adjusted_workdays given but adjusted_windows is empty")
        special = _normalise_special_days(self.special_days)
        special_clash = sorted({day for day, _, _ in special} & (set(names) | adjusted))
        if special_clash:
            raise ValueError(
                f"dates with their own windows also listed as holiday or 调休: {special_clash}"
            )
        if self.known_through is not None:
            _check_date(self.known_through, "known_through")
        object.__setattr__(self, "weekly", weekly)
        object.__setattr__(self, "adjusted_windows", adjusted_windows)
        object.__setattr__(self, "holidays", holidays)
        object.__setattr__(self, "adjusted_workdays", adjusted)
        object.__setattr__(self, "special_days", special)
        object.__setattr__(self, "_special", MappingProxyType({d: (w, n) for d, w, n in special}))
        object.__setattr__(self, "_zone", zone)
        object.__setattr__(self, "_holiday_names", MappingProxyType(names))
        object.__setattr__(self, "_days", _shared_days(self))

    def __reduce__(self) -> tuple[type[CalendarSpec], tuple[object, ...]]:
        # Pickle / copy the definition only, never the day cache.
        fields = (self.tz, self.weekly, self.holidays, self.adjusted_workdays)
        return (
            CalendarSpec,
            (*fields, self.adjusted_windows, self.special_days, self.known_through),
        )

    # -- factories ---------------------------------------------------------------------

    @classmethod
    def always_open(cls, tz: str) -> CalendarSpec:
        """24×7: every instant is open."""
        return cls(tz=tz, weekly=((Window(0, MINUTES_PER_DAY),),) * 7)

    @classmethod
    def weekdays(
        cls,
        tz: str,
        windows: Sequence[Window],
        holidays: HolidaysInput = (),
        adjusted_workdays: Iterable[date] = (),
        special_days: Iterable[SpecialDay] = (),
        known_through: date | None = None,
    ) -> CalendarSpec:
        """Monday–Friday with the same windows; adjusted working days use them too."""
        day = tuple(windows)
        return cls(
            tz=tz,
            weekly=(day,) * 5 + ((), ()),
            holidays=_normalise_holidays(holidays),
            adjusted_workdays=frozenset(adjusted_workdays),
            adjusted_windows=day,
            special_days=tuple(special_days),
            known_through=known_through,
        )

    @classmethod
    def china_working_hours(
        cls, windows: Sequence[Window], years: Iterable[int], tz: str = "Asia/Shanghai"
    ) -> CalendarSpec:
        """Monday–Friday windows plus the Chinese holidays and 调休 of ``years``."""
        holidays: dict[date, str] = {}
        adjusted: set[date] = set()
        for year in years:
            year_holidays, year_adjusted = china_exceptions(year)
            holidays.update(year_holidays)
            adjusted |= year_adjusted
        return cls.weekdays(tz, windows, holidays=holidays, adjusted_workdays=adjusted)

    # -- lookups -----------------------------------------------------------------------

    @property
    def zone(self) -> ZoneInfo:
        return self._zone

    @property
    def holiday_names(self) -> Mapping[date, str]:
        return self._holiday_names

    def is_known(self, local_date: date) -> bool:
        """False for a date past ``known_through``: its holidays and 调休 are not loaded, so
        it is computed from the weekly windows alone and may be wrong."""
        return self.known_through is None or local_date <= self.known_through

    def known_at(self, at: datetime) -> bool:
        """``is_known`` of the local date of an instant."""
        return self.is_known(from_micros(to_micros(at, "at")).astimezone(self._zone).date())

    def local_ordinal(self, micros: int) -> int:
        """The ordinal of the local date of an instant."""
        return from_micros(micros).astimezone(self._zone).toordinal()

    def day(self, ordinal: int) -> DayPlan:
        """The plan of one local date (cached)."""
        plan = self._days.get(ordinal)
        if plan is None:
            plan = self._build_day(ordinal)
            if len(self._days) >= _MAX_CACHED_DAYS:
                self._days.clear()
            self._days[ordinal] = plan
        return plan

    def day_of(self, local_date: date) -> DayPlan:
        return self.day(local_date.toordinal())

    def is_open(self, at: datetime) -> bool:
        micros = to_micros(at, "at")
        plan = self.day(self.local_ordinal(micros))
        return any(start <= micros < end for start, end in plan.intervals)

    def _build_day(self, ordinal: int) -> DayPlan:
        local_date = date.fromordinal(ordinal)
        holiday = self._holiday_names.get(local_date)
        special = self._special.get(local_date)
        kind: DayKind
        reason: ClosedReason
        windows: tuple[Window, ...]
        if special is not None:
            windows, label = special
            kind, reason = "special_hours", "special_hours"
        elif holiday is not None:
            windows = ()
            kind, label, reason = "holiday", holiday, "holiday"
        elif local_date in self.adjusted_workdays:
            windows = self.adjusted_windows
            kind, label, reason = "adjusted_workday", "", "off_hours"
        else:
            windows = self.weekly[local_date.weekday()]
            if windows:
                kind, label, reason = "workday", "", "off_hours"
            else:
                kind, label, reason = "weekend", "", "weekend"
        wall = (ordinal - _EPOCH_ORDINAL) * _DAY  # local midnight, read as if it were UTC
        # Instants of this local date lie within a day either side (|UTC offset| < 24 h).
        pieces = offset_pieces(self._zone, wall - _DAY, wall + 2 * _DAY)
        spans: list[Span] = []
        for window in windows:
            wall_start = wall + window.start_minute * _MINUTE
            wall_end = wall + window.end_minute * _MINUTE
            for low, high, offset in pieces:
                start = max(low, wall_start - offset)
                end = min(high, wall_end - offset)
                if start < end:
                    spans.append((start, end))
        return DayPlan(
            ordinal=ordinal,
            start=first_instant(pieces, wall),
            end=first_instant(pieces, wall + _DAY),
            intervals=_merge(spans),
            kind=kind,
            label=label,
            closed_reason=reason,
            windows=windows,
        )


def _merge(spans: list[Span]) -> tuple[Span, ...]:
    spans.sort()
    merged: list[Span] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return tuple(merged)
