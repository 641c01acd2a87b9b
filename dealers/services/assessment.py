"""The monthly dealer assessment (考核): computed on the 1st from data the system already
has, weighted by ``AssessmentWeight`` rows, published by the 5th.

Each metric is a share in [0, 1] or ``None`` when the month gave nothing to measure; the
score is 100 × the weighted mean of the measured metrics (100 when nothing was measured).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from accounts.roles import require_role
from dealers import defaults
from dealers.models import (
    AssessmentWeight,
    ClaimEvent,
    DealerAssessment,
    DealerRules,
)
from dealers.periods import local_range, month_bounds, previous_month
from dealers.services.common import dealer_event
from dealers.services.profiles import profile_for
from sla.models import SlaClock
from tickets.events import TicketEventCode
from tickets.models import TicketEvent
from warranty.models import Unit, WarrantyRules

PUBLISHED = "dealer.assessment_published"


@dataclass(frozen=True)
class Measure:
    value: Decimal | None
    numerator: int
    denominator: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "value": None if self.value is None else str(self.value),
            "numerator": self.numerator,
            "denominator": self.denominator,
        }


def _share(good: int, total: int) -> Measure:
    if total == 0:
        return Measure(None, 0, 0)
    value = (Decimal(good) / Decimal(total)).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    return Measure(value, good, total)


#: Further monthly metrics added by the apps that own them (registered in their
#: ``AppConfig.ready``; e.g. the complaints app's satisfaction rate and dealer duties): each
#: is called with (dealer, start, end) and weighted by an ``AssessmentWeight`` of its code.
MetricProvider = Callable[[Organisation, datetime, datetime], Measure]
METRIC_PROVIDERS: dict[str, MetricProvider] = {}


def register_metric(code: str, provider: MetricProvider) -> None:
    METRIC_PROVIDERS[code] = provider


def share(good: int, total: int) -> Measure:
    """A measured share (``None`` when there was nothing to measure), for metric providers."""
    return _share(good, total)


def sla_compliance(
    dealer: Organisation, start: datetime, end: datetime, now: datetime
) -> tuple[Measure, str]:
    """Share of the dealer's tasks arranged within the limit, from the SLA engine's dispatch
    clocks started in the period (a running clock past its due time counts as late)."""
    clocks = SlaClock.objects.filter(
        ticket__assigned_organisation=dealer,
        metric="dispatch",
        applies=True,
        started_at__gte=start,
        started_at__lt=end,
    )
    met = late = 0
    for state, due_at in clocks.values_list("state", "due_at"):
        if state == "met":
            met += 1
        elif state in ("met_late", "breached") or (
            state in ("running", "paused") and due_at is not None and due_at < now
        ):
            late += 1
    return _share(met, met + late), "clocks"


def _resolved(dealer: Organisation, start: datetime, end: datetime):  # type: ignore[no-untyped-def]
    return TicketEvent.objects.filter(
        code=TicketEventCode.RESOLVE,
        at__gte=start,
        at__lt=end,
        ticket__assigned_organisation=dealer,
    )


def return_visit_rate(dealer: Organisation, start: datetime, end: datetime) -> Measure:
    tickets = set(_resolved(dealer, start, end).values_list("ticket_id", flat=True))
    visited = set(
        TicketEvent.objects.filter(
            ticket_id__in=tickets, code=TicketEventCode.RETURN_VISIT
        ).values_list("ticket_id", flat=True)
    )
    return _share(len(visited), len(tickets))


def claim_acceptance(dealer: Organisation, start: datetime, end: datetime) -> Measure:
    reviews = ClaimEvent.objects.filter(
        claim__dealer=dealer,
        at__gte=start,
        at__lt=end,
        code__in=["claim.approve", "claim.reject", "claim.auto_rejected"],
    ).values_list("code", flat=True)
    codes = list(reviews)
    rejected = sum(1 for c in codes if c != "claim.approve")
    return _share(len(codes) - rejected, len(codes))


def card_timeliness(dealer: Organisation, first: date, last: date) -> Measure:
    days = WarrantyRules.current().card_deadline_days
    units = Unit.objects.filter(
        selling_dealer=dealer,
        sale_date__gte=first - timedelta(days=days),
        sale_date__lte=last - timedelta(days=days),
    ).select_related("card")
    total = on_time = 0
    for unit in units:
        total += 1
        card = getattr(unit, "card", None)
        if (
            card is not None
            and unit.sale_date is not None
            and card.filed_on <= unit.sale_date + timedelta(days=days)
        ):
            on_time += 1
    return _share(on_time, total)


def first_time_fix(dealer: Organisation, start: datetime, end: datetime) -> Measure:
    window = timedelta(days=DealerRules.current().repeat_repair_days)
    rows = list(
        _resolved(dealer, start, end)
        .filter(ticket__unit__isnull=False)
        .values_list("ticket_id", "ticket__unit_id", "at")
    )
    repeats = 0
    for ticket_id, unit_id, at in rows:
        if (
            TicketEvent.objects.filter(
                code=TicketEventCode.RESOLVE,
                ticket__unit_id=unit_id,
                at__lt=at,
                at__gte=at - window,
            )
            .exclude(ticket_id=ticket_id)
            .exists()
        ):
            repeats += 1
    return _share(len(rows) - repeats, len(rows))


def assessment_measure(
    dealer: Organisation, month: date, *, now: datetime | None = None
) -> tuple[Decimal, dict[str, Any], str]:
    """The score, the metrics (value, counts, weight) and the SLA source for one month."""
    now = now or timezone.now()
    first, last = month_bounds(month)
    start, end = local_range(first, last, settings.TIME_ZONE)
    sla, source = sla_compliance(dealer, start, end, now)
    measures = {
        "sla_compliance": sla,
        "return_visit_rate": return_visit_rate(dealer, start, end),
        "claim_acceptance": claim_acceptance(dealer, start, end),
        "card_timeliness": card_timeliness(dealer, first, last),
        "first_time_fix": first_time_fix(dealer, start, end),
    }
    for code, provider in sorted(METRIC_PROVIDERS.items()):
        measures[code] = provider(dealer, start, end)
    weights = {w.code: w.weight for w in AssessmentWeight.objects.filter(is_active=True)}
    total_weight = Decimal("0")
    weighted = Decimal("0")
    metrics: dict[str, Any] = {}
    for code, measure in measures.items():
        weight = weights.get(code)
        metrics[code] = {**measure.as_dict(), "weight": None if weight is None else str(weight)}
        if weight is None or measure.value is None:
            continue
        total_weight += weight
        weighted += weight * measure.value
    score = Decimal("100") if not total_weight else Decimal("100") * weighted / total_weight
    target = profile_for(dealer).return_visit_target
    visit = measures["return_visit_rate"].value
    metrics["return_visit_rate"]["target"] = str(target)
    metrics["return_visit_rate"]["target_met"] = None if visit is None else visit * 100 >= target
    return score.quantize(Decimal("0.01"), ROUND_HALF_UP), metrics, source


@transaction.atomic
def assessments_compute(
    *, month: date | None = None, now: datetime | None = None
) -> list[DealerAssessment]:
    """Compute (or recompute, while unpublished) every active dealer's assessment of
    ``month`` (default: last month) and rank them. Safe to run twice: one row per
    (dealer, month); a published assessment is never changed."""
    now = now or timezone.now()
    month = (month or previous_month(timezone.localdate(now))).replace(day=1)
    rows = []
    for dealer in Organisation.objects.filter(
        kind=Organisation.Kind.DEALER, is_active=True
    ).order_by("pk"):
        existing = DealerAssessment.objects.filter(dealer=dealer, month=month).first()
        if existing is not None and existing.published_at is not None:
            rows.append(existing)
            continue
        score, metrics, source = assessment_measure(dealer, month, now=now)
        row, _created = DealerAssessment.objects.update_or_create(
            dealer=dealer,
            month=month,
            defaults={"score": score, "metrics": metrics, "source": source, "computed_at": now},
        )
        rows.append(row)
    ranked = sorted(rows, key=lambda r: (-r.score, r.dealer.code))
    for position, row in enumerate(ranked, start=1):
        if row.rank != position and row.published_at is None:
            row.rank = position
            row.save(update_fields=["rank"])
    return ranked


@transaction.atomic
def assessments_publish(
    *, month: date | None = None, by: User | None = None, now: datetime | None = None
) -> int:
    """Publish the month's assessments (beat on the 5th, or a manager earlier). Idempotent."""
    if by is not None:
        require_role(by, {defaults.MANAGER})
    now = now or timezone.now()
    month = (month or previous_month(timezone.localdate(now))).replace(day=1)
    pending = list(
        DealerAssessment.objects.filter(month=month, published_at__isnull=True)
        .select_related("dealer")
        .order_by("pk")
    )
    for row in pending:
        row.published_at = now
        row.save(update_fields=["published_at"])
        dealer_event(
            row.dealer,
            code=PUBLISHED,
            by=by,
            payload={"month": month.isoformat(), "score": str(row.score)},
        )
    return len(pending)
