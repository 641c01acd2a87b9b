"""The complaint number: ``TS`` + ``YYMM`` + running number, a series of its own (001
客户投诉编号原则), drawn from the shared counter (``aftersales.numbering``)."""

from __future__ import annotations

from datetime import datetime

from aftersales.numbering import next_number

PREFIX = "TS"  # 投诉


def next_complaint_number(*, at: datetime) -> str:
    """``TS2612-0001``: prefix, local ``YYMM`` of ``at``, four-digit running number (the
    series' counter row stays locked until the caller's transaction ends)."""
    return next_number(PREFIX, at=at, digits=4)
