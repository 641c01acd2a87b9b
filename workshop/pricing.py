"""How paid service is priced (000 P1, 004 篇6): parts by the warranty decision's rule (at cost
in the maintenance period, list price otherwise), labour at the workshop's hourly rate but
never above the product model's cap, travel per km. All ``Decimal``, rounded to fen."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from parts.models import Part
from tickets.models import Ticket
from workshop.models import WorkshopRules

CENT = Decimal("0.01")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Pricing:
    parts_charge: str  # free | cost | list
    labour_free: bool
    standard_rate: Decimal
    cap: Decimal | None
    travel_rate: Decimal

    @property
    def labour_rate(self) -> Decimal:
        if self.labour_free:
            return Decimal("0.00")
        if self.cap is not None:
            return min(self.standard_rate, self.cap)
        return self.standard_rate

    def part_price(self, part: Part) -> Decimal:
        if self.parts_charge == "free":
            return Decimal("0.00")
        return part.unit_cost if self.parts_charge == "cost" else part.price


def _model_cap(ticket: Ticket) -> Decimal | None:
    from warranty.models import ProductModel

    model = None
    if ticket.unit is not None:
        model = ticket.unit.product_model
    elif ticket.product_model:
        model = ProductModel.objects.filter(code=ticket.product_model).first()
    if model is not None:
        return model.labour_rate_cap
    cap = (ticket.entitlement or {}).get("labour_rate_cap")
    return Decimal(cap) if cap not in (None, "") else None


def pricing_for(ticket: Ticket) -> Pricing:
    rules = WorkshopRules.current()
    decision = ticket.entitlement or {}
    parts_charge = decision.get("parts_charge") or "list"
    if parts_charge == "free" and ticket.service_type == "A":
        parts_charge = "list"  # an excluded fault is paid service even inside the period
    return Pricing(
        parts_charge=parts_charge,
        labour_free=decision.get("labour_charge") == "free" and ticket.service_type != "A",
        standard_rate=rules.labour_hourly_rate,
        cap=_model_cap(ticket),
        travel_rate=rules.travel_rate_per_km,
    )
