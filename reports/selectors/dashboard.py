"""Everything the SLA dashboard shows, as one plain dict (the page, the API and the exports
read the same figures). A fixed number of queries whatever the period or the data size: the
SLA cube, the technician split, the trend and the ticket rollup (one each) — read from the
cache while the rollups have not changed (``reports.figures_cache``) —, and the live counts,
the ageing and the labels of the values shown.

The page shows the organisation and technician tables cut to the busiest rows
(``page_tables``), each saying "N of M" with a link to the full list."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode

from reports.figures_cache import cached_figures
from reports.forms import ReportFilters
from reports.models import ReportSettings
from reports.periods import preset
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
#: The splits whose tables the page cuts to the busiest rows (they grow with the company).
CUT_SPLITS = ("organisation", "technician")
#: Rows of a cut table on the dashboard page; the full list is one click away.
PAGE_ROWS = 10
#: The unfiltered periods whose figures the rollup beat computes ahead, in every language,
#: so the managers' home (30 days by default) is read warm after each rebuild.
WARM_PERIODS = ("30d",)


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


def rollup_figures(filters: ReportFilters, rules: ReportSettings | None = None) -> dict[str, Any]:
    """The figures summed from the rollups: compliance, splits, trend, times, fix rates."""
    cube = SlaCube(filters, rules)
    return {
        "compliance": compliance_by_metric(filters, cube),
        "splits": {dimension: split(filters, dimension, cube) for dimension in SPLITS},
        "trend": trend(filters, cube),
        "times": {
            "severity": times(filters, "severity", cube),
            "region_class": times(filters, "region_class", cube),
        },
        "fix_rates": fix_rates(filters, cube),
    }


def dashboard_figures(
    filters: ReportFilters, now: datetime, rules: ReportSettings | None = None
) -> dict[str, Any]:
    """:func:`rollup_figures`, from the cache while the rollups have not changed."""
    return cached_figures(filters, timezone.localdate(now), lambda: rollup_figures(filters, rules))


def warm_figures(now: datetime | None = None) -> int:
    """Compute and cache the unfiltered company-wide figures of ``WARM_PERIODS`` in each
    language (after a rollup rebuild); returns how many were computed."""
    moment = now or timezone.now()
    rules = ReportSettings.current()
    today = timezone.localdate(moment)
    computed = 0
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code in WARM_PERIODS:
                filters = ReportFilters(
                    period=preset(code, today), horizon_hours=rules.at_risk_hours
                )
                dashboard_figures(filters, moment, rules)
                computed += 1
    return computed


def sla_dashboard(
    filters: ReportFilters, now: datetime, rules: ReportSettings | None = None
) -> dict[str, Any]:
    rules = rules or ReportSettings.current()
    figures = dashboard_figures(filters, now, rules)
    live_rows = live(filters, now)
    return {
        "period": {
            "code": filters.period.code,
            "first": filters.period.first.isoformat(),
            "last": filters.period.last.isoformat(),
        },
        "horizon_hours": filters.horizon_hours,
        "headline": headline(figures["compliance"], live_rows),
        "compliance": figures["compliance"],
        "splits": figures["splits"],
        "trend": figures["trend"],
        "live": live_rows,
        "ageing": ageing(filters, now, SlaCube(filters, rules)),
        "times": figures["times"],
        "fix_rates": figures["fix_rates"],
    }


def _split_volume(value: dict[str, Any]) -> int:
    return sum(c["met"] + c["met_late"] + c["breached"] + c["running"] for c in value["cells"] if c)


def busiest_split(block: dict[str, Any], rows: int | None = PAGE_ROWS) -> dict[str, Any]:
    """A split with its values ordered busiest first (most clocks), cut to ``rows`` (None:
    all): the same block plus ``total``, the number of values before the cut."""
    values = sorted(block["values"], key=_split_volume, reverse=True)
    shown = values if rows is None else values[:rows]
    ids = {v["id"] for v in shown}
    metrics = [{**m, "rows": [r for r in m["rows"] if r["id"] in ids]} for m in block["metrics"]]
    return {**block, "values": shown, "metrics": metrics, "total": len(values)}


def busiest_fix(rows: list[dict[str, Any]], limit: int | None = PAGE_ROWS) -> dict[str, Any]:
    """Fix-rate rows busiest first (most resolved tickets), cut to ``limit`` (None: all)."""
    ordered = sorted(rows, key=lambda r: r["resolved"], reverse=True)
    return {"rows": ordered if limit is None else ordered[:limit], "total": len(ordered)}


def page_tables(data: dict[str, Any], rows: int | None = PAGE_ROWS) -> dict[str, Any]:
    """What the page's split and fix tables show: severity and region in full, organisation
    and technician cut to the busiest ``rows``, each with its full count ("N of M")."""
    splits = {
        dimension: busiest_split(block, rows)
        if dimension in CUT_SPLITS
        else {**block, "total": len(block["values"])}
        for dimension, block in data["splits"].items()
    }
    fix = {d: busiest_fix(data["fix_rates"][d], rows) for d in CUT_SPLITS}
    return {"splits": splits, "fix": fix}
