"""Due times of SLA clocks, and why.

``compute_clock`` reads a ticket's history against a target and a calendar and says
where the clock stands at ``now``: started when, due when, how much business time is
used, and (lazily, on ``ClockResult.explanation``) the counted / paused / closed
segments behind the due time. Pure and deterministic: history entries after ``now``
are ignored, so the answer depends on the inputs only.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import cached_property
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo

from sla.calculus.business_time import subtract_business_seconds, used_and_due
from sla.calculus.calendar import CalendarSpec, DayPlan, Window
from sla.calculus.instants import MICROS, from_micros, to_micros
from sla.calculus.pauses import HistoryEntry, PauseSpan, pause_spans

ClockState = Literal["pending", "running", "paused", "met", "met_late", "breached", "cancelled"]
SegmentKind = Literal["counted", "paused", "closed"]
RUNNING_STATES: frozenset[ClockState] = frozenset({"running", "breached"})


@dataclass(frozen=True)
class TargetSpec:
    """One SLA target: ``duration_seconds`` of business time from a start to a stop.

    A code in ``start_on`` / ``stop_on`` / ``cancel_on`` matches a history entry whose
    ``event`` equals it, or whose ``status`` equals it and differs from the previous
    entry's status (entering that status). The clock starts at the first start match,
    stops at the first stop match from the start entry on, and is cancelled by a cancel
    match after the start entry and before the stop. Time spent in ``pause_statuses``
    does not count.
    """

    metric: str
    duration_seconds: int
    start_on: frozenset[str]
    stop_on: frozenset[str]
    pause_statuses: frozenset[str] = frozenset()
    cancel_on: frozenset[str] = frozenset({"cancelled"})

    def __post_init__(self) -> None:
        if isinstance(self.duration_seconds, bool) or not isinstance(self.duration_seconds, int):
            raise ValueError(f"duration_seconds must be an integer, got {self.duration_seconds!r}")
        if self.duration_seconds < 0:
            raise ValueError(f"duration_seconds must not be negative, got {self.duration_seconds}")
        for name in ("start_on", "stop_on", "pause_statuses", "cancel_on"):
            codes = getattr(self, name)
            if isinstance(codes, str):
                raise ValueError(f"{name} must be a set of codes, not the string {codes!r}")
            object.__setattr__(self, name, frozenset(codes))
        if not self.start_on or not self.stop_on:
            raise ValueError("start_on and stop_on need at least one code each")


@dataclass(frozen=True)
class Segment:
    """[start, end) in UTC. ``kind`` "closed": ``reason`` is off_hours / special_hours /
    weekend / holiday and ``label`` the holiday's or the special day's name (``windows``:
    the special day's own windows); "paused": ``reason`` is the pausing status."""

    start: datetime
    end: datetime
    kind: SegmentKind
    reason: str = ""
    label: str = ""
    windows: tuple[Window, ...] = ()

    @property
    def seconds(self) -> int:
        return int((self.end - self.start).total_seconds())


@dataclass(frozen=True)
class Explanation:
    """The timeline behind a due time, from the clock's start to its stop, or to the
    later of now and the due time (after now: what will count if nothing pauses)."""

    segments: tuple[Segment, ...] = ()
    counted_seconds: int = 0
    paused_seconds: int = 0
    closed_seconds: int = 0

    def describe(self, tz: str) -> tuple[str, ...]:
        """One line per segment in local time, e.g. "closed 12:00–13:30 (off hours)"."""
        zone = ZoneInfo(tz)
        lines: list[str] = []
        for segment in self.segments:
            start = segment.start.astimezone(zone)
            end = segment.end.astimezone(zone)
            when = _local_span(start, end)
            if segment.kind == "closed":
                why = segment.reason.replace("_", " ")
                why = f"{why}: {segment.label}" if segment.label else why
                if segment.windows:
                    why = f"{why}, open {', '.join(str(w) for w in segment.windows)}"
                lines.append(f"closed {when} ({why})")
            elif segment.kind == "paused":
                lines.append(f"paused {when} ({segment.reason})")
            else:
                lines.append(f"counted {when}")
        return tuple(lines)


def _local_span(start: datetime, end: datetime) -> str:
    head = f"{start:%Y-%m-%d %H:%M}"
    if end.date() == start.date():
        return f"{head}–{end:%H:%M}"
    if end.time() == time(0) and end.date() == start.date() + timedelta(days=1):
        return f"{head}–24:00"
    return f"{head}–{end:%Y-%m-%d %H:%M}"


class ExplanationBasis(NamedTuple):
    """What ``ClockResult.explanation`` needs to build itself on first access."""

    calendar: CalendarSpec
    start: int  # epoch microseconds
    end: int
    pauses: tuple[PauseSpan, ...]


_NO_EXPLANATION = Explanation()


@dataclass(frozen=True)
class ClockResult:
    """Where a clock stands. ``remaining_seconds`` is negative when over; ``due_at`` of a
    paused clock assumes it resumes now; of a stopped one it is the due time as it stood
    at the stop. ``stopped_at`` is the stop, or the cancellation for "cancelled".
    ``due_past_horizon``: the due time falls on a date after the calendar's
    ``known_through``, so it was computed without that date's official schedule."""

    state: ClockState
    started_at: datetime | None
    due_at: datetime | None
    stopped_at: datetime | None
    used_seconds: int
    remaining_seconds: int
    basis: ExplanationBasis | None = field(default=None, repr=False, compare=False)
    due_past_horizon: bool = False

    @cached_property
    def explanation(self) -> Explanation:
        """Counted / paused / closed segments, built on first access."""
        if self.basis is None:
            return _NO_EXPLANATION
        return build_explanation(self.basis)


class _Run(NamedTuple):
    """Where a clock ran on a history: the entries from its start entry on (instants and
    statuses), and the instant it stopped or was cancelled, if it did."""

    instants: list[int]
    statuses: list[str]
    end_at: int | None
    cancelled: bool


def _scan(history: Sequence[HistoryEntry], target: TargetSpec, now_us: int) -> _Run:
    start_on, stop_on, cancel_on = target.start_on, target.stop_on, target.cancel_on
    instants: list[int] = []  # entries from the start entry on
    statuses: list[str] = []
    previous_status: str | None = None
    previous_at: int | None = None
    end_at: int | None = None
    cancelled = False
    for entry in history:
        at = to_micros(entry.at, "history entry time")
        if at > now_us:
            break
        if previous_at is not None and at < previous_at:
            raise ValueError(
                f"history must be in time order: {entry.at.isoformat()} comes after "
                f"{from_micros(previous_at).isoformat()}"
            )
        previous_at = at
        status, event = entry.status, entry.event
        entered = status != previous_status
        previous_status = status
        if instants:
            instants.append(at)
            statuses.append(status)
            if (event and event in stop_on) or (entered and status in stop_on):
                end_at = at
                break
            if (event and event in cancel_on) or (entered and status in cancel_on):
                end_at, cancelled = at, True
                break
        elif (event and event in start_on) or (entered and status in start_on):
            instants.append(at)
            statuses.append(status)
            if (event and event in stop_on) or (entered and status in stop_on):
                end_at = at
                break
    return _Run(instants, statuses, end_at, cancelled)


def compute_clock(
    history: Sequence[HistoryEntry], target: TargetSpec, cal: CalendarSpec, now: datetime
) -> ClockResult:
    """The state of ``target``'s clock on ``history`` at ``now`` (entries after now ignored)."""
    now_us = to_micros(now, "now")
    instants, statuses, end_at, cancelled = _scan(history, target, now_us)
    duration = target.duration_seconds
    if not instants:
        return ClockResult("pending", None, None, None, 0, duration)

    start = instants[0]
    end = now_us if end_at is None else end_at
    pauses = pause_spans(instants, statuses, target.pause_statuses, start, end)
    gaps = [(low, high) for low, high, _ in pauses]
    used, due = used_and_due(cal, start, end, duration * MICROS, gaps)
    state: ClockState
    if end_at is not None:
        state = "cancelled" if cancelled else ("met" if end_at <= due else "met_late")
        picture_end = end_at
    else:
        if now_us > due:
            state = "breached"
        elif statuses[-1] in target.pause_statuses:
            state = "paused"
        else:
            state = "running"
        picture_end = max(now_us, due)
    used_seconds = used // MICROS
    due_at = from_micros(due)
    return ClockResult(
        state=state,
        started_at=from_micros(start),
        due_at=due_at,
        stopped_at=None if end_at is None else from_micros(end_at),
        used_seconds=used_seconds,
        remaining_seconds=duration - used_seconds,
        basis=ExplanationBasis(cal, start, picture_end, tuple(pauses)),
        due_past_horizon=not cal.known_at(due_at),
    )


def explain(
    history: Sequence[HistoryEntry], target: TargetSpec, cal: CalendarSpec, now: datetime
) -> Explanation:
    """The segments behind ``compute_clock(history, target, cal, now)``."""
    return compute_clock(history, target, cal, now).explanation


_Piece = tuple[int, int, SegmentKind, str, str, tuple[Window, ...]]


class _Segments:
    """The segments of an explanation in order, in epoch microseconds; one that continues
    the one before it with the same kind, reason, label and windows is merged into it."""

    def __init__(self) -> None:
        self.pieces: list[_Piece] = []

    def add(
        self,
        low: int,
        high: int,
        kind: SegmentKind,
        reason: str = "",
        label: str = "",
        windows: tuple[Window, ...] = (),
    ) -> None:
        if low >= high:
            return
        pieces = self.pieces
        if pieces:
            last = pieces[-1]
            if last[1] == low and last[2:] == (kind, reason, label, windows):
                pieces[-1] = (last[0], high, kind, reason, label, windows)
                return
        pieces.append((low, high, kind, reason, label, windows))

    def explanation(self) -> Explanation:
        totals = {"counted": 0, "paused": 0, "closed": 0}
        for low, high, kind, *_ in self.pieces:
            totals[kind] += high - low
        return Explanation(
            segments=tuple(
                Segment(from_micros(low), from_micros(high), kind, reason, label, windows)
                for low, high, kind, reason, label, windows in self.pieces
            ),
            counted_seconds=totals["counted"] // MICROS,
            paused_seconds=totals["paused"] // MICROS,
            closed_seconds=totals["closed"] // MICROS,
        )


def build_explanation(basis: ExplanationBasis) -> Explanation:
    """Walk the calendar day by day from the start to the end of the picture: closed
    outside the working windows, paused inside them while a pause runs, counted otherwise."""
    calendar, start, end, pauses = basis
    segments = _Segments()
    cursor = start
    ordinal = calendar.local_ordinal(start)
    first_pause = 0
    while cursor < end:
        plan = calendar.day(ordinal)
        cursor, first_pause = _explain_day(
            segments, plan, cursor, min(plan.end, end), pauses, first_pause
        )
        ordinal += 1
    return segments.explanation()


def _explain_day(
    segments: _Segments,
    plan: DayPlan,
    cursor: int,
    day_end: int,
    pauses: tuple[PauseSpan, ...],
    first_pause: int,
) -> tuple[int, int]:
    """One local date from ``cursor`` to ``day_end``: closed between its working windows,
    each window split by the pauses. Returns where the walk stands and the first pause that
    may still overlap what follows."""
    own = plan.windows if plan.kind == "special_hours" else ()
    for low, high in plan.intervals:
        if high <= cursor:
            continue
        if low >= day_end:
            break
        low, high = max(low, cursor), min(high, day_end)
        segments.add(cursor, low, "closed", plan.closed_reason, plan.label, own)
        while first_pause < len(pauses) and pauses[first_pause][1] <= low:
            first_pause += 1
        _explain_window(segments, low, high, pauses, first_pause)
        cursor = high
    if cursor < day_end:
        segments.add(cursor, day_end, "closed", plan.closed_reason, plan.label, own)
        cursor = day_end
    return cursor, first_pause


def _explain_window(
    segments: _Segments, low: int, high: int, pauses: tuple[PauseSpan, ...], index: int
) -> None:
    """One working window [low, high): paused while a pause runs, counted otherwise."""
    position = low
    while index < len(pauses) and pauses[index][0] < high:
        pause_low, pause_high, status = pauses[index]
        if pause_low > position:
            segments.add(position, pause_low, "counted")
            position = pause_low
        segments.add(position, min(pause_high, high), "paused", status)
        position = min(pause_high, high)
        if pause_high >= high:
            break
        index += 1
    segments.add(position, high, "counted")


# -- escalation -------------------------------------------------------------------------


def action_times(
    result: ClockResult, offsets_seconds: Sequence[int], cal: CalendarSpec
) -> tuple[datetime, ...]:
    """The instant of each escalation level (one per offset, same order), relative to
    ``result.due_at``: a negative offset is a warning that many BUSINESS seconds before
    the due time (so it lands in working time); zero and positive offsets are
    WALL-CLOCK seconds after it (breach, then the ladder: +2 h, +1 day...).
    Empty when there is no due time."""
    due_at = result.due_at
    if due_at is None:
        return ()
    return tuple(
        subtract_business_seconds(cal, due_at, -offset)
        if offset < 0
        else due_at + timedelta(seconds=offset)
        for offset in offsets_seconds
    )


def next_action_at(
    result: ClockResult,
    offsets_seconds: Sequence[int],
    cal: CalendarSpec,
    already_fired: Set[int] = frozenset(),
) -> datetime | None:
    """The earliest instant among levels not in ``already_fired`` (level = index into
    ``offsets_seconds``; see ``action_times`` for what offsets mean). It may lie in the
    past: a sweep fires it at once. None when the clock is not running (pending, paused,
    met, met_late, cancelled) or every level has fired."""
    if result.state not in RUNNING_STATES:
        return None
    times = action_times(result, offsets_seconds, cal)
    return min((at for level, at in enumerate(times) if level not in already_fired), default=None)


def levels_due(
    result: ClockResult,
    offsets_seconds: Sequence[int],
    cal: CalendarSpec,
    now: datetime,
    already_fired: Set[int] = frozenset(),
) -> tuple[int, ...]:
    """The unfired levels whose instant is at or before ``now`` (empty unless running)."""
    if result.state not in RUNNING_STATES:
        return ()
    times = action_times(result, offsets_seconds, cal)
    return tuple(
        level for level, at in enumerate(times) if level not in already_fired and at <= now
    )
