"""Dealer pages: repair records."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.decorators import role_required
from accounts.requests import request_user
from aftersales.errors import DomainError
from dealers import selectors
from dealers.forms import (
    PartFormSet,
    RecordForm,
)
from dealers.services.profiles import (
    certified_technicians,
)
from dealers.services.records import repair_record_file
from dealers.views.common import (
    DEALER,
    RECORD_ROLES,
    _own_dealer,
    _page,
)
from tickets.events import TicketEventCode
from tickets.selectors import ticket_list


@role_required(RECORD_ROLES)
def record_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.record_scope(request_user(request)).order_by("-filed_at", "-pk")
    return render(request, "dealers/record_list.html", {"page": _page(request, rows)})


@role_required(RECORD_ROLES)
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(selectors.record_detail_scope(request_user(request)), pk=pk)
    return render(request, "dealers/record_detail.html", {"record": record})


def _parts_from(formset: Any) -> list[dict[str, Any]]:
    out = []
    for data in formset.cleaned_data:
        if data and data.get("part_number"):
            out.append(
                {
                    **data,
                    "quantity": data.get("quantity") or Decimal("1"),
                    "unit_price": data.get("unit_price") or Decimal("0"),
                }
            )
    return out


@role_required(DEALER)
@require_http_methods(["GET", "POST"])
def record_new(request: HttpRequest, number: str) -> HttpResponse:
    ticket = get_object_or_404(ticket_list(request_user(request)), number=number)
    dealer = _own_dealer(request_user(request))
    if dealer is None:
        raise Http404
    technicians = certified_technicians(dealer)
    check_in = ticket.events.filter(code=TicketEventCode.CHECK_IN).order_by("at").first()
    initial = {
        "technician": ticket.technician_id,
        "visit_date": timezone.localdate(check_in.at) if check_in else timezone.localdate(),
        "customer_signed_name": ticket.signed_by_name or ticket.customer.name,
        "labour_hours": sum((e.hours for e in ticket.labour.all()), Decimal("0")) or None,
    }
    parts_initial = [
        {
            "part_number": p.part_number,
            "name": p.name,
            "quantity": p.quantity,
            "unit_price": p.unit_price,
            # as the ticket recorded it: ticked with no tag, the form could not be sent as given
            "old_part_retained": p.old_part_retained,
            "tag_number": p.old_part_tag,
        }
        for p in ticket.parts.all()
    ]
    if request.method == "POST":
        form = RecordForm(request.POST, request.FILES, technicians=technicians)
        formset = PartFormSet(request.POST, prefix="parts")
    else:
        form = RecordForm(initial=initial, technicians=technicians)
        formset = PartFormSet(prefix="parts", initial=parts_initial)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        values = dict(form.cleaned_data)
        photos = values.pop("photos") or []
        try:
            record = repair_record_file(
                by=request_user(request),
                ticket=ticket,
                parts=_parts_from(formset),
                photos=photos,
                **values,
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(
                request, _("Repair record %(number)s filed.") % {"number": record.number}
            )
            return redirect("dealers:record-detail", pk=record.pk)
    return render(
        request,
        "dealers/record_form.html",
        {
            "ticket": ticket,
            "form": form,
            "formset": formset,
        },
    )
