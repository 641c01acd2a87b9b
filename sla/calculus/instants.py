"""Instants as integer microseconds since the Unix epoch (UTC).

The calculus works on plain ints internally: exact (no float rounding), cheap to
compare and add. Aware datetimes go in, aware UTC datetimes come out.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

MICROS = 1_000_000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def to_micros(moment: datetime, name: str = "datetime") -> int:
    """Microseconds since the epoch of an aware datetime; naive input -> ValueError."""
    if moment.tzinfo is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {moment.isoformat()}")
    try:
        delta = moment - EPOCH
    except TypeError:  # a tzinfo whose utcoffset() is None: naive in disguise
        raise ValueError(f"{name} must be timezone-aware, got naive {moment.isoformat()}") from None
    return (delta.days * 86_400 + delta.seconds) * MICROS + delta.microseconds


def from_micros(micros: int) -> datetime:
    """The aware UTC datetime of an epoch-microsecond instant."""
    return EPOCH + timedelta(microseconds=micros)


def offset_micros(offset: timedelta) -> int:
    return (offset.days * 86_400 + offset.seconds) * MICROS + offset.microseconds
