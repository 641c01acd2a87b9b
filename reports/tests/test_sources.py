"""The dashboard reads the monthly rollups for whole months, the daily ones otherwise, the
per-technician ones when the technician is asked for, and the clocks when filtered by kind or
channel: every road gives the same figures, and a dashboard costs the same number of queries
whatever the period."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.forms import ReportFilters
from reports.periods import custom, preset
from reports.selectors.dashboard import sla_dashboard
from reports.selectors.sla import CUBE
from reports.selectors.source import _clock_rows, reads_months, sla_rows, ticket_rows
from reports.tests.conftest import local
from reports.tests.test_figures import three_visits  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
SPRING = custom(date(2025, 3, 1), date(2025, 5, 31))


def _bag(rows):
    """Rows as a multiset of (dimensions, non-zero measures), order and zeros ignored."""
    return Counter(
        tuple(sorted((k, v) for k, v in row.items() if not isinstance(v, int) or v)) for row in rows
    )


def test_whole_months_read_the_monthly_rollup_and_others_the_daily():
    assert reads_months(SPRING, today=date(2025, 6, 10))
    assert reads_months(preset("12m", date(2025, 6, 10)), today=date(2025, 6, 10))
    assert not reads_months(preset("30d", date(2025, 6, 10)), today=date(2025, 6, 10))
    assert not reads_months(custom(date(2025, 3, 2), date(2025, 5, 31)), today=date(2025, 6, 10))


def test_monthly_daily_and_clock_roads_agree(three_visits):  # noqa: F811
    filters = ReportFilters(period=SPRING)
    monthly = sla_rows(filters, CUBE, monthly=True)
    daily = sla_rows(filters, CUBE, monthly=False)
    clocks = _clock_rows(filters, CUBE, None)
    assert _bag(monthly) == _bag(daily) == _bag(clocks)
    assert sum(r["met"] + r["met_late"] for r in monthly if r["metric"] == "on_site") == 3
    technician = three_visits["technician"].pk
    by_technician = sla_rows(filters, ("metric", "technician"), monthly=True)
    assert {r["technician"] for r in by_technician if r["metric"] == "on_site"} == {technician}


def test_the_technician_roads_agree(three_visits):  # noqa: F811
    """By technician, the daily rollup summed over severity and region class, the full
    per-technician daily one (asked for through a severity), the monthly one and the clocks
    give the same figures."""
    from reports.models import SlaTechnicianDaily, SlaTechnicianTotalDaily
    from reports.selectors.source import _sla_model

    group = ("metric", "technician")
    filters = ReportFilters(period=SPRING)
    assert _sla_model(filters, group, False, True) is SlaTechnicianTotalDaily
    assert _sla_model(filters, ("severity", *group), False, True) is SlaTechnicianDaily
    total = sla_rows(filters, group, monthly=False)
    full = sla_rows(filters, ("severity", *group), monthly=False)
    summed: Counter = Counter()
    for row in full:
        for name, value in row.items():
            if name not in ("severity", *group):
                summed[(row["metric"], row["technician"], name)] += value
    assert {
        (r["metric"], r["technician"], n): v
        for r in total
        for n, v in r.items()
        if n not in group and v
    } == +summed
    assert _bag(total) == _bag(sla_rows(filters, group, monthly=True))
    assert _bag(total) == _bag(_clock_rows(filters, group, None))


def test_a_kind_filter_reads_the_clocks_and_tickets(three_visits):  # noqa: F811
    repairs = ReportFilters(period=SPRING, kind="repair")
    installs = ReportFilters(period=SPRING, kind="installation")
    on_site = [r for r in sla_rows(repairs, ("metric",)) if r["metric"] == "on_site"]
    assert on_site[0]["met"] + on_site[0]["met_late"] == 3
    assert sla_rows(installs, ("metric",)) == []
    assert sum(r["received"] for r in ticket_rows(repairs, ("organisation",))) == 3
    assert ticket_rows(installs, ("organisation",)) == []


def _queries(filters, now):
    with CaptureQueriesContext(connection) as ctx:
        sla_dashboard(filters, now)
    return len(ctx.captured_queries)


def test_the_dashboard_costs_the_same_queries_for_a_quarter_and_a_year(three_visits):  # noqa: F811
    now = local(2025, 5, 31, 12, 0)
    with time_machine.travel(now, tick=False):
        month = _queries(ReportFilters(period=custom(date(2025, 5, 1), date(2025, 5, 31))), now)
        year = _queries(ReportFilters(period=preset("12m", date(2025, 5, 31))), now)
        spring = _queries(ReportFilters(period=SPRING), now)
    # The labels of a dimension are read only when it has values: May alone has fewer.
    assert month <= year == spring <= 16
