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

import secrets
from datetime import datetime

from django.db import connection
from django.db.models import Field, Model
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


def provisional_number() -> str:
    """A unique stand-in for a row that is inserted before its number is drawn (see
    :func:`number_row`); it never outlives the transaction that inserts the row."""
    return f"~{secrets.token_hex(7)}"


def number_row(
    model: type[Model],
    pk: int,
    prefix: str,
    *,
    at: datetime | None = None,
    digits: int = 4,
    separator: str = "-",
    field: str = "number",
) -> str:
    """Draw :func:`next_number` for the saved row ``pk`` of ``model`` and write it to its
    ``field``; returns the number.

    For a row written with others in one transaction: insert it (and its dependants) under a
    :func:`provisional_number` first and number it last, so the counter row is locked only
    for this statement and the commit, not for every INSERT of the transaction; concurrent
    writers of the series wait for each other that much less. On PostgreSQL the draw and the
    UPDATE are one statement (a data-modifying ``WITH``); elsewhere two.
    """
    local = timezone.localtime(at or timezone.now())
    key, head = f"{prefix}{local:%Y%m}", f"{prefix}{local:%y%m}{separator}"
    target = model._meta.get_field(field)
    if not isinstance(target, Field):
        raise TypeError(f"{model._meta.label}.{field} is not a column")
    table, column = model._meta.db_table, target.column
    pk_column = model._meta.pk.column
    if connection.vendor != "postgresql":
        number = f"{head}{draw(key):0{digits}d}"
        model._default_manager.filter(pk=pk).update(**{field: number})
        return number
    counters = NumberSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH drawn AS (INSERT INTO {counters} (key, last_value) VALUES (%s, 1) "  # noqa: S608 - our tables
            f"ON CONFLICT (key) DO UPDATE SET last_value = {counters}.last_value + 1 "
            "RETURNING last_value) "
            f'UPDATE {table} SET "{column}" = %s || lpad(drawn.last_value::text, '
            "greatest(%s, length(drawn.last_value::text)), '0') "
            f'FROM drawn WHERE {table}."{pk_column}" = %s RETURNING {table}."{column}"',
            [key, head, digits, pk],
        )
        row = cursor.fetchone()
    if row is None:
        raise LookupError(f"no {model._meta.label} row {pk} to number")
    return str(row[0])
