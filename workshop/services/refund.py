"""Return (包退): the customer gives the unit back and is refunded.

When a return is allowed (:func:`return_basis`), from the warranty decision stored on the
ticket and the workshop rules (data, seeded by migration):

- **window**: the decision is a covered fault (service type C, no exclusion) and the ticket
  was received within ``return_window_days`` (seeded 7) of the sale date: the refund is the
  sale price in full;
- **repeat_repairs**: the decision says replacement is due (the same fault repaired the
  model's threshold of times in warranty, 004 篇5) and the customer takes the money instead
  of a new unit: the refund is the sale price less depreciation of
  ``return_depreciation_percent_per_day`` (seeded 0.1 %) of the price for each day from the
  sale to the return, never below zero.

The sale price is the invoice's (entered on the order; the form proposes the list price of
the model's complete unit in the parts catalogue). One service does it all or nothing: the
old unit comes back into the carry-in register (an entry that stays, the unit is the
company's now), its warranty is retired (unit status "returned"), the ticket gets an event,
the selling dealer and finance are notified. A ticket has either an exchange or a return.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from aftersales.errors import ConflictError, DomainError, PermissionDeniedError
from parts.models import Part
from parts.services.common import next_number
from parts.services.tickets import ticket_event
from tickets.models import Ticket
from workshop.events import REFUND_NOTICE, WorkshopEvent
from workshop.models import CarryIn, ExchangeOrder, ReturnOrder, WorkshopRules
from workshop.services.exchange import register_returned_unit, unit_return_recipients

RETURN_ROLES = frozenset({"supervisor", "manager"})
CENT = Decimal("0.01")
MAX_PRICE = Decimal("9999999999.99")


@dataclass(frozen=True)
class ReturnTerms:
    basis: str
    sale_date: date
    window_days: int
    rate: Decimal  # % of the price per day; 0 within the window


def _sale_date(ticket: Ticket) -> date | None:
    start = (ticket.entitlement or {}).get("period_start")
    if start:
        try:
            return date.fromisoformat(str(start))
        except ValueError:
            pass
    unit = ticket.unit
    return unit.sale_date if unit is not None else None


def return_basis(ticket: Ticket, rules: WorkshopRules | None = None) -> ReturnTerms | None:
    """The terms a return would be made on, or ``None`` when the decision allows none."""
    decision = ticket.entitlement or {}
    if ticket.unit_id is None or decision.get("exclusion"):
        return None
    sale = _sale_date(ticket)
    if sale is None:
        return None
    rules = rules or WorkshopRules.current()
    received = timezone.localdate(ticket.received_at)
    covered = decision.get("service_type") == "C" and decision.get("covered", True)
    if covered and 0 <= (received - sale).days <= rules.return_window_days:
        return ReturnTerms(ReturnOrder.Basis.WINDOW, sale, rules.return_window_days, Decimal("0"))
    if decision.get("replacement_due"):
        return ReturnTerms(
            ReturnOrder.Basis.REPEAT_REPAIRS,
            sale,
            rules.return_window_days,
            rules.return_depreciation_percent_per_day,
        )
    return None


def refund_amount(sale_price: Decimal, rate: Decimal, days: int) -> tuple[Decimal, Decimal]:
    """(depreciation, refund) in yuan: ``price × rate % × days``, rounded half up to the
    fen, at most the price."""
    price = sale_price.quantize(CENT, rounding=ROUND_HALF_UP)
    depreciation = (price * rate * max(days, 0) / Decimal(100)).quantize(
        CENT, rounding=ROUND_HALF_UP
    )
    depreciation = min(depreciation, price)
    return depreciation, price - depreciation


def proposed_price(ticket: Ticket) -> Decimal | None:
    """The list price of the unit's model as a complete unit in the catalogue, if any."""
    unit = ticket.unit
    if unit is None:
        return None
    part = (
        Part.objects.filter(is_unit=True, is_active=True, compatible_models=unit.product_model_id)
        .order_by("part_number")
        .first()
    )
    return part.price if part is not None else None


