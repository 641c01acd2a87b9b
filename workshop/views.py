"""Workshop pages: the register, an entry with its printable receipt and repair card (QR),
standby units, quotes and the service bill (printable), and the ticket page's panel."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.requests import request_user
from aftersales.errors import DomainError
from attachments.selectors import attachments_of
from parts.selectors import store_list
from tickets.selectors import ticket_scope
from workshop import selectors
from workshop.forms import (
    DecideForm,
    ExchangeForm,
    FactoryForm,
    LendForm,
    QuoteForm,
    ReceiveForm,
    RefundForm,
    ReturnForm,
)
from workshop.models import CarryIn, Quote, ReturnOrder, ServiceBill, StandbyUnit
from workshop.qr import qr_svg
from workshop.services import carry_in as carry
from workshop.services import exchange, quotes, refund, standby

ROLES = ("technician", "supervisor", "dealer", "agent", "manager")
#: Return orders are read by finance too (it pays the refund).
RETURN_READERS = (*ROLES, "finance")


def _form_error(request: HttpRequest, error: DomainError) -> None:
    messages.error(request, "; ".join(" ".join(v) for v in error.as_dict().values()))


def _invalid(form: Any) -> DomainError:
    return DomainError(
        _("Please correct the fields."),
        errors={k: [str(e) for e in v] for k, v in form.errors.items()},
    )


@role_required(*ROLES)
def register(request: HttpRequest) -> HttpResponse:
    entries = selectors.carry_in_list(request_user(request))
    context = {
        "in_house": entries.filter(status__in=selectors.OPEN).order_by("promised_at", "pk"),
        "recent": entries.exclude(status__in=selectors.OPEN)[:30],
        "loans": selectors.loan_list(request_user(request)).filter(returned_at__isnull=True),
        "quotes": selectors.quote_list(request_user(request)).filter(status=Quote.Status.AWAITING),
        "returns": selectors.return_list(request_user(request))[:30],
        "now": timezone.now(),
    }
    return render(request, "workshop/register.html", context)


def _entry(request: HttpRequest, number: str) -> CarryIn:
    return get_object_or_404(selectors.carry_in_list(request_user(request)), number=number)


def _ticket_url(request: HttpRequest, number: str) -> str:
    return request.build_absolute_uri(reverse("tickets:detail", args=[number]))


@role_required(*ROLES)
def entry_detail(request: HttpRequest, number: str) -> HttpResponse:
    entry = _entry(request, number)
    if request.method == "POST":
        step = request.POST.get("step", "")
        try:
            _entry_step(request, entry, step)
        except DomainError as error:
            _form_error(request, error)
        else:
            messages.success(request, _("%(number)s: done.") % {"number": entry.number})
        return redirect("workshop:entry", number=entry.number)
    context = {
        "entry": entry,
        "movements": entry.movements.select_related("by"),
        "factory_form": FactoryForm(),
        "return_form": ReturnForm(),
    }
    return render(request, "workshop/entry.html", context)


def _entry_step(request: HttpRequest, entry: CarryIn, step: str) -> None:
    if step == "factory":
        form = FactoryForm(request.POST)
        if not form.is_valid():
            raise _invalid(form)
        carry.carry_in_send_to_factory(by=request_user(request), entry=entry, **form.cleaned_data)
    elif step == "back":
        carry.carry_in_back_from_factory(
            by=request_user(request), entry=entry, note=request.POST.get("note", "")
        )
    elif step == "return":
        returned = ReturnForm(request.POST)
        if not returned.is_valid():
            raise _invalid(returned)
        carry.carry_in_return(by=request_user(request), entry=entry, **returned.cleaned_data)
    else:
        raise Http404


@role_required(*ROLES)
def entry_print(request: HttpRequest, number: str, kind: str) -> HttpResponse:
    """The customer's receipt (收件单) or the repair card (维修卡) tied to the unit."""
    if kind not in {"receipt", "card"}:
        raise Http404
    entry = _entry(request, number)
    context = {
        "entry": entry,
        "ticket": entry.ticket,
        "qr": qr_svg(_ticket_url(request, entry.ticket.number)),
        "kind": kind,
        "photos": [a for a in attachments_of(entry) if a.servable and a.is_image and a.thumbnail],
    }
    return render(request, f"workshop/print_{kind}.html", context)


