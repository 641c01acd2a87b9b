"""Paid service: the quote the customer approves before work starts (the ticket waits for the
customer meanwhile, which pauses its resolution clock), and the final service bill from the
parts actually used and the hours worked."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from aftersales.errors import ConflictError, DomainError, PermissionDeniedError
from parts.models import Part
from parts.services.common import next_number
from parts.services.tickets import ticket_event
from tickets.actions import available_actions, perform_action
from tickets.models import Status, Ticket
from workshop.events import WorkshopEvent
from workshop.models import Quote, QuoteLine, ServiceBill
from workshop.pricing import cents, pricing_for
from workshop.services.carry_in import MAX_SIGNATURE

PAID = "A"
QUOTE_ROLES = frozenset({"supervisor", "agent", "dealer", "technician", "manager"})


def _require_role(by: User) -> None:
    if not by.is_superuser and not by.has_role(*QUOTE_ROLES):
        raise PermissionDeniedError(_("Your role may not do this."))


def _act_if_allowed(
    ticket: Ticket, by: User, action: str, note: str, at: datetime | None = None
) -> bool:
    ticket.refresh_from_db()
    if any(rule.action == action for rule in available_actions(ticket, by)):
        data = {"note": note, "reason": note}
        perform_action(ticket=ticket, by=by, action=action, data=data, at=at)
        return True
    return False


def _check_quote(
    ticket: Ticket, lines: Sequence[tuple[Part, int]], hours: Decimal, travel_km: Decimal
) -> None:
    """Only paid service is quoted, one quote waits at a time, and the figures are sane."""
    if ticket.service_type != PAID:
        raise ConflictError(_("Only paid service (type A) is quoted."), code="not_paid")
    if ticket.quotes.filter(status=Quote.Status.AWAITING).exists():
        raise ConflictError(_("A quote is already waiting for approval."), code="quote_waiting")
    if not Decimal("0") <= hours <= Decimal("999"):
        raise DomainError(_("Enter the hours (0 to 999)."), field="hours")
    if not Decimal("0") <= travel_km <= Decimal("99999"):
        raise DomainError(_("Enter the distance (0 to 99999 km)."), field="travel_km")
    for _part, quantity in lines:
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            raise DomainError(_("Enter a whole number of at least 1."), field="lines")


@transaction.atomic
def quote_create(
    *,
    by: User,
    ticket: Ticket,
    lines: Sequence[tuple[Part, int]],
    hours: Decimal,
    travel_km: Decimal = Decimal("0"),
    note: str = "",
    at: datetime | None = None,
) -> Quote:
    """Price the work and send the quote: the ticket waits for the customer's approval."""
    _require_role(by)
    ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("unit__product_model")
        .get(pk=ticket.pk)
    )
    _check_quote(ticket, lines, hours, travel_km)
    pricing = pricing_for(ticket)
    now = at or timezone.now()
    priced = [(part, q, pricing.part_price(part)) for part, q in lines]
    parts_total = cents(sum((price * q for _p, q, price in priced), start=Decimal("0")))
    labour_total = cents(hours * pricing.labour_rate)
    travel_total = cents(travel_km * pricing.travel_rate)
    quote = Quote.objects.create(
        number=next_number("QT", now),
        ticket=ticket,
        parts_charge=pricing.parts_charge,
        hours=hours,
        labour_rate=pricing.labour_rate,
        labour_rate_standard=pricing.standard_rate,
        labour_cap=pricing.cap,
        travel_km=travel_km,
        travel_rate=pricing.travel_rate,
        parts_total=parts_total,
        labour_total=labour_total,
        travel_total=travel_total,
        total=parts_total + labour_total + travel_total,
        note=note.strip()[:300],
        created_at=now,
        created_by=by,
    )
    QuoteLine.objects.bulk_create(
        QuoteLine(quote=quote, part=part, quantity=q, unit_price=price, amount=cents(price * q))
        for part, q, price in priced
    )
    ticket_event(
        ticket, WorkshopEvent.QUOTE_SENT, by, now, quote=quote.number, total=str(quote.total)
    )
    reason = str(_("Quote %(number)s sent for approval")) % {"number": quote.number}
    if not _act_if_allowed(ticket, by, "wait_customer", reason, now):
        raise ConflictError(
            _("The ticket cannot wait for the customer while it is %(status)s.")
            % {"status": ticket.get_status_display()},
            code="illegal_transition",
        )
    return quote


