"""Keeping the rollups equal to the clocks and tickets they summarise.

A clock belongs to the local day it started and a ticket to the local day it was received;
neither moves when a clock stops, a ticket is reopened or a policy is re-applied. So the
rollups are maintained by *rebuilding whole days*: ``rebuild_days`` deletes a day's rows and
writes them again — the per-technician SLA rows from the clocks in one INSERT … SELECT, the
SLA rows without the technician and the per-technician rows without severity and region
class from those, the ticket rows in one bulk insert — and then
rebuilds the months of those days from the daily rows (three INSERT … SELECT).
``rollup_increment`` (beat, every minute) rebuilds the days touched by clocks re-measured and
tickets changed since the watermark, re-reading a short window before it so a transaction that
committed late is not missed; ``rollup_reconcile`` (nightly) rebuilds the last
``ReportSettings.reconcile_days`` days whatever happened. Both are safe to run twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, DateField, F, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from reports.figures_cache import forget_figures
from reports.models import (
    BUCKET_EDGES,
    BUCKET_FIELDS,
    ReportSettings,
    RollupWatermark,
    SlaDaily,
    SlaMonthly,
    SlaTechnicianDaily,
    SlaTechnicianMonthly,
    SlaTechnicianTotalDaily,
    TicketDaily,
    TicketMonthly,
)
from reports.sources import (
    CHECK_IN,
    REOPEN,
    REPAIR_KINDS,
    REPAIRED_STATUSES,
    RETURN_VISIT,
    ClockState,
    SlaClock,
    repeat_window_days,
)
from tickets.models import Ticket, TicketEvent

WATERMARK = "rollup"
STOPPED = (ClockState.MET, ClockState.MET_LATE)
COUNTED = (*STOPPED, ClockState.BREACHED, ClockState.RUNNING, ClockState.PAUSED)
DIMENSIONS = ("day", "metric", "severity_id", "region_class_id", "organisation_id")
TECHNICIAN_TOTAL_DIMENSIONS = ("day", "metric", "organisation_id", "technician_id")
MEASURES = ("met", "met_late", "breached", "running", "stopped_seconds", *BUCKET_FIELDS)
TICKET_DIMENSIONS = ("day", "severity_id", "region_class_id", "organisation_id", "technician_id")
TICKET_MEASURES = (
    "received",
    "resolved",
    "visited",
    "first_time_fix",
    "repairs",
    "repeat_repairs",
    "return_visited",
)


def zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def day_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=zone())


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment, zone()).date()


def day_ranges(days: Iterable[date]) -> list[tuple[date, date]]:
    """Sorted days merged into inclusive runs of consecutive days."""
    runs: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if runs and day == runs[-1][1] + timedelta(days=1):
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


# --- clocks --------------------------------------------------------------------------------


def _bucket_filters() -> dict[str, Any]:
    stopped = Q(state__in=STOPPED)
    filters: dict[str, Any] = {}
    low = 0
    for index, field in enumerate(BUCKET_FIELDS):
        condition = stopped & Q(used_seconds__gte=low) if index else stopped
        if index < len(BUCKET_EDGES):
            condition &= Q(used_seconds__lt=BUCKET_EDGES[index])
            low = BUCKET_EDGES[index]
        filters[f"r_{field}"] = Count("pk", filter=condition)
    return filters


def clock_aggregate(first: date, last: date):  # type: ignore[no-untyped-def]
    """The per-technician rollup rows of clocks started on ``first..last`` as a values()
    queryset."""
    return (
        SlaClock.objects.filter(
            applies=True,
            state__in=COUNTED,
            started_at__gte=day_start(first),
            started_at__lt=day_start(last + timedelta(days=1)),
        )
        .annotate(
            r_day=TruncDate("started_at", tzinfo=zone()),
            r_metric=F("metric"),
            r_severity=F("ticket__severity_id"),
            r_region=F("ticket__region_class_id"),
            r_org=F("ticket__assigned_organisation_id"),
            r_tech=F("ticket__technician_id"),
        )
        .values(*SOURCE_COLUMNS[:6])
        .annotate(
            r_met=Count("pk", filter=Q(state=ClockState.MET)),
            r_met_late=Count("pk", filter=Q(state=ClockState.MET_LATE)),
            r_breached=Count("pk", filter=Q(state=ClockState.BREACHED)),
            r_running=Count("pk", filter=Q(state__in=[ClockState.RUNNING, ClockState.PAUSED])),
            r_stopped_seconds=Coalesce(Sum("used_seconds", filter=Q(state__in=STOPPED)), Value(0)),
            **_bucket_filters(),
        )
        .order_by()
    )


SOURCE_COLUMNS = (
    "r_day",
    "r_metric",
    "r_severity",
    "r_region",
    "r_org",
    "r_tech",
    *(f"r_{m}" for m in MEASURES),
)


def _insert(model: Any, columns: Sequence[str], queryset: Any, picked: Sequence[str]) -> None:
    """INSERT INTO ``model`` (``columns``) the ``picked`` columns of ``queryset``'s rows."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "  # noqa: S608 - our names
            f"SELECT {', '.join(picked)} FROM ({sql}) AS agg",
            params,
        )


