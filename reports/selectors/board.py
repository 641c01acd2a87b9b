"""The supervisor's board: their organisation's open tickets with a running SLA clock, most
urgent first, each with a live countdown (wall time to the due instant, updated in the page)
and the business time left as the engine counts it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import F

from reports.scope import report_organisation
from reports.sources import Metric, ticket_badge
from tickets.models import OPEN_STATUSES, Ticket

BOARD_SIZE = 100


def board_queryset(user: Any):  # type: ignore[no-untyped-def]
    queryset = Ticket.objects.filter(status__in=OPEN_STATUSES, sla_due_at__isnull=False)
    limit = report_organisation(user)
    if limit is not None:
        queryset = queryset.filter(assigned_organisation_id=limit)
    return queryset


def board_rows(user: Any, now: datetime) -> list[dict[str, Any]]:
    tickets = (
        board_queryset(user)
        .select_related("customer", "severity", "technician", "assigned_organisation")
        .order_by(F("sla_due_at").asc(), "pk")[:BOARD_SIZE]
    )
    rows = []
    for ticket in tickets:
        badge = ticket_badge(ticket, now)
        metric = ticket.sla_metric
        rows.append(
            {
                "ticket": ticket,
                "metric": str(Metric(metric).label) if metric in Metric.values else "",
                "badge": badge,
                "overdue": ticket.sla_due_at <= now,
            }
        )
    return rows
