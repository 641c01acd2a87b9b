"""SLA figures for the dashboard and the API, read from the daily rollup (compliance, splits,
trend, mean and p90 times; ``reports.selectors.source`` picks the rollup) and, for what is
happening now, from the clock table's
(state, due_at) index (breached now, at risk). A fixed number of queries per call."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import Organisation, User
from aftersales.i18n import bilingual
from reports.forms import ReportFilters
from reports.models import BUCKET_EDGES, BUCKET_FIELDS, ReportSettings
from reports.selectors.source import reads_months, sla_rows
from reports.sources import ClockState, Metric, SlaClock
from tickets.models import FaultSeverity, RegionClass

SUMMED = ("met", "met_late", "breached", "running", "stopped_seconds", *BUCKET_FIELDS)
#: The metrics whose times managers compare (first response, arrange, on site, restore, resolve).
TIMED_METRICS = (
    Metric.FIRST_RESPONSE,
    Metric.DISPATCH,
    Metric.ON_SITE,
    Metric.RESTORE,
    Metric.RESOLUTION,
)
RUNNING_STATES = (ClockState.RUNNING, ClockState.BREACHED)
#: Periods of whole months longer than this trend by month.
MONTHLY_TREND_AFTER_DAYS = 120


def p90_seconds(histogram: list[int]) -> int | None:
    """The 90th percentile of a bucket histogram, linear inside its bucket; an open last
    bucket answers its lower edge."""
    total = sum(histogram)
    if not total:
        return None
    rank = 0.9 * total
    seen = 0
    low = 0
    for index, count in enumerate(histogram):
        high = BUCKET_EDGES[index] if index < len(BUCKET_EDGES) else None
        if count and seen + count >= rank:
            if high is None:
                return low
            return round(low + (rank - seen) / count * (high - low))
        seen += count
        low = high if high is not None else low
    return low


@dataclass
class Figures:
    met: int = 0
    met_late: int = 0
    breached: int = 0
    running: int = 0
    stopped_seconds: int = 0
    histogram: tuple[int, ...] = ()

    @classmethod
    def of(cls, row: dict[str, Any]) -> Figures:
        return cls(
            met=row.get("met") or 0,
            met_late=row.get("met_late") or 0,
            breached=row.get("breached") or 0,
            running=row.get("running") or 0,
            stopped_seconds=row.get("stopped_seconds") or 0,
            histogram=tuple(row.get(f) or 0 for f in BUCKET_FIELDS),
        )

    @property
    def decided(self) -> int:
        return self.met + self.met_late + self.breached

    @property
    def stopped(self) -> int:
        return self.met + self.met_late

    @property
    def compliance(self) -> float | None:
        return round(100 * self.met / self.decided, 1) if self.decided else None

    @property
    def mean_seconds(self) -> int | None:
        return round(self.stopped_seconds / self.stopped) if self.stopped else None

    @property
    def p90_seconds(self) -> int | None:
        return p90_seconds(list(self.histogram))

    def as_dict(self) -> dict[str, Any]:
        return {
            "met": self.met,
            "met_late": self.met_late,
            "breached": self.breached,
            "running": self.running,
            "compliance": self.compliance,
            "mean_seconds": self.mean_seconds,
            "p90_seconds": self.p90_seconds,
        }


def metric_label(code: str) -> str:
    return str(Metric(code).label) if code in Metric.values else code


def _metrics(filters: ReportFilters) -> list[str]:
    return [filters.metric] if filters.metric else list(Metric.values)


#: The dimensions the cube keeps (the technician is read from its own rollup).
CUBE = ("metric", "severity", "region_class", "organisation")


class SlaCube:
    """The period's SLA measures by metric × severity × region class × organisation, read in
    one query when first needed; compliance, the splits and the times are sums over it."""

    def __init__(self, filters: ReportFilters, settings: ReportSettings | None = None) -> None:
        self.filters = filters
        self._rows: list[dict[str, Any]] | None = None
        self._settings: ReportSettings | None = settings
        self._labels: dict[str, dict[Any, tuple[int, str]]] = defaultdict(dict)

    @property
    def settings(self) -> ReportSettings:
        if self._settings is None:
            self._settings = ReportSettings.current()
        return self._settings

    def labels(self, dimension: str, ids: set[Any]) -> dict[Any, tuple[int, str]]:
        """Labels of a dimension's values, each dimension read once per dashboard."""
        known = self._labels[dimension]
        missing = {i for i in ids if i is not None and i not in known}
        if missing:
            known.update(_fetch_labels(dimension, missing))
        return known

    @property
    def rows(self) -> list[dict[str, Any]]:
        if self._rows is None:
            self._rows = sla_rows(self.filters, CUBE)
        return self._rows

    def by(self, *group: str) -> dict[tuple[Any, ...], Figures]:
        return summed(self.rows, group)


