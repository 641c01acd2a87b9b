"""UTC offsets of a time zone over a span of instants (integer microseconds): where a
daylight-saving switch cuts a local day, and the first instant of a local wall-clock time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sla.calculus.instants import MICROS, offset_micros

_HOUR = 3600 * MICROS


def offset_at(zone: ZoneInfo, micros: int) -> int:
    offset = datetime.fromtimestamp(micros // MICROS, zone).utcoffset()
    if offset is None:  # pragma: no cover - ZoneInfo always answers
        raise ValueError(f"time zone {zone.key!r} gives no UTC offset")
    return offset_micros(offset)


def _first_change(zone: ZoneInfo, low: int, high: int, offset: int) -> int:
    """First whole second in (low, high] whose offset differs from ``offset`` at ``low``."""
    low_s, high_s = low // MICROS, high // MICROS
    while high_s - low_s > 1:
        middle = (low_s + high_s) // 2
        if offset_at(zone, middle * MICROS) == offset:
            low_s = middle
        else:
            high_s = middle
    return high_s * MICROS


def offset_pieces(zone: ZoneInfo, low: int, high: int) -> list[tuple[int, int, int]]:
    """[low, high) cut where the UTC offset changes: (start, end, offset) pieces.

    Changes are found by hourly sampling, so two changes less than an hour apart
    (no real zone has them) would be seen as none.
    """
    first = offset_at(zone, low)
    if first == offset_at(zone, (low + high) // 2) == offset_at(zone, high):
        return [(low, high, first)]
    pieces: list[tuple[int, int, int]] = []
    piece_start, piece_offset = low, first
    sample = low
    while sample < high:
        following = min(sample + _HOUR, high)
        if offset_at(zone, following) != piece_offset:
            change = _first_change(zone, sample, following, piece_offset)
            pieces.append((piece_start, change, piece_offset))
            piece_start, piece_offset = change, offset_at(zone, change)
        sample = following
    pieces.append((piece_start, high, piece_offset))
    return pieces


def first_instant(pieces: list[tuple[int, int, int]], wall: int) -> int:
    """The first instant whose local wall-clock reading is at or after ``wall``."""
    for low, high, offset in pieces:
        candidate = max(low, wall - offset)
        if candidate < high:
            return candidate
    return pieces[-1][1]