def _insert_clock_rows(first: date, last: date) -> None:
    """The per-technician SLA rows from the clocks, then from those the rows without the
    technician and the per-technician rows without severity and region class."""
    _insert(
        SlaTechnicianDaily,
        (*DIMENSIONS, "technician_id", *MEASURES),
        clock_aggregate(first, last),
        SOURCE_COLUMNS,
    )
    _insert(
        SlaDaily,
        (*DIMENSIONS, *MEASURES),
        _summed(
            SlaTechnicianDaily.objects.filter(day__gte=first, day__lte=last),
            {f"r_{c}": F(c) for c in DIMENSIONS},
            MEASURES,
        ),
        (*(f"r_{c}" for c in DIMENSIONS), *(f"r_{m}" for m in MEASURES)),
    )
    _insert(
        SlaTechnicianTotalDaily,
        (*TECHNICIAN_TOTAL_DIMENSIONS, *MEASURES),
        _summed(
            SlaTechnicianDaily.objects.filter(day__gte=first, day__lte=last),
            {f"r_{c}": F(c) for c in TECHNICIAN_TOTAL_DIMENSIONS},
            MEASURES,
        ),
        (*(f"r_{c}" for c in TECHNICIAN_TOTAL_DIMENSIONS), *(f"r_{m}" for m in MEASURES)),
    )


def _summed(queryset: Any, dimensions: dict[str, Any], measures: Sequence[str]) -> Any:
    return (
        queryset.annotate(**dimensions)
        .values(*dimensions)
        .annotate(**{f"r_{m}": Sum(m) for m in measures})
        .order_by()
    )


def rebuild_months(months: Iterable[date]) -> None:
    """Rebuild the monthly rollups of ``months`` (first days) from the daily rows."""
    pairs = (
        (SlaTechnicianDaily, SlaTechnicianMonthly, (*DIMENSIONS, "technician_id"), MEASURES),
        (SlaDaily, SlaMonthly, DIMENSIONS, MEASURES),
        (TicketDaily, TicketMonthly, TICKET_DIMENSIONS, TICKET_MEASURES),
    )
    for month in sorted(set(months)):
        following = (month + timedelta(days=32)).replace(day=1)
        for daily, monthly, dimensions, measures in pairs:
            monthly.objects.filter(day=month).delete()
            grouped = {f"r_{c}": F(c) for c in dimensions if c != "day"}
            _insert(
                monthly,
                (*dimensions, *measures),
                _summed(
                    daily.objects.filter(day__gte=month, day__lt=following),
                    {"r_day": Value(month, output_field=DateField()), **grouped},
                    measures,
                ),
                (*(f"r_{c}" for c in dimensions), *(f"r_{m}" for m in measures)),
            )


# --- tickets -------------------------------------------------------------------------------


def _ticket_rows(first: date, last: date) -> list[TicketDaily]:
    """The ticket rollup of tickets received on ``first..last`` (three queries)."""
    return ticket_rollup_rows(
        Q(
            received_at__gte=day_start(first),
            received_at__lt=day_start(last + timedelta(days=1)),
        )
    )


