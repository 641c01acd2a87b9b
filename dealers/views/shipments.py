"""Dealer pages: parts shipments."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.requests import request_user
from aftersales.errors import DomainError
from dealers import selectors
from dealers.forms import (
    ShipmentRequestForm,
)
from dealers.services.shipments import shipment_advance, shipment_request
from dealers.views.common import (
    SHIPMENT_ROLES,
    _own_dealer,
    _page,
)
from tickets.selectors import ticket_list


@role_required(SHIPMENT_ROLES)
@require_http_methods(["GET", "POST"])
def shipment_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    dealer = _own_dealer(user)
    form = ShipmentRequestForm(request.POST or None) if dealer else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            values = form.cleaned_data
            ticket = None
            if values["ticket"]:
                ticket = ticket_list(user).filter(number=values["ticket"].strip()).first()
            try:
                if values["ticket"] and ticket is None:
                    raise DomainError(_("Unknown or not yours."), field="ticket")
                shipment_request(
                    by=user,
                    dealer=dealer,  # type: ignore[arg-type]
                    ticket=ticket,
                    items=[
                        {
                            "part_number": values["part_number"],
                            "name": values["name"],
                            "quantity": values["quantity"],
                            "unit_price": "0",
                        }
                    ],
                )
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                messages.success(request, _("Parts requested."))
                return redirect("dealers:shipment-list")
    rows = selectors.shipment_scope(user).order_by("-requested_at", "-pk")
    return render(
        request,
        "dealers/shipment_list.html",
        {
            "page": _page(request, rows),
            "form": form,
            "now": timezone.now(),
            "overdue": selectors.overdue_shipments(user),
        },
    )


@role_required(SHIPMENT_ROLES)
@require_POST
def shipment_act(request: HttpRequest, pk: int) -> HttpResponse:
    shipment = get_object_or_404(selectors.shipment_scope(request_user(request)), pk=pk)
    try:
        shipment_advance(
            by=request_user(request),
            shipment=shipment,
            action=request.POST.get("action", ""),
            tracking_number=request.POST.get("tracking_number", ""),
            carrier=request.POST.get("carrier", ""),
        )
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages()))
    else:
        done = {
            "verify": _("Replacement list verified: shipment %(number)s"),
            "ship": _("Parts shipped: shipment %(number)s"),
            "deliver": _("Delivery confirmed: shipment %(number)s"),
        }
        action = request.POST.get("action", "")
        messages.success(
            request, done.get(action, _("Done: shipment %(number)s")) % {"number": shipment.number}
        )
    return redirect(
        request.POST.get("back") == "appraisal" and "dealers:appraisal" or "dealers:shipment-list"
    )
