"""Dealer pages: the portal."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.models import User
from accounts.requests import request_user
from aftersales.errors import DomainError
from dealers import selectors
from dealers.forms import (
    ArrangeForm,
)
from dealers.models import (
    PartsShipment,
)
from dealers.services.profiles import (
    certified_technicians,
)
from dealers.services.records import dealer_arrange
from dealers.views.common import (
    DEALER,
    _own_dealer,
)
from tickets.selectors import ticket_list


@role_required(DEALER)
def portal(request: HttpRequest) -> HttpResponse:
    return _portal_page(request)


def _portal_page(
    request: HttpRequest, failed: tuple[str, ArrangeForm] | None = None, status: int = 200
) -> HttpResponse:
    """The portal; ``failed`` is a refused arrangement (ticket number, bound form with its
    errors), shown in that ticket's row with what was entered."""
    user = request_user(request)
    dealer = _own_dealer(user)
    technicians = certified_technicians(dealer) if dealer else User.objects.none()
    forwarded = list(selectors.forwarded_tickets(user)[:50])
    latest = selectors.assessment_scope(user).order_by("-month").first()
    return render(
        request,
        "dealers/portal.html",
        {
            "dealer": dealer,
            "forwarded": [
                (
                    t,
                    failed[1]
                    if failed and failed[0] == t.number
                    else ArrangeForm(technicians=technicians, auto_id=f"id_{t.number}_%s"),
                )
                for t in forwarded
            ],
            "to_record": selectors.dealer_open_tickets(user)[:20],
            "records": selectors.record_scope(user).order_by("-filed_at")[:10],
            "claims": selectors.claim_scope(user).order_by("-created_at")[:10],
            "shipments": selectors.shipment_scope(user)
            .exclude(status=PartsShipment.Status.DELIVERED)
            .order_by("due_at", "-requested_at")[:10],
            "statements": selectors.statement_scope(user).order_by("-year", "-quarter")[:4],
            "assessment": latest,
            "balance": selectors.ledger_balance(user, dealer) if dealer else None,
            "has_technicians": technicians.exists(),
        },
        status=status,
    )


@role_required(DEALER)
@require_POST
def arrange(request: HttpRequest, number: str) -> HttpResponse:
    ticket = get_object_or_404(ticket_list(request_user(request)), number=number)
    dealer = _own_dealer(request_user(request))
    form = ArrangeForm(
        request.POST,
        technicians=certified_technicians(dealer) if dealer else User.objects.none(),
        auto_id=f"id_{ticket.number}_%s",
    )
    if not form.is_valid():
        return _portal_page(request, failed=(ticket.number, form), status=400)
    try:
        dealer_arrange(ticket=ticket, by=request_user(request), **form.cleaned_data)
    except DomainError as exc:
        exc.add_to_form(form)
        return _portal_page(request, failed=(ticket.number, form), status=exc.http_status)
    messages.success(
        request,
        _("Ticket %(number)s arranged; the customer has been told.") % {"number": ticket.number},
    )
    return redirect("dealers:portal")
