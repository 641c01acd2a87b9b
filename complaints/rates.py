"""Return-visit rate and satisfaction rate: company-wide, per organisation, per technician.

- Return-visit rate = tickets resolved in the period that have a survey ÷ tickets resolved
  in the period (001: 100%).
- Satisfaction rate = surveys answered in the period with no dissatisfied answer ÷ surveys
  answered in the period (001: ≥ 98%).

Targets are ``SatisfactionRules`` data. Every figure is one grouped query, never per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q

from complaints.models import SatisfactionRules, Survey
from tickets.events import TicketEventCode
from tickets.models import TicketEvent

RESOLVE = TicketEventCode.RESOLVE.value


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def percent(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (Decimal(100) * self.numerator / self.denominator).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )

    def meets(self, target: Decimal) -> bool | None:
        percent = self.percent
        return None if percent is None else percent >= target


GROUPS = {
    None: (None, None),
    "organisation": ("ticket__assigned_organisation", "organisation"),
    "technician": ("ticket__technician", "technician"),
}


def visit_rates(start: datetime, end: datetime, by: str | None = None) -> dict[Any, Rate]:
    """{group key: Rate}; key None for company-wide."""
    ticket_key, _survey_key = GROUPS[by]
    surveyed = Survey.objects.filter(ticket_id=OuterRef("ticket_id"))
    resolved = TicketEvent.objects.filter(code=RESOLVE, at__gte=start, at__lt=end).annotate(
        visited=Exists(surveyed)
    )
    counts = {
        "total": Count("ticket_id", distinct=True),
        "visited_n": Count("ticket_id", filter=Q(visited=True), distinct=True),
    }
    if ticket_key is None:
        row = resolved.aggregate(**counts)
        return {None: Rate(row["visited_n"], row["total"])}
    rows = resolved.values(ticket_key).annotate(**counts).order_by()
    return {row[ticket_key]: Rate(row["visited_n"], row["total"]) for row in rows}


def satisfaction_rates(start: datetime, end: datetime, by: str | None = None) -> dict[Any, Rate]:
    _ticket_key, survey_key = GROUPS[by]
    surveys = Survey.objects.filter(answered_at__gte=start, answered_at__lt=end)
    counts = {"total": Count("id"), "happy": Count("id", filter=Q(dissatisfied=False))}
    if survey_key is None:
        row = surveys.aggregate(**counts)
        return {None: Rate(row["happy"], row["total"])}
    rows = surveys.values(survey_key).annotate(**counts).order_by()
    return {row[survey_key]: Rate(row["happy"], row["total"]) for row in rows}


def rates_table(start: datetime, end: datetime) -> dict[str, Any]:
    """What the rates page and the API show: targets, company, organisations, technicians."""
    from accounts.models import Organisation, User

    rules = SatisfactionRules.current()
    out: dict[str, Any] = {
        "visit_target": rules.visit_rate_target,
        "satisfaction_target": rules.satisfaction_target,
    }
    company_v = visit_rates(start, end).get(None, Rate(0, 0))
    company_s = satisfaction_rates(start, end).get(None, Rate(0, 0))
    out["company"] = {"visit": company_v, "satisfaction": company_s}
    for by, model in (("organisation", Organisation), ("technician", User)):
        visits = visit_rates(start, end, by)
        happy = satisfaction_rates(start, end, by)
        keys = {k for k in (*visits, *happy) if k is not None}
        names = {o.pk: str(o) for o in model.objects.filter(pk__in=keys)}
        out[by] = sorted(
            (
                {
                    "id": key,
                    "name": names.get(key, "?"),
                    "visit": visits.get(key, Rate(0, 0)),
                    "satisfaction": happy.get(key, Rate(0, 0)),
                }
                for key in keys
            ),
            key=lambda row: row["name"],
        )
    return out