@role_required(*ROLES)
def standby_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        loan = get_object_or_404(
            selectors.loan_list(request_user(request)), pk=request.POST.get("loan") or 0
        )
        try:
            standby.standby_return(
                by=request_user(request), loan=loan, note=request.POST.get("note", "")
            )
        except DomainError as error:
            _form_error(request, error)
        else:
            messages.success(
                request, _("Standby unit %(serial)s is back.") % {"serial": loan.unit.serial}
            )
        return redirect("workshop:standby")
    units = selectors.standby_units(request_user(request))
    open_loans = {
        loan.unit_id: loan
        for loan in selectors.loan_list(request_user(request)).filter(returned_at__isnull=True)
    }
    rows = [(unit, open_loans.get(unit.pk)) for unit in units]
    return render(request, "workshop/standby.html", {"rows": rows})


@role_required(*ROLES)
def quote_detail(request: HttpRequest, number: str) -> HttpResponse:
    quote = get_object_or_404(selectors.quote_list(request_user(request)), number=number)
    form = DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            quotes.quote_decide(
                by=request_user(request),
                quote=quote,
                approved=request.POST.get("decision") == "approve",
                **form.cleaned_data,
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("%(number)s: done.") % {"number": quote.number})
            return redirect("workshop:quote", number=quote.number)
    context = {"quote": quote, "ticket": quote.ticket, "form": form}
    return render(request, "workshop/quote.html", context)


@role_required(*RETURN_READERS)
def return_list(request: HttpRequest) -> HttpResponse:
    """Return orders (包退) in the user's ticket scope, newest first."""
    orders = selectors.return_list(request_user(request))[:200]
    return render(request, "workshop/returns.html", {"orders": orders})


@role_required(*RETURN_READERS)
def return_detail(request: HttpRequest, number: str) -> HttpResponse:
    """A return order (包退): the refund and how it was reached, printable."""
    order = get_object_or_404(selectors.return_list(request_user(request)), number=number)
    return render(request, "workshop/return.html", {"order": order, "ticket": order.ticket})


def refund_details(payload: dict[str, Any]) -> list[str]:
    """The timeline's lines under a return event."""
    from aftersales.templatetags.money import money

    number, amount = payload.get("return_order", ""), payload.get("refund")
    return [f"{_('Return order')}: {number} · {_('Refund')}: {money(amount)}"] if number else []


@role_required(*ROLES)
def bill(request: HttpRequest, number: str) -> HttpResponse:
    ticket = get_object_or_404(ticket_scope(request_user(request)), number=number)
    if request.method == "POST":
        try:
            quotes.bill_issue(by=request_user(request), ticket=ticket)
        except DomainError as error:
            _form_error(request, error)
        return redirect("workshop:bill", number=ticket.number)
    issued = ServiceBill.objects.filter(ticket=ticket).first()
    figures = (
        {
            "lines": issued.lines,
            "hours": issued.hours,
            "labour_rate": issued.labour_rate,
            "parts_total": issued.parts_total,
            "labour_total": issued.labour_total,
            "travel_total": issued.travel_total,
            "total": issued.total,
        }
        if issued
        else quotes.bill_lines(ticket)
    )
    context = {"ticket": ticket, "issued": issued, "paid": ticket.service_type == "A", **figures}
    return render(request, "workshop/bill.html", context)


# --- the ticket page's workshop panel ------------------------------------------------------