def summed(rows: list[dict[str, Any]], group: tuple[str, ...]) -> dict[tuple[Any, ...], Figures]:
    totals: dict[tuple[Any, ...], dict[str, int]] = defaultdict(lambda: dict.fromkeys(SUMMED, 0))
    for row in rows:
        target = totals[tuple(row[name] for name in group)]
        for name in SUMMED:
            target[name] += row[name] or 0
    return {key: Figures.of(values) for key, values in totals.items()}


def compliance_by_metric(
    filters: ReportFilters, cube: SlaCube | None = None
) -> list[dict[str, Any]]:
    cube = cube or SlaCube(filters)
    rows = {key[0]: figures for key, figures in cube.by("metric").items()}
    target = float(cube.settings.compliance_target)
    return [
        {
            "metric": code,
            "label": metric_label(code),
            "target": target,
            **rows.get(code, Figures()).as_dict(),
        }
        for code in _metrics(filters)
    ]


def _fetch_labels(dimension: str, ids: set[Any]) -> dict[Any, tuple[int, str]]:
    """(rank, label) of the values of ``dimension`` (one query)."""
    if dimension in ("severity", "region_class"):
        model: Any = FaultSeverity if dimension == "severity" else RegionClass
        return {row.pk: (row.rank, row.name) for row in model.objects.filter(pk__in=ids)}
    if dimension == "organisation":
        return {
            o.pk: (0, bilingual(o.name, o.name_en)) for o in Organisation.objects.filter(pk__in=ids)
        }
    return {u.pk: (0, str(u)) for u in User.objects.filter(pk__in=ids)}


def labelled(dimension: str, ids: set[Any], cube: SlaCube | None = None) -> list[tuple[Any, str]]:
    """``(id, label)`` of the values of ``dimension``, in their display order."""
    if cube is not None:
        labels = cube.labels(dimension, ids)
    else:
        labels = _fetch_labels(dimension, {i for i in ids if i is not None})
    if dimension in ("severity", "region_class"):
        ordered = sorted(ids, key=lambda i: (labels.get(i, (99, ""))[0], i or 0))
    else:
        ordered = sorted(ids, key=lambda i: (i is None, i or 0))
    return [(i, labels[i][1] if i in labels else "—") for i in ordered]


def _by_dimension(
    filters: ReportFilters, dimension: str, cube: SlaCube | None, metrics: Any = None
) -> dict[tuple[Any, ...], Figures]:
    if dimension == "technician":
        return summed(
            sla_rows(filters, ("metric", "technician"), metrics=metrics), ("metric", "technician")
        )
    return (cube or SlaCube(filters)).by("metric", dimension)


def split(filters: ReportFilters, dimension: str, cube: SlaCube | None = None) -> dict[str, Any]:
    """Per metric and value of ``dimension``: counts, compliance, mean and p90."""
    by_key = _by_dimension(filters, dimension, cube)
    values = [
        {"id": i, "label": label} for i, label in labelled(dimension, {k[1] for k in by_key}, cube)
    ]
    codes = _metrics(filters)
    metrics = [
        {
            "metric": code,
            "label": metric_label(code),
            "rows": [
                {"id": v["id"], "label": v["label"], **by_key[(code, v["id"])].as_dict()}
                for v in values
                if (code, v["id"]) in by_key
            ],
        }
        for code in codes
    ]
    for v in values:  # the same figures as a table row per value, for the pages
        v["cells"] = [
            by_key[(code, v["id"])].as_dict() if (code, v["id"]) in by_key else None
            for code in codes
        ]
    return {"dimension": dimension, "values": values, "metrics": metrics}


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _points(period: Any, granularity: str) -> list[date]:
    if granularity == "month":
        points, day = [], period.first.replace(day=1)
        while day <= period.last:
            points.append(day)
            day = (day + timedelta(days=32)).replace(day=1)
        return points
    step = 7 if granularity == "week" else 1
    day = _week_start(period.first) if granularity == "week" else period.first
    points = []
    while day <= period.last:
        points.append(day)
        day += timedelta(days=step)
    return points