def return_offered(ticket: Ticket) -> bool:
    """The ticket page offers the return order (no exchange or return made yet)."""
    return (
        return_basis(ticket) is not None
        and not ExchangeOrder.objects.filter(ticket=ticket).exists()
        and not ReturnOrder.objects.filter(ticket=ticket).exists()
    )


@transaction.atomic
def return_create(
    *,
    by: User,
    ticket: Ticket,
    sale_price: Decimal,
    invoice_number: str = "",
    note: str = "",
    at: datetime | None = None,
) -> ReturnOrder:
    if not by.has_role(*RETURN_ROLES):  # superusers hold every role
        raise PermissionDeniedError(_("Your role may not do this."))
    if not isinstance(sale_price, Decimal) or not sale_price.is_finite():
        raise DomainError(_("Enter the sale price."), field="sale_price")
    if sale_price <= 0 or sale_price > MAX_PRICE:
        raise DomainError(_("Enter the sale price from the invoice."), field="sale_price")
    ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("unit__product_model")
        .get(pk=ticket.pk)
    )
    terms = return_basis(ticket)
    if terms is None:
        raise ConflictError(_("The warranty decision does not allow a return."), code="no_return")
    old = _old_unit(ticket)
    now = at or timezone.now()
    days = max((timezone.localdate(now) - terms.sale_date).days, 0)
    depreciation, refund = refund_amount(sale_price, terms.rate, days)
    number = next_number("RT", now)
    entry = _register_return(by, ticket, old, now, number)
    order = ReturnOrder.objects.create(
        number=number,
        ticket=ticket,
        old_unit=old,
        basis=terms.basis,
        sale_date=terms.sale_date,
        days_in_use=days,
        sale_price=sale_price.quantize(CENT, rounding=ROUND_HALF_UP),
        depreciation_rate=terms.rate,
        depreciation=depreciation,
        refund=refund,
        invoice_number=invoice_number.strip()[:64],
        note=note.strip()[:300],
        return_entry=entry,
        created_at=now,
        created_by=by,
    )
    old.status = old.Status.RETURNED
    old.save(update_fields=["status"])
    ticket_event(
        ticket,
        WorkshopEvent.REFUNDED,
        by,
        now,
        return_order=number,
        serial=old.serial,
        basis=terms.basis,
        refund=str(refund),
    )
    _notify(order, ticket)
    return order


def _old_unit(ticket: Ticket):  # type: ignore[no-untyped-def]
    from warranty.models import Unit

    if ExchangeOrder.objects.filter(ticket=ticket).exists():
        raise ConflictError(_("This ticket has an exchange order already."), code="exchanged")
    if ReturnOrder.objects.filter(ticket=ticket).exists():
        raise ConflictError(_("This ticket has a return order already."), code="returned")
    old = Unit.objects.select_for_update().get(pk=ticket.unit_id or 0)
    if old.status != Unit.Status.IN_SERVICE:
        raise ConflictError(_("The unit is no longer in service."), code="not_in_service")
    return old


def _register_return(by: User, ticket: Ticket, old, now: datetime, number: str) -> CarryIn:  # type: ignore[no-untyped-def]
    """The old unit comes back into the register and stays there."""
    return register_returned_unit(
        by,
        ticket,
        old,
        now,
        reason=CarryIn.Reason.REFUND,
        condition=str(_("Returned for a refund (return order %(number)s).") % {"number": number}),
        note=str(_("Returned unit")),
    )


def _notify(order: ReturnOrder, ticket: Ticket) -> None:
    from notifications.services import notify

    recipients = unit_return_recipients(order.old_unit, ticket)
    notify(
        sorted(set(recipients)),
        REFUND_NOTICE,
        ticket=ticket,
        payload={
            "number": ticket.number,
            "return_order": order.number,
            "serial": order.old_unit.serial,
            "refund": str(order.refund),
        },
    )