def ticket_panel(ticket: Any, user: Any) -> dict[str, Any] | None:
    if not user.has_role(*ROLES):
        return None
    entries = list(ticket.carry_ins.order_by("-received_at", "-pk"))
    loans = list(ticket.standby_loans.select_related("unit"))
    ticket_quotes = list(ticket.quotes.all())
    in_house = any(e.in_house for e in entries)
    lending = not any(loan.returned_at is None for loan in loans) and ticket.is_open
    units = selectors.standby_units(user).filter(status=StandbyUnit.Status.AVAILABLE)
    returned = ReturnOrder.objects.filter(ticket=ticket).first()
    due = exchange.exchange_due(ticket) and not hasattr(ticket, "exchange_order") and not returned
    deciders = user.has_role(*refund.RETURN_ROLES)  # superusers hold every role
    terms = refund.return_basis(ticket) if deciders and refund.return_offered(ticket) else None
    return {
        "entries": entries,
        "loans": loans,
        "quotes": ticket_quotes,
        "receive_form": ReceiveForm(prefix="rx") if ticket.is_open and not in_house else None,
        "lend_form": LendForm(prefix="lend", units=units) if lending else None,
        "quote_form": (
            QuoteForm(prefix="qt")
            if ticket.is_open
            and ticket.service_type == "A"
            and not any(q.status == Quote.Status.AWAITING for q in ticket_quotes)
            else None
        ),
        "exchange_form": (
            ExchangeForm(prefix="ex", stores=store_list(user))
            if due and user.has_role(*exchange.EXCHANGE_ROLES)
            else None
        ),
        "exchange": getattr(ticket, "exchange_order", None),
        "return_order": returned,
        "return_terms": terms,
        "refund_form": (
            RefundForm(prefix="rf", initial={"sale_price": refund.proposed_price(ticket)})
            if terms is not None
            else None
        ),
        "paid": ticket.service_type == "A",
    }


@role_required(*ROLES)
@require_POST
def ticket_step(request: HttpRequest, number: str, step: str) -> HttpResponse:
    ticket = get_object_or_404(ticket_scope(request_user(request)), number=number)
    try:
        target = _ticket_step(request, ticket, step)
    except DomainError as error:
        _form_error(request, error)
        return redirect("tickets:detail", number=ticket.number)
    messages.success(request, _("%(number)s: done.") % {"number": ticket.number})
    return redirect(target)


def _ticket_step(request: HttpRequest, ticket: Any, step: str) -> str:
    user = request_user(request)
    if step == "receive":
        form = ReceiveForm(request.POST, request.FILES, prefix="rx")
        if not form.is_valid():
            raise _invalid(form)
        entry = carry.carry_in_receive(by=user, ticket=ticket, **form.cleaned_data)
        return reverse("workshop:entry", args=[entry.number])
    if step == "lend":
        lend = LendForm(request.POST, prefix="lend", units=selectors.standby_units(user))
        if not lend.is_valid():
            raise _invalid(lend)
        standby.standby_lend(by=user, ticket=ticket, **lend.cleaned_data)
    elif step == "quote":
        quoted = QuoteForm(request.POST, prefix="qt")
        if not quoted.is_valid():
            raise _invalid(quoted)
        quote = quotes.quote_create(
            by=user,
            ticket=ticket,
            lines=quoted.lines(),
            hours=quoted.cleaned_data["hours"],
            travel_km=quoted.cleaned_data["travel_km"] or Decimal("0"),
            note=quoted.cleaned_data["note"],
        )
        return reverse("workshop:quote", args=[quote.number])
    elif step == "exchange":
        swap = ExchangeForm(request.POST, prefix="ex", stores=store_list(user))
        if not swap.is_valid():
            raise _invalid(swap)
        exchange.exchange_create(by=user, ticket=ticket, **swap.cleaned_data)
    elif step == "refund":
        refunding = RefundForm(request.POST, prefix="rf")
        if not refunding.is_valid():
            raise _invalid(refunding)
        order = refund.return_create(by=user, ticket=ticket, **refunding.cleaned_data)
        return reverse("workshop:return", args=[order.number])
    else:
        raise Http404
    return reverse("tickets:detail", args=[ticket.number])
