"""Pauses rebuilt from a ticket's status history.

The history is the source of truth: a pause is a span during which the ticket's
status was one of a target's pause statuses. Nothing is stored per clock, so a
changed target (new duration, new policy) recomputes against the same pauses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sla.calculus.instants import from_micros, to_micros

PauseSpan = tuple[int, int, str]  # (start, end, status), epoch microseconds


@dataclass(frozen=True)
class HistoryEntry:
    """From ``at`` on the ticket's status is ``status``; ``event`` is an optional code
    recorded at that instant (e.g. "contact.made"). Entries come in time order."""

    at: datetime
    status: str
    event: str = ""


@dataclass(frozen=True)
class Interval:
    """[start, end) in UTC; ``status`` is the pausing status when it comes from a pause."""

    start: datetime
    end: datetime
    status: str = ""


def entry_micros(history: Sequence[HistoryEntry]) -> list[int]:
    """Entry instants in microseconds; ValueError on naive times or out-of-order entries."""
    instants: list[int] = []
    previous: int | None = None
    for entry in history:
        at = to_micros(entry.at, "history entry time")
        if previous is not None and at < previous:
            raise ValueError(
                f"history must be in time order: {entry.at.isoformat()} comes after "
                f"{from_micros(previous).isoformat()}"
            )
        instants.append(at)
        previous = at
    return instants


def pause_spans(
    instants: Sequence[int],
    statuses: Sequence[str],
    pause_statuses: frozenset[str],
    start: int,
    end: int,
) -> list[PauseSpan]:
    """Spans within [start, end) whose status is a pause status; entry i's status
    holds from ``instants[i]`` to the next entry (the last one: to ``end``).
    Consecutive spans of the same status are joined."""
    spans: list[PauseSpan] = []
    if not pause_statuses or end <= start:
        return spans
    count = len(instants)
    for index in range(count):
        status = statuses[index]
        if status not in pause_statuses:
            continue
        low = max(instants[index], start)
        high = min(instants[index + 1] if index + 1 < count else end, end)
        if low >= high:
            continue
        if spans and spans[-1][1] == low and spans[-1][2] == status:
            spans[-1] = (spans[-1][0], high, status)
        else:
            spans.append((low, high, status))
    return spans


def pause_intervals(
    history: Sequence[HistoryEntry],
    pause_statuses: frozenset[str],
    start: datetime,
    end: datetime,
) -> tuple[Interval, ...]:
    """The spans within [start, end) during which the status was in ``pause_statuses``."""
    instants = entry_micros(history)
    spans = pause_spans(
        instants,
        [entry.status for entry in history],
        pause_statuses,
        to_micros(start, "start"),
        to_micros(end, "end"),
    )
    return tuple(
        Interval(from_micros(low), from_micros(high), status) for low, high, status in spans
    )
