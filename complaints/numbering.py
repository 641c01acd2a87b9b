"""The complaint number: ``YYMM`` + running number, a series of its own (001 客户投诉编号原则).

Until the shared counter (``aftersales.numbering``) exists this module bumps its own table
with one atomic upsert; switching is the one line in :func:`next_complaint_number`.
"""

from __future__ import annotations

from datetime import datetime

from django.db import connection
from django.utils import timezone

PREFIX = "TS"  # 投诉


def _bump(period: str) -> int:
    """``INSERT … ON CONFLICT DO UPDATE … RETURNING``: two creators never read the same value;
    the period's row stays locked until the caller's transaction ends."""
    from complaints.models import ComplaintNumberSequence

    table = ComplaintNumberSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (period, last_value) VALUES (%s, 1) "  # noqa: S608 - our table
            f"ON CONFLICT (period) DO UPDATE SET last_value = {table}.last_value + 1 "
            "RETURNING last_value",
            [period],
        )
        (value,) = cursor.fetchone()
    return int(value)


def next_complaint_number(*, at: datetime) -> str:
    """``TS2612-0001``: prefix, local ``YYMM`` of ``at``, four-digit running number."""
    period = timezone.localtime(at).strftime("%y%m")
    return f"{PREFIX}{period}-{_bump(period):04d}"
