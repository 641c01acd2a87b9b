"""The engine's writes: new clocks in one INSERT, changed clocks, tickets' SLA columns and
escalation details in one ``UPDATE … FROM (VALUES …)`` per chunk on PostgreSQL (Django's
CASE-based ``bulk_update`` costs seconds for a thousand rows; it is used elsewhere)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from sla import wakeups
from sla.models import Escalation, SlaClock
from tickets.models import Ticket

if TYPE_CHECKING:
    from sla.measuring import TicketMeasure


def save_measures(measures: Iterable[TicketMeasure]) -> None:
    """Write what changed: new clocks in one INSERT, changed clocks and tickets in bulk UPDATEs."""
    new: list[SlaClock] = []
    changed: list[SlaClock] = []
    tickets: list[Any] = []  # Ticket or sla.rows.TicketRow: the same sla_* attributes
    for measure in measures:
        for measured in measure.clocks:
            if measured.is_new:
                new.append(measured.clock)
            elif measured.changed:
                changed.append(measured.clock)
        if measure.ticket_changed:
            tickets.append(measure.ticket)
    _wake_for_soon(new + changed)
    if new:
        SlaClock.objects.bulk_create(new)
    if changed:
        update_rows(SlaClock, changed, CLOCK_UPDATE)
    if tickets:
        update_rows(Ticket, tickets, TICKET_UPDATE)


def _wake_for_soon(clocks: list[Any]) -> None:
    """A clock whose next action comes before the next periodic sweep gets a wake-up, queued
    once the transaction commits (``sla.wakeups``)."""
    horizon = timezone.now() + wakeups.window()
    soon = [c.next_action_at for c in clocks if c.next_action_at and c.next_action_at < horizon]
    if soon:
        transaction.on_commit(lambda: wakeups.wake_for(soon))


# (attribute, column, PostgreSQL type) of the columns the engine writes back.
CLOCK_UPDATE = [
    ("target_id", "target_id", "bigint"),
    ("state", "state", "varchar"),
    ("applies", "applies", "boolean"),
    ("warned", "warned", "boolean"),
    ("started_at", "started_at", "timestamptz"),
    ("due_at", "due_at", "timestamptz"),
    ("stopped_at", "stopped_at", "timestamptz"),
    ("used_seconds", "used_seconds", "integer"),
    ("remaining_seconds", "remaining_seconds", "integer"),
    ("computed_at", "computed_at", "timestamptz"),
    ("next_action_at", "next_action_at", "timestamptz"),
    ("fired_levels", "fired_levels", "jsonb"),
]


TICKET_UPDATE = [
    ("sla_state", "sla_state", "varchar"),
    ("sla_due_at", "sla_due_at", "timestamptz"),
    ("sla_metric", "sla_metric", "varchar"),
    ("sla_calendar_id", "sla_calendar_id", "bigint"),
]


def update_rows(
    model: Any, rows: list[Any], columns: list[tuple[str, str, str]], chunk: int = 1000
) -> None:
    """Many rows, different values, one UPDATE … FROM (VALUES …) per chunk on PostgreSQL
    (Django's CASE-based bulk_update costs seconds for a thousand rows); rows may be model
    instances or the sweep's plain rows (``sla.rows``)."""
    if connection.vendor != "postgresql":  # SQLite (development): a statement per row
        for row in rows:
            model.objects.filter(pk=row.pk).update(
                **{
                    model._meta.get_field(name).attname: getattr(row, name)
                    for name, _, _ in columns
                }
            )
        return
    table = model._meta.db_table
    names = ", ".join(column for _, column, _ in columns)
    assignments = ", ".join(f"{column} = v.{column}" for _, column, _ in columns)
    placeholder = "(%s::bigint, " + ", ".join(f"%s::{kind}" for _, _, kind in columns) + ")"
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        params: list[Any] = []
        for row in part:
            params.append(row.pk)
            for name, _, kind in columns:
                value = getattr(row, name)
                params.append(json.dumps(value) if kind == "jsonb" else value)
        values = ", ".join([placeholder] * len(part))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS t SET {assignments} FROM (VALUES {values}) "  # noqa: S608 - our names
                f"AS v(id, {names}) WHERE t.id = v.id",
                params,
            )


ESCALATION_DETAIL = [("detail", "detail", "jsonb")]


def store_details(rows: list[Escalation]) -> None:
    """Write what each fired rung did, in one statement."""
    if rows:
        update_rows(Escalation, rows, ESCALATION_DETAIL)
