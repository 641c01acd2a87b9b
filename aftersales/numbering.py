"""Running numbers: one counter for every ``PREFIX`` + ``YYMM`` + serial number series.

Tickets are ``2611-000001``, claims ``WC2611-0001``, repair records ``RR2611-0001`` …: each
series is the prefix and the month (local time) of the numbered thing. Its counter is keyed
by the full year (``WC202611``), so two centuries never share one although their numbers
both show ``2611``. The counter row
(:class:`aftersales.models.NumberSequence`) is bumped by one ``INSERT … ON CONFLICT DO UPDATE
… RETURNING`` statement, so two concurrent writers can never read the same value and a
rolled-back write gives its number back. The counter row stays locked until the caller's
transaction ends: draw the number as late as possible in that transaction.
"""

from __future__ import annotations

from datetime import datetime

from django.db import connection
from django.utils import timezone

from aftersales.models import NumberSequence


def draw(key: str) -> int:
    """The next value of the counter ``key`` (1 for a new one), in one atomic statement."""
    table = NumberSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, last_value) VALUES (%s, 1) "  # noqa: S608 - our table
            f"ON CONFLICT (key) DO UPDATE SET last_value = {table}.last_value + 1 "
            "RETURNING last_value",
            [key],
        )
        row = cursor.fetchone()
    return int(row[0])


def next_number(
    prefix: str, *, at: datetime | None = None, digits: int = 4, separator: str = "-"
) -> str:
    """``PREFIX`` + ``YYMM`` (local month of ``at``, default now) + ``separator`` + the running
    number of that series (counter ``PREFIX`` + ``YYYYMM``), zero-padded to ``digits``."""
    local = timezone.localtime(at or timezone.now())
    value = draw(f"{prefix}{local:%Y%m}")
    return f"{prefix}{local:%y%m}{separator}{value:0{digits}d}"
