"""Ticket figures: backlog ageing (open tickets by age bucket and status, in calendar and in
business time) and first-time-fix / repeat-repair rates (from the ticket rollup)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Case, CharField, Count, Value, When

from reports.forms import ReportFilters
from reports.models import ReportSettings
from reports.selectors.sla import SlaCube, labelled
from reports.selectors.source import ticket_rows
from reports.sources import calendar_spec, subtract_business_seconds
from sla.models import BusinessCalendar
from tickets.models import OPEN_STATUSES, Status, Ticket

HOUR = 3600
#: (code, lower bound in seconds): <4 h, 4–24 h, 1–3 d, 3–7 d, >7 d.
AGE_BUCKETS = (
    ("lt4h", 0),
    ("4to24h", 4 * HOUR),
    ("1to3d", 24 * HOUR),
    ("3to7d", 72 * HOUR),
    ("gt7d", 168 * HOUR),
)


def age_bucket_labels() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {
        "lt4h": _("< 4 h"),
        "4to24h": _("4–24 h"),
        "1to3d": _("1–3 d"),
        "3to7d": _("3–7 d"),
        "gt7d": _("> 7 d"),
    }


def ageing_calendar(rules: ReportSettings | None = None) -> BusinessCalendar | None:
    code = (rules or ReportSettings.current()).ageing_calendar_code
    found = BusinessCalendar.objects.filter(code=code).first()
    return found if found is not None else BusinessCalendar.objects.order_by("pk").first()


def _bucket_case(cutoffs: list[datetime]) -> Case:
    """Bucket by received_at against the instants at which each bucket's age begins."""
    whens = [
        When(received_at__lte=cutoff, then=Value(code))
        for (code, _low), cutoff in reversed(list(zip(AGE_BUCKETS[1:], cutoffs[1:], strict=True)))
    ]
    return Case(*whens, default=Value(AGE_BUCKETS[0][0]), output_field=CharField())


def ageing(filters: ReportFilters, now: datetime, cube: SlaCube | None = None) -> dict[str, Any]:
    """Open tickets by age bucket × status: calendar age and business age (one query)."""
    calendar = ageing_calendar(cube.settings if cube is not None else None)
    spec = calendar_spec(calendar) if calendar is not None else None
    calendar_cut = [now - timedelta(seconds=low) for _code, low in AGE_BUCKETS]
    business_cut = [
        subtract_business_seconds(spec, now, low)
        if spec is not None
        else now - timedelta(seconds=low)
        for _code, low in AGE_BUCKETS
    ]
    rows = (
        Ticket.objects.filter(status__in=OPEN_STATUSES)
        .filter(filters.dims_q(ticket=True))
        .annotate(cal=_bucket_case(calendar_cut), biz=_bucket_case(business_cut))
        .values("status", "cal", "biz")
        .annotate(n=Count("pk"))
        .order_by()
    )
    statuses = [s for s in Status if s.value in OPEN_STATUSES]
    tables: dict[str, dict[str, dict[str, int]]] = {"calendar": {}, "business": {}}
    for key in tables:
        tables[key] = {s.value: {code: 0 for code, _low in AGE_BUCKETS} for s in statuses}
    for row in rows:
        tables["calendar"][row["status"]][row["cal"]] += row["n"]
        tables["business"][row["status"]][row["biz"]] += row["n"]
    labels = age_bucket_labels()
    return {
        "buckets": [{"code": code, "label": labels[code]} for code, _low in AGE_BUCKETS],
        "statuses": [{"code": s.value, "label": str(s.label)} for s in statuses],
        "calendar": tables["calendar"],
        "business": tables["business"],
        "calendar_name": calendar.name if calendar is not None else "",
        "totals": {
            key: {code: sum(table[s.value][code] for s in statuses) for code, _low in AGE_BUCKETS}
            for key, table in tables.items()
        },
    }


FIX_FIELDS = ("received", "resolved", "visited", "first_time_fix", "repairs", "repeat_repairs")


def _rates(row: dict[str, Any]) -> dict[str, Any]:
    visited = row.get("visited") or 0
    repairs = row.get("repairs") or 0
    return {
        **{name: row.get(name) or 0 for name in FIX_FIELDS},
        "first_time_fix_rate": round(100 * (row.get("first_time_fix") or 0) / visited, 1)
        if visited
        else None,
        "repeat_repair_rate": round(100 * (row.get("repeat_repairs") or 0) / repairs, 1)
        if repairs
        else None,
    }


def fix_rates(filters: ReportFilters, cube: SlaCube | None = None) -> dict[str, Any]:
    """First-time-fix and repeat-repair rates: company (or scope) wide, per organisation and
    per technician, summed from one query on the ticket rollup."""
    rows = ticket_rows(filters, ("organisation", "technician"))
    totals: dict[str, dict[Any, dict[str, int]]] = {"organisation": {}, "technician": {}}
    overall = dict.fromkeys(FIX_FIELDS, 0)
    for row in rows:
        for name in FIX_FIELDS:
            overall[name] += row[name]
        for dimension in totals:
            if row[dimension] is None:
                continue
            target = totals[dimension].setdefault(row[dimension], dict.fromkeys(FIX_FIELDS, 0))
            for name in FIX_FIELDS:
                target[name] += row[name]
    result: dict[str, Any] = {"overall": _rates(overall)}
    for dimension, by_value in totals.items():
        result[dimension] = [
            {"id": key, "label": label, **_rates(by_value[key])}
            for key, label in labelled(dimension, set(by_value), cube)
        ]
    return result
