"""Writes of the reports app: the monthly after-sales cost report (售后费用月报, 002).

Where the money comes from, per organisation and product model of the ticket:
- dealers: the lines of their warranty claims (not draft, rejected or cancelled) for repair
  records visited in the month; the approved amount once finance has reviewed a line, else
  the claimed one. Labour lines are *installation* for installation tickets and *dispatch
  labour* otherwise; part lines are *materials*; travel lines are *transport* (km × rate).
- the manufacturer's own service department: parts recorded on its tickets in the month
  (quantity × unit price) as materials, and hours booked in the month at
  ``ReportSettings.internal_labour_rate`` as installation or dispatch labour.
All amounts are ``Decimal``, rounded to the fen per line.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from reports.events import ReportNotice
from reports.models import CostReport, CostReportLine, ReportSettings
from reports.rollup import day_start
from tickets.models import LabourEntry, PartUsage, Ticket

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
EXCLUDED_CLAIMS = ("draft", "rejected", "cancelled")
CATEGORIES = ("installation", "labour", "materials", "transport")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def previous_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def cost_lines(month: date) -> dict[tuple[int, str], dict[str, Decimal]]:
    """(organisation id, product model) → the four categories and km, for ``month``."""
    from dealers.models import ClaimLine

    first, last = month_bounds(month)
    lines: dict[tuple[int, str], dict[str, Decimal]] = defaultdict(
        lambda: {**dict.fromkeys(CATEGORIES, ZERO), "km": Decimal("0")}
    )
    claim_lines = (
        ClaimLine.objects.filter(record__visit_date__gte=first, record__visit_date__lte=last)
        .exclude(claim__status__in=EXCLUDED_CLAIMS)
        .values_list(
            "kind",
            "amount",
            "approved_amount",
            "quantity",
            "claim__dealer_id",
            "record__ticket__product_model",
            "record__ticket__kind",
        )
    )
    for kind, amount, approved, quantity, dealer_id, product, ticket_kind in claim_lines:
        value = money(approved if approved is not None else amount)
        bucket = lines[(dealer_id, product or "")]
        if kind == "labour":
            bucket["installation" if ticket_kind == "installation" else "labour"] += value
        elif kind == "part":
            bucket["materials"] += value
        else:
            bucket["transport"] += value
            bucket["km"] += quantity
    internal = Organisation.Kind.SERVICE_CENTRE
    lo, hi = day_start(first), day_start(last + timedelta(days=1))
    for org_id, product, quantity, price in PartUsage.objects.filter(
        recorded_at__gte=lo, recorded_at__lt=hi, ticket__assigned_organisation__kind=internal
    ).values_list(
        "ticket__assigned_organisation_id", "ticket__product_model", "quantity", "unit_price"
    ):
        lines[(org_id, product or "")]["materials"] += money(quantity * price)
    rate = ReportSettings.current().internal_labour_rate
    for org_id, product, kind, hours in LabourEntry.objects.filter(
        work_date__gte=first, work_date__lte=last, ticket__assigned_organisation__kind=internal
    ).values_list(
        "ticket__assigned_organisation_id", "ticket__product_model", "ticket__kind", "hours"
    ):
        category = "installation" if kind == Ticket.Kind.INSTALLATION else "labour"
        lines[(org_id, product or "")][category] += money(hours * rate)
    return lines


@transaction.atomic
def cost_report_compute(*, month: date, now: datetime | None = None) -> CostReport:
    """(Re)compute the cost report of ``month``; safe to run twice (same rows)."""
    moment = now or timezone.now()
    first, _last = month_bounds(month)
    rules = ReportSettings.current()
    lines = cost_lines(first)
    totals = {c: sum((v[c] for v in lines.values()), ZERO) for c in CATEGORIES}
    ready_day = min(rules.cost_report_ready_day, 28)
    following = (first + timedelta(days=32)).replace(day=1)
    report, _created = CostReport.objects.select_for_update().update_or_create(
        month=first,
        defaults={
            "computed_at": moment,
            "ready_on": following.replace(day=ready_day),
            **totals,
            "total": sum(totals.values(), ZERO),
        },
    )
    report.lines.all().delete()
    CostReportLine.objects.bulk_create(
        CostReportLine(
            report=report,
            organisation_id=org_id,
            product_model=product,
            **{c: values[c] for c in CATEGORIES},
            transport_km=values["km"],
            total=sum((values[c] for c in CATEGORIES), ZERO),
        )
        for (org_id, product), values in sorted(lines.items(), key=lambda kv: (kv[0][0], kv[0][1]))
    )
    return report


def managers() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            groups__name="manager",
            organisation__kind=Organisation.Kind.SERVICE_CENTRE,
        ).distinct()
    )


@transaction.atomic
def cost_report_tick(*, today: date | None = None, now: datetime | None = None) -> dict[str, Any]:
    """The daily beat step: from the 1st the last month's report is computed (again each day
    until it is ready, so late claims are in it); on the ready day managers are told, once."""
    moment = now or timezone.now()
    day = today or timezone.localdate(moment)
    month = previous_month(day)
    report = CostReport.objects.select_for_update().filter(month=month).first()
    if report is not None and report.notified_at is not None:
        return {"month": month.isoformat(), "computed": False, "notified": False}
    report = cost_report_compute(month=month, now=moment)
    notified = False
    if day >= report.ready_on:
        report.notified_at = moment
        report.save(update_fields=["notified_at"])
        if apps.is_installed("notifications"):
            from notifications.services import notify

            notify(
                managers(),
                ReportNotice.COST_REPORT_READY,
                payload={"month": f"{month:%Y-%m}", "total": str(report.total)},
                now=moment,
            )
        notified = True
    return {"month": month.isoformat(), "computed": True, "notified": notified}
