"""Phone intake (叫修登记) and the customer lookup it uses while the agent types."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.decorators import role_required
from accounts.requests import request_user
from aftersales.errors import DomainError
from tickets import services
from tickets.forms import IntakeForm
from tickets.models import Customer
from tickets.selectors import customer_scope, ticket_list, ticket_scope
from tickets.views import INTAKE_ROLES, customers_elsewhere

# --- phone intake ------------------------------------------------------------------------


@customers_elsewhere("intake")
@role_required(*INTAKE_ROLES)
def intake(request: HttpRequest) -> HttpResponse:
    form = IntakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            customer: Customer | dict[str, Any] | None = None
            if data.get("customer_id"):
                customer = (
                    customer_scope(request_user(request))
                    .filter(pk=data["customer_id"], phone=data["phone"])
                    .first()
                )
            if customer is None or customer.name != data["customer_name"].strip():  # type: ignore[union-attr]
                customer = {
                    "name": data["customer_name"],
                    "phone": data["phone"],
                    "address": data["address"],
                    "region_class": data["region_class"],
                }
            ticket = services.ticket_intake(
                by=request_user(request),
                customer=customer,
                fault_description=data["fault_description"],
                severity=data["severity"],
                kind=data["kind"],
                channel=data["channel"],
                region_class=data["region_class"],
                product_model=data["product_model"],
                serial_number=data["serial_number"],
                received_at=data.get("received_at"),
                site_address=data["address"],
                service_type=data.get("service_type") or None,
                service_type_reason=data.get("service_type_reason") or "",
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            return redirect(f"{reverse('tickets:intake')}?created={ticket.number}")
    created = None
    if request.method == "GET" and request.GET.get("created"):
        created = (
            ticket_list(request_user(request)).filter(number=request.GET["created"][:16]).first()
        )
    if not form.is_bound:
        form.initial["received_at"] = timezone.localtime().replace(second=0, microsecond=0)
    return render(
        request,
        "tickets/intake.html",
        {"form": form, "created": created},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_GET
def customer_lookup(request: HttpRequest) -> JsonResponse:
    """Customers whose phone starts with ``phone`` and their recent tickets (for intake)."""
    phone = request.GET.get("phone", "").strip()[:40]
    if len(phone) < 3:
        return JsonResponse({"customers": []})
    customers = list(
        customer_scope(request_user(request))
        .filter(phone__startswith=phone)
        .select_related("region_class")
        .order_by("name", "pk")[:10]
    )
    recent: dict[int, list[dict[str, Any]]] = {c.pk: [] for c in customers}
    tickets = (
        ticket_scope(request_user(request))
        .filter(customer__in=customers)
        .order_by("-received_at", "-id")[:60]
    )
    for ticket in tickets:
        if len(recent[ticket.customer_id]) < 5:
            recent[ticket.customer_id].append(
                {
                    "number": ticket.number,
                    "status": ticket.get_status_display(),
                    "received_at": timezone.localtime(ticket.received_at).strftime(
                        "%Y-%m-%d %H:%M"
                    ),
                    "fault": ticket.fault_description[:80],
                    "serial_number": ticket.serial_number,
                    "product_model": ticket.product_model,
                    "url": reverse("tickets:detail", args=[ticket.number]),
                }
            )
    return JsonResponse(
        {
            "customers": [
                {
                    "id": c.pk,
                    "name": c.name,
                    "phone": c.phone,
                    "address": c.address,
                    "region_class": c.region_class.code if c.region_class else "",
                    "tickets": recent[c.pk],
                }
                for c in customers
            ]
        }
    )
