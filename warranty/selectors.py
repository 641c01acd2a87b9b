"""Reads of the warranty app, always from the user's organisation scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.scoping import scope_queryset
from tickets.models import Ticket
from tickets.selectors import ticket_scope
from warranty.cards import CardStatus, card_status
from warranty.decisions import scoped_units, unit_queryset
from warranty.entitlement import add_months
from warranty.models import MaintenanceContract, ProductModel, Unit, WarrantyCard, WarrantyRules


def unit_scope(user: User) -> QuerySet[Unit]:
    """Units the user may see: service staff all; a dealer its own sales; a customer its own."""
    return scoped_units(unit_queryset(), user)


def unit_search(user: User, *, text: str = "", model: str = "", dealer: str = "") -> QuerySet[Unit]:
    units = unit_scope(user)
    text = text.strip()
    if text:
        units = units.filter(
            Q(serial__icontains=text)
            | Q(customer__name__icontains=text)
            | Q(customer__phone__icontains=text)
        )
    if model:
        units = units.filter(product_model__code=model)
    if dealer:
        units = units.filter(selling_dealer__code=dealer)
    return units.order_by("-sale_date", "serial")


def product_models() -> QuerySet[ProductModel]:
    return ProductModel.objects.filter(is_active=True).prefetch_related("components", "exclusions")


def card_scope(user: User) -> QuerySet[WarrantyCard]:
    return scope_queryset(
        WarrantyCard.objects.select_related("unit", "unit__product_model", "dealer", "filed_by"),
        user,
        organisation_field="unit__selling_dealer",
        customer_field="unit__customer__account",
    )


def contract_scope(user: User) -> QuerySet[MaintenanceContract]:
    """Contracts: service staff all, a customer its own; dealers none."""
    return scope_queryset(
        MaintenanceContract.objects.select_related(
            "customer", "owner", "account_manager", "renewed_from", "renewal"
        ),
        user,
        organisation_field=None,
        customer_field="customer__account",
    )


def unit_card_status(
    unit: Unit, *, today: date | None = None, rules: WarrantyRules | None = None
) -> CardStatus | None:
    """Where the unit's card stands (None without a sale date)."""
    if unit.sale_date is None:
        return None
    rules = rules or WarrantyRules.current()
    card = getattr(unit, "card", None)  # RelatedObjectDoesNotExist is an AttributeError
    return card_status(
        sale_date=unit.sale_date,
        filed_on=card.filed_on if card else None,
        days=rules.card_deadline_days,
        today=today or timezone.localdate(),
        warn_days=rules.card_warning_days,
    )


@dataclass(frozen=True)
class CardRow:
    unit: Unit
    status: CardStatus


def card_watch(
    user: User, *, today: date | None = None, late_since_days: int = 365
) -> dict[str, list[CardRow]]:
    """The dealer's card worklist: missing (overdue), due soon, pending, and late-filed cards.

    Missing and due-soon cards are found by sale date, so the query follows the index
    (selling dealer, sale date) rather than reading every unit.
    """
    today = today or timezone.localdate()
    rules = WarrantyRules.current()
    units = unit_scope(user).filter(sale_date__isnull=False)
    no_card = units.filter(card__isnull=True, sale_date__lte=today)
    late = units.filter(card__isnull=False, sale_date__gte=today - timedelta(days=late_since_days))
    out: dict[str, list[CardRow]] = {"missing": [], "due_soon": [], "pending": [], "late": []}
    for unit in list(no_card.order_by("sale_date", "serial")) + list(late.order_by("-sale_date")):
        status = unit_card_status(unit, today=today, rules=rules)
        if status is not None and status.state in out:
            out[status.state].append(CardRow(unit, status))
    out["missing"].sort(key=lambda r: -r.status.days_late)
    return out


def unit_tickets(unit: Unit, user: User) -> QuerySet[Ticket]:
    return ticket_scope(user).filter(unit=unit).order_by("-received_at", "-id")


def contracts_due_for_visits(today: date, lead_days: int) -> QuerySet[MaintenanceContract]:
    """Contracts running (or starting within the lead time) on ``today``."""
    return MaintenanceContract.objects.filter(
        start__lte=today + timedelta(days=lead_days), end__gte=today
    ).order_by("pk")


def contracts_due_for_renewal_notice(today: date, months: int) -> QuerySet[MaintenanceContract]:
    return MaintenanceContract.objects.filter(
        renewal_notified_at__isnull=True,
        renewal__isnull=True,
        end__gte=today,
        end__lte=add_months(today, months),
    ).order_by("pk")


def units_due_card_warning(today: date, rules: WarrantyRules) -> QuerySet[Unit]:
    """Units without a card whose deadline falls within the warning window from ``today``."""
    first_sale = today - timedelta(days=rules.card_deadline_days)
    last_sale = first_sale + timedelta(days=rules.card_warning_days)
    return Unit.objects.filter(
        card__isnull=True,
        card_warned_at__isnull=True,
        selling_dealer__isnull=False,
        sale_date__gte=first_sale,
        sale_date__lte=min(last_sale, today),
    ).order_by("pk")
