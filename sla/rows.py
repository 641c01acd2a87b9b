"""The sweep's view of tickets and clocks: plain rows read with ``values_list``, not model
instances (building a ``Ticket`` with its severity, region and organisation and two
``SlaClock`` with their targets costs more than measuring them). They carry the attributes
``sla.measuring`` and ``sla.persistence`` read and write, under the same names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import connection

from sla.models import SlaClock, SlaTarget
from sla.policies import TicketFacts
from tickets.models import Ticket


class TicketRow:
    """What the sweep needs of a ticket; ``sla_*`` are written back like a Ticket's."""

    __slots__ = (
        "pk",
        "number",
        "facts",
        "assigned_organisation_id",
        "supervisor_id",
        "sla_state",
        "sla_due_at",
        "sla_metric",
        "sla_calendar_id",
    )

    def __init__(self, values: tuple[Any, ...]) -> None:
        (
            self.pk,
            self.number,
            kind,
            channel,
            service_type,
            severity,
            region,
            organisation,
            self.assigned_organisation_id,
            self.supervisor_id,
            self.sla_state,
            self.sla_due_at,
            self.sla_metric,
            self.sla_calendar_id,
        ) = values
        self.facts = TicketFacts(
            kind=kind,
            severity=severity,
            region_class=region,
            channel=channel,
            organisation=organisation,
            service_type=service_type,
        )


TICKET_VALUES = (
    "pk",
    "number",
    "kind",
    "channel",
    "service_type",
    "severity__code",
    "region_class__code",
    "assigned_organisation__code",
    "assigned_organisation_id",
    "supervisor_id",
    "sla_state",
    "sla_due_at",
    "sla_metric",
    "sla_calendar_id",
)


class ClockRow:
    """A stored clock as the calculus sees it; ``target`` is the compiled target's row."""

    __slots__ = (
        "pk",
        "ticket_id",
        "metric",
        "policy_id",
        "target",
        "_target_id",
        "state",
        "applies",
        "warned",
        "started_at",
        "due_at",
        "stopped_at",
        "used_seconds",
        "remaining_seconds",
        "computed_at",
        "next_action_at",
        "fired_levels",
    )

    def __init__(self, values: tuple[Any, ...]) -> None:
        (
            self.pk,
            self.ticket_id,
            self.metric,
            self._target_id,
            self.policy_id,
            self.state,
            self.applies,
            self.warned,
            self.started_at,
            self.due_at,
            self.stopped_at,
            self.used_seconds,
            self.remaining_seconds,
            self.computed_at,
            self.next_action_at,
            self.fired_levels,
        ) = values
        self.target: SlaTarget | None = None

    @property
    def target_id(self) -> int:
        return self.target.pk if self.target is not None else self._target_id


CLOCK_VALUES = (
    "pk",
    "ticket_id",
    "metric",
    "target_id",
    "target__policy_id",
    "state",
    "applies",
    "warned",
    "started_at",
    "due_at",
    "stopped_at",
    "used_seconds",
    "remaining_seconds",
    "computed_at",
    "next_action_at",
    "fired_levels",
)


def lock_due(now: datetime, after_pk: int, limit: int) -> list[tuple[int, int]]:
    """(clock id, ticket id) of up to ``limit`` due clocks after ``after_pk``, in pk order,
    clock and ticket locked ``FOR UPDATE SKIP LOCKED`` (another sweep's rows are skipped)."""
    lock = " FOR UPDATE OF c, t SKIP LOCKED" if connection.vendor == "postgresql" else ""
    clocks, tickets = SlaClock._meta.db_table, Ticket._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT c.id, c.ticket_id FROM {clocks} c JOIN {tickets} t ON t.id = c.ticket_id "  # noqa: S608 - our tables
            "WHERE c.next_action_at IS NOT NULL AND c.next_action_at <= %s AND c.id > %s "
            f"ORDER BY c.id LIMIT %s{lock}",
            [connection.ops.adapt_datetimefield_value(now), after_pk, limit],
        )
        return [(clock_id, ticket_id) for clock_id, ticket_id in cursor.fetchall()]


def ticket_rows(ticket_ids: Iterable[int]) -> dict[int, TicketRow]:
    rows = Ticket.objects.filter(pk__in=list(ticket_ids)).values_list(*TICKET_VALUES)
    return {values[0]: TicketRow(values) for values in rows}


def clock_rows(ticket_ids: Iterable[int]) -> dict[int, list[ClockRow]]:
    """Every clock of the tickets, by ticket, in pk order."""
    grouped: dict[int, list[ClockRow]] = defaultdict(list)
    rows = (
        SlaClock.objects.filter(ticket_id__in=list(ticket_ids))
        .order_by("pk")
        .values_list(*CLOCK_VALUES)
    )
    for values in rows:
        clock = ClockRow(values)
        grouped[clock.ticket_id].append(clock)
    return grouped