def _visits(ids: list[int]) -> dict[int, tuple[int, int, int]]:
    """(check-ins, reopens, return visits) per ticket (one query)."""
    visits: dict[int, tuple[int, int, int]] = {}
    for seen in (
        TicketEvent.objects.filter(ticket_id__in=ids, code__in=[CHECK_IN, REOPEN, RETURN_VISIT])
        .values("ticket_id")
        .annotate(
            check_ins=Count("pk", filter=Q(code=CHECK_IN)),
            reopens=Count("pk", filter=Q(code=REOPEN)),
            returns=Count("pk", filter=Q(code=RETURN_VISIT)),
        )
        .order_by()
    ):
        visits[seen["ticket_id"]] = (seen["check_ins"], seen["reopens"], seen["returns"])
    return visits


def ticket_rollup_rows(where: Q) -> list[TicketDaily]:
    """The (unsaved) daily ticket rollup rows of the tickets ``where`` selects."""
    tickets = list(
        Ticket.objects.filter(where).values(
            "pk",
            "received_at",
            "status",
            "kind",
            "channel",
            "unit_id",
            "entitlement",
            "severity_id",
            "region_class_id",
            "assigned_organisation_id",
            "technician_id",
        )
    )
    if not tickets:
        return []
    ids = [t["pk"] for t in tickets]
    visits = _visits(ids)
    repeats = _repeat_repairs(tickets)
    grouped: dict[tuple[Any, ...], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for t in tickets:
        key = (
            local_day(t["received_at"]),
            t["severity_id"],
            t["region_class_id"],
            t["assigned_organisation_id"],
            t["technician_id"],
        )
        row = grouped[key]
        row["received"] += 1
        if t["status"] not in REPAIRED_STATUSES:
            continue
        row["resolved"] += 1
        check_ins, reopens, returns = visits.get(t["pk"], (0, 0, 0))
        if returns:
            row["return_visited"] += 1
        if check_ins:
            row["visited"] += 1
            if check_ins == 1 and not reopens:
                row["first_time_fix"] += 1
        if t["kind"] in REPAIR_KINDS:
            row["repairs"] += 1
            if t["pk"] in repeats:
                row["repeat_repairs"] += 1
    return [
        TicketDaily(
            day=key[0],
            severity_id=key[1],
            region_class_id=key[2],
            organisation_id=key[3],
            technician_id=key[4],
            **values,
        )
        for key, values in grouped.items()
    ]


def _component(entitlement: Any) -> Any:
    return (entitlement or {}).get("component") if isinstance(entitlement, dict) else None


def _repeat_repairs(tickets: Sequence[Mapping[str, Any]]) -> set[int]:
    """Resolved repairs with an earlier resolved repair of the same unit and component received
    within the repeat window before them (one query)."""
    candidates = [
        t
        for t in tickets
        if t["unit_id"] and t["kind"] in REPAIR_KINDS and t["status"] in REPAIRED_STATUSES
    ]
    if not candidates:
        return set()
    window = timedelta(days=repeat_window_days())
    earliest = min(t["received_at"] for t in candidates) - window
    latest = max(t["received_at"] for t in candidates)
    earlier: dict[int, list[tuple[datetime, Any, int]]] = defaultdict(list)
    for pk, unit_id, received_at, entitlement in Ticket.objects.filter(
        unit_id__in={t["unit_id"] for t in candidates},
        kind__in=REPAIR_KINDS,
        status__in=REPAIRED_STATUSES,
        received_at__gte=earliest,
        received_at__lt=latest,
    ).values_list("pk", "unit_id", "received_at", "entitlement"):
        earlier[unit_id].append((received_at, _component(entitlement), pk))
    found = set()
    for t in candidates:
        component = _component(t["entitlement"])
        for received_at, other_component, pk in earlier.get(t["unit_id"], []):
            if (
                pk != t["pk"]
                and other_component == component
                and t["received_at"] - window <= received_at < t["received_at"]
            ):
                found.add(t["pk"])
                break
    return found


# --- rebuilding ------------------------------------------------------------------------------


def rebuild_days(days: Iterable[date]) -> int:
    """Rebuild the daily rollups of ``days`` and the monthly rollups of their months; returns
    the number of days rebuilt."""
    runs = day_ranges(days)
    months: set[date] = set()
    for first, last in runs:
        for start in range(0, (last - first).days + 1, 31):
            lo = first + timedelta(days=start)
            hi = min(last, lo + timedelta(days=30))
            with transaction.atomic():
                for model in (
                    SlaTechnicianDaily,
                    SlaDaily,
                    SlaTechnicianTotalDaily,
                    TicketDaily,
                ):
                    model.objects.filter(day__gte=lo, day__lte=hi).delete()
                _insert_clock_rows(lo, hi)
                TicketDaily.objects.bulk_create(_ticket_rows(lo, hi), batch_size=1000)
            months |= _months(lo, hi)
    with transaction.atomic():
        rebuild_months(months)
    if runs:
        forget_figures()  # the dashboards' cached figures are out of date
    return sum((last - first).days + 1 for first, last in runs)


def _months(first: date, last: date) -> set[date]:
    months = set()
    day = first.replace(day=1)
    while day <= last:
        months.add(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def changed_days(since: datetime) -> set[date]:
    """Days whose rollup rows may have changed since ``since``: start days of clocks
    re-measured, and of the clocks of tickets changed, and received days of those tickets."""
    tz = zone()
    days = set(
        SlaClock.objects.filter(computed_at__gte=since, started_at__isnull=False)
        .annotate(d=TruncDate("started_at", tzinfo=tz))
        .values_list("d", flat=True)
        .distinct()
        .order_by()
    )
    changed_tickets = Ticket.objects.filter(updated_at__gte=since)
    days |= set(
        changed_tickets.annotate(d=TruncDate("received_at", tzinfo=tz))
        .values_list("d", flat=True)
        .distinct()
        .order_by()
    )
    days |= set(
        SlaClock.objects.filter(ticket__in=changed_tickets, started_at__isnull=False)
        .annotate(d=TruncDate("started_at", tzinfo=tz))
        .values_list("d", flat=True)
        .distinct()
        .order_by()
    )
    return {d for d in days if d is not None}


def rollup_increment(now: datetime | None = None) -> int:
    """Rebuild the days touched since the watermark; the first run rebuilds everything."""
    moment = now or timezone.now()
    rules = ReportSettings.current()
    with transaction.atomic():
        mark = RollupWatermark.objects.select_for_update().filter(name=WATERMARK).first()
        if mark is None:
            rebuilt = rollup_reconcile(now=moment, days=None)
            RollupWatermark.objects.update_or_create(name=WATERMARK, defaults={"at": moment})
            return rebuilt
        days = changed_days(mark.at - timedelta(seconds=rules.rollup_lag_seconds))
        rebuilt = rebuild_days(days)
        mark.at = moment
        mark.save(update_fields=["at", "updated_at"])
    return rebuilt


def rollup_reconcile(now: datetime | None = None, days: int | None = -1) -> int:
    """Rebuild the last ``days`` days (default: the settings' reconcile window; ``None``: every
    day that has a clock or a ticket)."""
    moment = now or timezone.now()
    with transaction.atomic():
        # Serialised with the increment, which holds the same row while it rebuilds.
        RollupWatermark.objects.select_for_update().filter(name=WATERMARK).first()
        return _reconcile(moment, days)


def _reconcile(moment: datetime, days: int | None) -> int:
    if days == -1:
        days = ReportSettings.current().reconcile_days
    last = local_day(moment)
    if days is None:
        oldest = Ticket.objects.order_by("received_at").values_list("received_at", flat=True)
        first_clock = (
            SlaClock.objects.filter(started_at__isnull=False)
            .order_by("started_at")
            .values_list("started_at", flat=True)
        )
        starts = [local_day(m) for m in (oldest.first(), first_clock.first()) if m is not None]
        if not starts:
            return 0
        first = min(starts)
    else:
        first = last - timedelta(days=days - 1)
    return rebuild_days(first + timedelta(days=n) for n in range((last - first).days + 1))
