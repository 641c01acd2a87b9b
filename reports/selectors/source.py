"""Where a dashboard figure is read from, for a period and filters.

* the **monthly** rollups for a long period that starts on the 1st and runs to a month's end
  or to today (the 12-month and quarter presets): twelve months read a few thousand rows;
* the **daily** rollups otherwise;
* the rollups **per technician** when the figure is split or filtered by technician (the
  others, without that dimension, are a fraction of the size) — by day, the one summed over
  severity and region class (a quarter of the rows) unless one of those is filtered or
  grouped by;
* the **clocks and tickets** themselves when the filters name a kind or a channel, which are
  not rollup dimensions (the rollups would grow to about a row per clock): correct, slower.

``sla_rows`` and ``ticket_rows`` answer rows grouped by logical dimensions (``day``,
``metric``, ``severity``, ``region_class``, ``organisation``, ``technician``) with the summed
measures, one query each, whichever source they read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from reports.forms import ReportFilters
from reports.models import (
    BUCKET_EDGES,
    BUCKET_FIELDS,
    SlaDaily,
    SlaMonthly,
    SlaTechnicianDaily,
    SlaTechnicianMonthly,
    SlaTechnicianTotalDaily,
    TicketDaily,
    TicketMonthly,
)
from reports.periods import WEEKLY_AFTER_DAYS, Period
from reports.rollup import COUNTED, STOPPED, day_start, ticket_rollup_rows, zone
from reports.sources import ClockState, SlaClock

SLA_MEASURES = ("met", "met_late", "breached", "running", "stopped_seconds", *BUCKET_FIELDS)
TICKET_MEASURES = (
    "received",
    "resolved",
    "visited",
    "first_time_fix",
    "repairs",
    "repeat_repairs",
    "return_visited",
)
#: Logical dimension → rollup column.
COLUMNS = {
    "day": "day",
    "metric": "metric",
    "severity": "severity_id",
    "region_class": "region_class_id",
    "organisation": "organisation_id",
    "technician": "technician_id",
}


def _month_end(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def reads_months(period: Period, today: date | None = None) -> bool:
    """A long period made of whole months (the last one may run to today) reads the monthly
    rollups."""
    today = today or timezone.localdate()
    return (
        period.days > WEEKLY_AFTER_DAYS
        and period.first.day == 1
        and (period.last == _month_end(period.last) or period.last >= today)
    )


def from_source(filters: ReportFilters) -> bool:
    """Kind and channel are not rollup dimensions: such filters read the source rows."""
    return bool(filters.kind or filters.channel)


def _rollup_q(filters: ReportFilters, monthly: bool) -> Q:
    first, last = filters.period.first, filters.period.last
    if monthly:
        first = first.replace(day=1)
        last = last.replace(day=1)
    return Q(day__gte=first, day__lte=last) & filters.dims_q()


#: The dimensions of the per-technician daily rollup summed over severity and region class.
TECHNICIAN_TOTAL = frozenset(("day", "metric", "organisation", "technician"))


def _sla_model(
    filters: ReportFilters, group: tuple[str, ...], monthly: bool, technician: bool
) -> Any:
    if not technician:
        return SlaMonthly if monthly else SlaDaily
    if monthly:
        return SlaTechnicianMonthly
    if (
        filters.severity is None
        and filters.region_class is None
        and TECHNICIAN_TOTAL.issuperset(group)
    ):
        return SlaTechnicianTotalDaily
    return SlaTechnicianDaily


def _rename(
    rows: Iterable[dict[str, Any]], group: tuple[str, ...], measures: tuple[str, ...]
) -> list[dict[str, Any]]:
    return [
        {**{name: row[COLUMNS[name]] for name in group}, **{m: row[m] or 0 for m in measures}}
        for row in rows
    ]


# --- SLA --------------------------------------------------------------------------------------


def _clock_measures() -> dict[str, Any]:
    stopped = Q(state__in=STOPPED)
    measures: dict[str, Any] = {
        "met": Count("pk", filter=Q(state=ClockState.MET)),
        "met_late": Count("pk", filter=Q(state=ClockState.MET_LATE)),
        "breached": Count("pk", filter=Q(state=ClockState.BREACHED)),
        "running": Count("pk", filter=Q(state__in=[ClockState.RUNNING, ClockState.PAUSED])),
        "stopped_seconds": Coalesce(Sum("used_seconds", filter=stopped), Value(0)),
    }
    low = 0
    for index, name in enumerate(BUCKET_FIELDS):
        condition = stopped & Q(used_seconds__gte=low) if index else stopped
        if index < len(BUCKET_EDGES):
            condition &= Q(used_seconds__lt=BUCKET_EDGES[index])
            low = BUCKET_EDGES[index]
        measures[name] = Count("pk", filter=condition)
    return measures


def clocks_of_period(filters: ReportFilters) -> QuerySet[SlaClock]:
    """The counted clocks that started in the period, with the filters applied."""
    period = filters.period
    return SlaClock.objects.filter(
        applies=True,
        state__in=COUNTED,
        started_at__gte=day_start(period.first),
        started_at__lt=day_start(period.last + timedelta(days=1)),
    ).filter(filters.dims_q("ticket__"))


def _clock_rows(
    filters: ReportFilters, group: tuple[str, ...], metrics: Iterable[str] | None
) -> list[dict[str, Any]]:
    expressions = {
        "day": TruncDate("started_at", tzinfo=zone()),
        "metric": F("metric"),
        "severity": F("ticket__severity_id"),
        "region_class": F("ticket__region_class_id"),
        "organisation": F("ticket__assigned_organisation_id"),
        "technician": F("ticket__technician_id"),
    }
    queryset = clocks_of_period(filters)
    if metrics is not None:
        queryset = queryset.filter(metric__in=list(metrics))
    rows = (
        queryset.annotate(**{f"g_{name}": expressions[name] for name in group})
        .values(*(f"g_{name}" for name in group))
        .annotate(**_clock_measures())
        .order_by()
    )
    return [
        {**{name: row[f"g_{name}"] for name in group}, **{m: row[m] for m in SLA_MEASURES}}
        for row in rows
    ]


def sla_rows(
    filters: ReportFilters,
    group: tuple[str, ...],
    *,
    metrics: Iterable[str] | None = None,
    monthly: bool | None = None,
) -> list[dict[str, Any]]:
    """SLA measures grouped by ``group`` (logical names), one query."""
    if filters.metric:
        metrics = [filters.metric]
    if from_source(filters):
        return _clock_rows(filters, group, metrics)
    if monthly is None:
        monthly = reads_months(filters.period)
    technician = "technician" in group or bool(filters.technician_id)
    model = _sla_model(filters, group, monthly, technician)
    queryset = model.objects.filter(_rollup_q(filters, monthly))
    if metrics is not None:
        queryset = queryset.filter(metric__in=list(metrics))
    rows = (
        queryset.values(*(COLUMNS[name] for name in group))
        .annotate(**{m: Sum(m) for m in SLA_MEASURES})
        .order_by()
    )
    return _rename(rows, group, SLA_MEASURES)


# --- tickets ----------------------------------------------------------------------------------


def _ticket_source_rows(filters: ReportFilters, group: tuple[str, ...]) -> list[dict[str, Any]]:
    where = Q(
        received_at__gte=day_start(filters.period.first),
        received_at__lt=day_start(filters.period.last + timedelta(days=1)),
    ) & filters.dims_q(ticket=True)
    grouped: dict[tuple[Any, ...], dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(TICKET_MEASURES, 0)
    )
    for row in ticket_rollup_rows(where):
        key = tuple(getattr(row, COLUMNS[name]) for name in group)
        for measure in TICKET_MEASURES:
            grouped[key][measure] += getattr(row, measure)
    return [{**dict(zip(group, key, strict=True)), **values} for key, values in grouped.items()]


def ticket_rows(filters: ReportFilters, group: tuple[str, ...]) -> list[dict[str, Any]]:
    """Ticket measures grouped by ``group`` (logical names), one query on the rollups (the
    ticket rollup keeps the technician: it is about one row per technician and day)."""
    if from_source(filters):
        return _ticket_source_rows(filters, group)
    monthly = reads_months(filters.period)
    model = TicketMonthly if monthly else TicketDaily
    rows = (
        model.objects.filter(_rollup_q(filters, monthly))
        .values(*(COLUMNS[name] for name in group))
        .annotate(**{m: Sum(m) for m in TICKET_MEASURES})
        .order_by()
    )
    return _rename(rows, group, TICKET_MEASURES)