def trend(filters: ReportFilters, cube: SlaCube | None = None) -> dict[str, Any]:
    """Compliance per metric per day, per week for long periods, per month for more than a
    quarter of whole months (read from the monthly rollup), with the target line (one
    query)."""
    # A quarter trends by week (from the daily rollup); a longer run of months by month.
    monthly = reads_months(filters.period) and filters.period.days > MONTHLY_TREND_AFTER_DAYS
    granularity = "month" if monthly else ("week" if filters.period.weekly else "day")
    rows = sla_rows(filters, ("day", "metric"), monthly=monthly)
    for row in rows:
        if granularity == "week":
            row["day"] = _week_start(row["day"])
    buckets = summed(rows, ("day", "metric"))
    points = _points(filters.period, granularity)
    series = [
        {
            "metric": code,
            "label": metric_label(code),
            "data": [buckets.get((point, code), Figures()).compliance for point in points],
        }
        for code in _metrics(filters)
    ]
    return {
        "granularity": granularity,
        "points": [p.isoformat() for p in points],
        "series": series,
        "target": float((cube or SlaCube(filters)).settings.compliance_target),
    }


def times(filters: ReportFilters, dimension: str, cube: SlaCube | None = None) -> list[dict]:
    """Mean and p90 business times of the timed metrics per value of ``dimension``."""
    by_key = _by_dimension(filters, dimension, cube, metrics=TIMED_METRICS)
    result = []
    ids = {k[1] for k in by_key if k[0] in TIMED_METRICS}
    for value, label in labelled(dimension, ids, cube):
        cells = []
        for code in TIMED_METRICS:
            figures = by_key.get((code, value), Figures())
            cells.append(
                {
                    "metric": str(code),
                    "count": figures.stopped,
                    "mean_seconds": figures.mean_seconds,
                    "p90_seconds": figures.p90_seconds,
                }
            )
        result.append({"id": value, "label": label, "cells": cells})
    return result


# --- now: breached and at risk --------------------------------------------------------------


def clocks_in_scope(filters: ReportFilters):  # type: ignore[no-untyped-def]
    queryset = SlaClock.objects.filter(applies=True).filter(filters.dims_q("ticket__"))
    if filters.metric:
        queryset = queryset.filter(metric=filters.metric)
    return queryset


def breached_q(now: datetime) -> Q:
    return Q(state__in=RUNNING_STATES, due_at__lte=now)


def at_risk_q(now: datetime, hours: int) -> Q:
    return Q(state=ClockState.RUNNING, due_at__gt=now, due_at__lte=now + timedelta(hours=hours))


def live_counts(filters: ReportFilters, now: datetime) -> dict[str, dict[str, int]]:
    """Full counts of clocks breached now and at risk within the horizon, per metric: the
    running and breached clocks due before the horizon's end (the overdue-clocks index)."""
    horizon_end = now + timedelta(hours=filters.horizon_hours)
    rows = (
        clocks_in_scope(filters)
        .filter(state__in=RUNNING_STATES, due_at__lte=horizon_end)
        .values("metric")
        .annotate(
            breached=Count("pk", filter=Q(due_at__lte=now)),
            at_risk=Count("pk", filter=Q(due_at__gt=now, state=ClockState.RUNNING)),
        )
        .order_by()
    )
    counts = {r["metric"]: {"breached": r["breached"], "at_risk": r["at_risk"]} for r in rows}
    return {code: counts.get(code, {"breached": 0, "at_risk": 0}) for code in _metrics(filters)}


#: What a row of the breached / at-risk pages shows (the page, the API): the clock, its
#: ticket's number, organisation and technician — not the ticket's fifty other columns.
LIVE_PAGE_FIELDS = (
    "metric",
    "state",
    "due_at",
    "target_id",
    "ticket__number",
    "ticket__assigned_organisation__code",
    "ticket__assigned_organisation__name",
    "ticket__technician__username",
    "ticket__technician__first_name",
    "ticket__technician__last_name",
)


def live_page(
    filters: ReportFilters,
    now: datetime,
    which: str,
    page: Any = 1,
    per_page: int = 20,
    count: int | None = None,
) -> Any:
    """One page of the breached (oldest due first) or at-risk (soonest first) clocks;
    ``count``, when the caller already counted them (``live_counts``), saves the count."""
    condition = breached_q(now) if which == "breached" else at_risk_q(now, filters.horizon_hours)
    queryset = (
        clocks_in_scope(filters)
        .filter(condition)
        .select_related("ticket", "ticket__assigned_organisation", "ticket__technician")
        .only(*LIVE_PAGE_FIELDS)
        .order_by("due_at", "pk")
    )
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.__dict__["count"] = count  # the cached property, already known
    return paginator.get_page(page)


def queue_link_params(filters: ReportFilters, now: datetime, which: str, metric: str) -> dict:
    """Queue parameters that select exactly the tickets behind a breached / at-risk count."""
    params = {**filters.queue_params(), "clock": which, "clock_metric": metric}
    if which == "at_risk":
        params["clock_due_before"] = (
            timezone.localtime(now + timedelta(hours=filters.horizon_hours))
            .replace(microsecond=0)
            .isoformat()
        )
    return params
