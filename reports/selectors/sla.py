"""SLA figures for the dashboard and the API, read from the daily rollup (compliance, splits,
trend, mean and p90 times) and, for what is happening now, from the clock table's
(state, due_at) index (breached now, at risk). A fixed number of queries per call."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.utils import timezone

from accounts.models import Organisation, User
from aftersales.i18n import bilingual
from reports.forms import ReportFilters
from reports.models import BUCKET_EDGES, BUCKET_FIELDS, ReportSettings, SlaDaily
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


def _sums() -> dict[str, Sum]:
    return {name: Sum(name) for name in SUMMED}


def _rollup(filters: ReportFilters):  # type: ignore[no-untyped-def]
    queryset = SlaDaily.objects.filter(filters.rollup_q())
    if filters.metric:
        queryset = queryset.filter(metric=filters.metric)
    return queryset


def metric_label(code: str) -> str:
    return str(Metric(code).label) if code in Metric.values else code


def _metrics(filters: ReportFilters) -> list[str]:
    return [filters.metric] if filters.metric else list(Metric.values)


def compliance_by_metric(filters: ReportFilters) -> list[dict[str, Any]]:
    rows = {
        r["metric"]: Figures.of(r)
        for r in _rollup(filters).values("metric").annotate(**_sums()).order_by()
    }
    target = float(ReportSettings.current().compliance_target)
    return [
        {
            "metric": code,
            "label": metric_label(code),
            "target": target,
            **rows.get(code, Figures()).as_dict(),
        }
        for code in _metrics(filters)
    ]


DIMENSIONS = {
    "severity": "severity_id",
    "region_class": "region_class_id",
    "organisation": "organisation_id",
    "technician": "technician_id",
}


def _names(dimension: str, ids: set[Any]) -> dict[Any, str]:
    ids = {i for i in ids if i is not None}
    if dimension == "severity":
        return {s.pk: s.name for s in FaultSeverity.objects.filter(pk__in=ids)}
    if dimension == "region_class":
        return {r.pk: r.name for r in RegionClass.objects.filter(pk__in=ids)}
    if dimension == "organisation":
        return {o.pk: bilingual(o.name, o.name_en) for o in Organisation.objects.filter(pk__in=ids)}
    return {u.pk: str(u) for u in User.objects.filter(pk__in=ids)}


def _order(dimension: str, ids: list[Any]) -> list[Any]:
    if dimension == "severity":
        ranks = dict(FaultSeverity.objects.filter(pk__in=ids).values_list("pk", "rank"))
        return sorted(ids, key=lambda i: (ranks.get(i, 99), i or 0))
    if dimension == "region_class":
        ranks = dict(RegionClass.objects.filter(pk__in=ids).values_list("pk", "rank"))
        return sorted(ids, key=lambda i: (ranks.get(i, 99), i or 0))
    return sorted(ids, key=lambda i: (i is None, i or 0))


def split(filters: ReportFilters, dimension: str) -> dict[str, Any]:
    """Per metric and value of ``dimension``: counts, compliance, mean and p90 (two queries)."""
    column = DIMENSIONS[dimension]
    rows = _rollup(filters).values("metric", column).annotate(**_sums()).order_by()
    by_key: dict[tuple[str, Any], Figures] = {}
    for row in rows:
        by_key[(row["metric"], row[column])] = Figures.of(row)
    ids = list({key[1] for key in by_key})
    names = _names(dimension, set(ids))
    ordered = _order(dimension, ids)
    values = [{"id": i, "label": names.get(i, "—")} for i in ordered]
    metrics = []
    codes = _metrics(filters)
    for code in codes:
        metrics.append(
            {
                "metric": code,
                "label": metric_label(code),
                "rows": [
                    {"id": v["id"], "label": v["label"], **by_key[(code, v["id"])].as_dict()}
                    for v in values
                    if (code, v["id"]) in by_key
                ],
            }
        )
    for v in values:  # the same figures as a table row per value, for the pages
        v["cells"] = [
            by_key[(code, v["id"])].as_dict() if (code, v["id"]) in by_key else None
            for code in codes
        ]
    return {"dimension": dimension, "values": values, "metrics": metrics}


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def trend(filters: ReportFilters) -> dict[str, Any]:
    """Compliance per metric per day (weekly for long periods), with the target line."""
    rows = _rollup(filters).values("day", "metric").annotate(**_sums()).order_by()
    weekly = filters.period.weekly
    buckets: dict[tuple[date, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        key_day = _week_start(row["day"]) if weekly else row["day"]
        for name in ("met", "met_late", "breached", "running"):
            buckets[(key_day, row["metric"])][name] += row[name] or 0
    points: list[date] = []
    day = _week_start(filters.period.first) if weekly else filters.period.first
    while day <= filters.period.last:
        points.append(day)
        day += timedelta(days=7 if weekly else 1)
    series = []
    for code in _metrics(filters):
        data = []
        for point in points:
            figures = Figures.of(buckets.get((point, code), {}))
            data.append(figures.compliance)
        series.append({"metric": code, "label": metric_label(code), "data": data})
    return {
        "granularity": "week" if weekly else "day",
        "points": [p.isoformat() for p in points],
        "series": series,
        "target": float(ReportSettings.current().compliance_target),
    }


def times(filters: ReportFilters, dimension: str) -> list[dict[str, Any]]:
    """Mean and p90 business times of the timed metrics per value of ``dimension``."""
    column = DIMENSIONS[dimension]
    queryset = _rollup(filters).filter(metric__in=TIMED_METRICS)
    rows = queryset.values("metric", column).annotate(**_sums()).order_by()
    by_key = {(r["metric"], r[column]): Figures.of(r) for r in rows}
    ids = list({key[1] for key in by_key})
    names = _names(dimension, set(ids))
    result = []
    for value in _order(dimension, ids):
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
        result.append({"id": value, "label": names.get(value, "—"), "cells": cells})
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
    """Full counts of clocks breached now and at risk within the horizon, per metric."""
    rows = (
        clocks_in_scope(filters)
        .filter(breached_q(now) | at_risk_q(now, filters.horizon_hours))
        .values("metric")
        .annotate(
            breached=Count("pk", filter=breached_q(now)),
            at_risk=Count("pk", filter=at_risk_q(now, filters.horizon_hours)),
        )
        .order_by()
    )
    counts = {r["metric"]: {"breached": r["breached"], "at_risk": r["at_risk"]} for r in rows}
    return {code: counts.get(code, {"breached": 0, "at_risk": 0}) for code in _metrics(filters)}


def live_page(
    filters: ReportFilters, now: datetime, which: str, page: Any = 1, per_page: int = 20
) -> Any:
    """One page of the breached (oldest due first) or at-risk (soonest first) clocks."""
    condition = breached_q(now) if which == "breached" else at_risk_q(now, filters.horizon_hours)
    queryset = (
        clocks_in_scope(filters)
        .filter(condition)
        .select_related(
            "ticket", "ticket__severity", "ticket__assigned_organisation", "ticket__technician"
        )
        .order_by("due_at", "pk")
    )
    return Paginator(queryset, per_page).get_page(page)


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
