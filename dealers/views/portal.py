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
                (t, ArrangeForm(technicians=technicians, auto_id=f"id_{t.number}_%s"))
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
    )


@role_required(DEALER)
@require_POST
def arrange(request: HttpRequest, number: str) -> HttpResponse:
    ticket = get_object_or_404(ticket_list(request_user(request)), number=number)
    dealer = _own_dealer(request_user(request))
    form = ArrangeForm(
        request.POST, technicians=certified_technicians(dealer) if dealer else User.objects.none()
    )
    if form.is_valid():
        try:
            dealer_arrange(ticket=ticket, by=request_user(request), **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, " ".join(exc.messages()))
        else:
            messages.success(
                request,
                _("Ticket %(number)s arranged; the customer has been told.")
                % {"number": ticket.number},
            )
    else:
        messages.error(request, _("Choose a certified technician."))
    return redirect("dealers:portal")
