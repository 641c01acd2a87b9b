"""Everything the SLA dashboard shows, as one plain dict (the page, the API and the exports
read the same figures). A fixed number of queries whatever the period or the data size: the
SLA cube, the technician split, the trend and the ticket rollup (one each), the live counts,
the ageing, and the labels of the values shown."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils.http import urlencode

from reports.forms import ReportFilters
from reports.selectors.sla import (
    SlaCube,
    compliance_by_metric,
    live_counts,
    queue_link_params,
    split,
    times,
    trend,
)
from reports.selectors.tickets import ageing, fix_rates

SPLITS = ("severity", "region_class", "organisation", "technician")


def queue_url(params: dict[str, str]) -> str:
    return f"{reverse('tickets:queue')}?{urlencode(params)}"


def live(filters: ReportFilters, now: datetime) -> list[dict[str, Any]]:
    from reports.selectors.sla import metric_label

    rows = []
    for metric, counts in live_counts(filters, now).items():
        rows.append(
            {
                "metric": metric,
                "label": metric_label(metric),
                "breached": counts["breached"],
                "at_risk": counts["at_risk"],
                "breached_url": queue_url(queue_link_params(filters, now, "breached", metric)),
                "at_risk_url": queue_url(queue_link_params(filters, now, "at_risk", metric)),
            }
        )
    return rows


def headline(compliance: list[dict[str, Any]], live_rows: list[dict[str, Any]]) -> dict:
    met = sum(r["met"] for r in compliance)
    decided = met + sum(r["met_late"] + r["breached"] for r in compliance)
    return {
        "compliance": round(100 * met / decided, 1) if decided else None,
        "decided": decided,
        "running": sum(r["running"] for r in compliance),
        "breached_now": sum(r["breached"] for r in live_rows),
        "at_risk": sum(r["at_risk"] for r in live_rows),
    }


def sla_dashboard(filters: ReportFilters, now: datetime) -> dict[str, Any]:
    cube = SlaCube(filters)
    compliance = compliance_by_metric(filters, cube)
    live_rows = live(filters, now)
    return {
        "period": {
            "code": filters.period.code,
            "first": filters.period.first.isoformat(),
            "last": filters.period.last.isoformat(),
        },
        "horizon_hours": filters.horizon_hours,
        "headline": headline(compliance, live_rows),
        "compliance": compliance,
        "splits": {dimension: split(filters, dimension, cube) for dimension in SPLITS},
        "trend": trend(filters, cube),
        "live": live_rows,
        "ageing": ageing(filters, now, cube),
        "times": {
            "severity": times(filters, "severity", cube),
            "region_class": times(filters, "region_class", cube),
        },
        "fix_rates": fix_rates(filters, cube),
    }
