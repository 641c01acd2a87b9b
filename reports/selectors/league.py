"""The dealer league table, beside the monthly assessment: per dealer and month, arrangement
within the limit (the engine's dispatch clocks), supervisor-check compliance, return-visit
rate, claim rejection rate and average claim amount; twelve months of each for the trend.

Clock figures come from the monthly rollup (by the month the clock started), ticket figures
from the monthly ticket rollup, claim figures from the claims submitted in the month. Three queries
for any number of dealers."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, F, Q, Sum
from django.db.models.functions import TruncMonth

from accounts.models import Organisation
from aftersales.i18n import bilingual
from reports.models import SlaMonthly, TicketMonthly
from reports.rollup import day_start, zone
from reports.scope import report_organisation
from reports.sources import Metric

MONTHS = 12


def month_list(last_month: date, count: int = MONTHS) -> list[date]:
    months = [last_month.replace(day=1)]
    while len(months) < count:
        months.insert(0, (months[0] - timedelta(days=1)).replace(day=1))
    return months


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


Figures = dict[tuple[int, date], dict[str, Any]]


def _clock_figures(figures: Figures, ids: list[int], first: date, last_day: date) -> None:
    for row in (
        SlaMonthly.objects.filter(
            organisation_id__in=ids,
            day__gte=first,
            day__lt=last_day,
            metric__in=[Metric.DISPATCH, Metric.SUPERVISOR_CHECK],
        )
        .annotate(m=F("day"))
        .values("organisation_id", "m", "metric")
        .annotate(met=Sum("met"), late=Sum("met_late"), breached=Sum("breached"))
        .order_by()
    ):
        decided = row["met"] + row["late"] + row["breached"]
        key = "arrangement" if row["metric"] == Metric.DISPATCH else "supervisor_check"
        figures[(row["organisation_id"], row["m"])][key] = _pct(row["met"], decided)
    for done in (
        TicketMonthly.objects.filter(organisation_id__in=ids, day__gte=first, day__lt=last_day)
        .annotate(m=F("day"))
        .values("organisation_id", "m")
        .annotate(resolved=Sum("resolved"), visited=Sum("return_visited"))
        .order_by()
    ):
        figures[(done["organisation_id"], done["m"])]["return_visit"] = _pct(
            done["visited"], done["resolved"]
        )


def _claim_figures(figures: Figures, ids: list[int], first: date, last_day: date) -> None:
    from dealers.models import WarrantyClaim

    for claim in (
        WarrantyClaim.objects.filter(
            dealer_id__in=ids,
            submitted_at__gte=day_start(first),
            submitted_at__lt=day_start(last_day),
        )
        .annotate(m=TruncMonth("submitted_at", tzinfo=zone()))
        .values("dealer_id", "m")
        .annotate(
            decided=Count("pk", filter=Q(status__in=["reviewed", "settled", "rejected"])),
            rejected=Count("pk", filter=Q(status="rejected")),
            average=Avg("claimed_total"),
            claims=Count("pk"),
        )
        .order_by()
    ):
        m = claim["m"].date() if hasattr(claim["m"], "date") else claim["m"]
        figures[(claim["dealer_id"], m)].update(
            {
                "claims": claim["claims"],
                "rejection": _pct(claim["rejected"], claim["decided"]),
                "average_claim": Decimal(claim["average"] or 0).quantize(Decimal("0.01"))
                if claim["average"] is not None
                else None,
            }
        )


def dealer_league(user: Any, month: date) -> dict[str, Any]:
    months = month_list(month)
    first, last_day = months[0], (months[-1] + timedelta(days=32)).replace(day=1)
    found = Organisation.objects.filter(kind=Organisation.Kind.DEALER, is_active=True)
    limit = report_organisation(user)
    if limit is not None:
        found = found.filter(pk=limit)
    dealers = list(found.order_by("code"))
    ids = [d.pk for d in dealers]
    figures: Figures = defaultdict(dict)
    _clock_figures(figures, ids, first, last_day)
    _claim_figures(figures, ids, first, last_day)
    keys = ("arrangement", "supervisor_check", "return_visit", "rejection", "average_claim")
    rows = []
    for dealer in dealers:
        current = figures.get((dealer.pk, months[-1]), {})
        rows.append(
            {
                "id": dealer.pk,
                "code": dealer.code,
                "name": bilingual(dealer.name, dealer.name_en),
                **{k: current.get(k) for k in keys},
                "claims": current.get("claims", 0),
                "trend": {
                    k: [figures.get((dealer.pk, m), {}).get(k) for m in months]
                    for k in ("arrangement", "supervisor_check", "return_visit", "rejection")
                },
            }
        )
    rows.sort(key=lambda r: (-(r["arrangement"] or -1), r["code"]))
    return {
        "month": months[-1].isoformat(),
        "months": [m.isoformat() for m in months],
        "rows": rows,
    }