@transaction.atomic
def quote_decide(
    *,
    by: User,
    quote: Quote,
    approved: bool,
    signed_by_name: str = "",
    signature: str = "",
    at: datetime | None = None,
) -> Quote:
    """Record the customer's answer (approval with their signature); work resumes and the
    resolution clock runs again."""
    _require_role(by)
    quote = Quote.objects.select_for_update().select_related("ticket").get(pk=quote.pk)
    if quote.status != Quote.Status.AWAITING:
        raise ConflictError(
            _("Quote %(number)s is %(status)s.")
            % {"number": quote.number, "status": quote.get_status_display()},
            code="illegal_transition",
        )
    if approved and not signed_by_name.strip():
        raise DomainError(_("Who approved the quote?"), field="signed_by_name")
    if len(signature) > MAX_SIGNATURE or (signature and not signature.startswith("data:image/")):
        raise DomainError(_("The signature is not a drawn image."), field="signature")
    now = at or timezone.now()
    quote.status = Quote.Status.APPROVED if approved else Quote.Status.REJECTED
    quote.decided_at = now
    quote.signed_by_name = signed_by_name.strip()[:100]
    quote.signature = signature
    quote.save(update_fields=["status", "decided_at", "signed_by_name", "signature"])
    code = WorkshopEvent.QUOTE_APPROVED if approved else WorkshopEvent.QUOTE_REJECTED
    ticket = quote.ticket
    ticket_event(ticket, code, by, now, quote=quote.number, signed_by_name=quote.signed_by_name)
    ticket.refresh_from_db()
    if ticket.status == Status.WAITING_CUSTOMER:
        _act_if_allowed(ticket, by, "resume", quote.number, now)
    return quote


def require_approved_quote(ticket: Ticket) -> None:
    """Paid work starts only after the customer approved a quote (a check the parts store
    runs before a part is taken for a ticket)."""
    if ticket.service_type != PAID:
        return
    if not ticket.quotes.filter(status=Quote.Status.APPROVED).exists():
        raise ConflictError(
            _("Paid service: the customer must approve a quote before work starts."),
            code="quote_not_approved",
        )


def bill_lines(ticket: Ticket) -> dict[str, Any]:
    """The service bill of ``ticket`` as it stands: the parts actually used, the hours worked
    at the approved (capped) rate, the quoted travel."""
    quote = ticket.quotes.filter(status=Quote.Status.APPROVED).order_by("-decided_at").first()
    rate = quote.labour_rate if quote else pricing_for(ticket).labour_rate
    lines = [
        {
            "part_number": p.part_number,
            "name": p.name,
            "quantity": str(p.quantity),
            "unit_price": str(p.unit_price),
            "amount": str(p.amount),
        }
        for p in ticket.parts.all()
    ]
    hours = sum((entry.hours for entry in ticket.labour.all()), start=Decimal("0"))
    parts_total = cents(sum((Decimal(line["amount"]) for line in lines), start=Decimal("0")))
    labour_total = cents(hours * rate)
    travel_total = quote.travel_total if quote else Decimal("0.00")
    return {
        "quote": quote,
        "lines": lines,
        "hours": hours,
        "labour_rate": rate,
        "parts_total": parts_total,
        "labour_total": labour_total,
        "travel_total": travel_total,
        "total": parts_total + labour_total + travel_total,
    }


@transaction.atomic
def bill_issue(*, by: User, ticket: Ticket, at: datetime | None = None) -> ServiceBill:
    _require_role(by)
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.service_type != PAID:
        raise ConflictError(_("Only paid service (type A) is billed."), code="not_paid")
    if ServiceBill.objects.filter(ticket=ticket).exists():
        raise ConflictError(_("The bill has been issued already."), code="bill_issued")
    now = at or timezone.now()
    figures = bill_lines(ticket)
    bill = ServiceBill.objects.create(
        number=next_number("SB", now),
        ticket=ticket,
        issued_at=now,
        issued_by=by,
        **figures,
    )
    ticket_event(
        ticket, WorkshopEvent.BILL_ISSUED, by, now, bill=bill.number, total=str(bill.total)
    )
    return bill
