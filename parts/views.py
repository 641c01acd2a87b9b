"""Pages of the parts store: stores and their stock, transfers, the catalogue, counts, and
the ticket page's parts panel. Thin: a form, one service, errors back on the form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.requests import request_user
from aftersales.errors import DomainError
from parts import selectors, services
from parts.forms import MinimumForm, ReceiptForm, ShipForm, TicketPartForm, TransferForm
from parts.models import StockCount
from tickets.selectors import ticket_scope

STOCK_VIEWERS = ("storekeeper", "dealer", "manager", "supervisor", "technician")
STOCK_KEEPERS = ("storekeeper", "dealer", "manager")


def _store(request: HttpRequest, code: str):  # type: ignore[no-untyped-def]
    return get_object_or_404(selectors.store_list(request_user(request)), code=code)


@role_required(*STOCK_VIEWERS)
def stores(request: HttpRequest) -> HttpResponse:
    rows = selectors.store_list(request_user(request)).annotate(
        lines=Count("levels"),
        low=Count(
            "levels", filter=Q(levels__on_hand__lt=F("levels__min_level") + F("levels__reserved"))
        ),
    )
    low = selectors.low_levels(request_user(request))[:100]
    return render(request, "parts/stores.html", {"stores": rows, "low": low})


@role_required(*STOCK_VIEWERS)
def store_detail(request: HttpRequest, code: str) -> HttpResponse:
    store = _store(request, code)
    receipt = ReceiptForm(prefix="receipt")
    minimum = MinimumForm(prefix="minimum")
    if request.method == "POST":
        kind = request.POST.get("form", "")
        try:
            if kind == "receipt":
                receipt = ReceiptForm(request.POST, prefix="receipt")
                if receipt.is_valid():
                    services.stock_receive(
                        by=request_user(request), store=store, **receipt.cleaned_data
                    )
                    messages.success(request, _("Receipt booked."))
                    return redirect("parts:store", code=store.code)
            elif kind == "minimum":
                minimum = MinimumForm(request.POST, prefix="minimum")
                if minimum.is_valid():
                    services.stock_level_set_minimum(
                        by=request_user(request), store=store, **minimum.cleaned_data
                    )
                    messages.success(request, _("Minimum level saved."))
                    return redirect("parts:store", code=store.code)
            elif kind == "count":
                count = services.stock_count_start(by=request_user(request), store=store)
                return redirect("parts:count", number=count.number)
        except DomainError as error:
            form = receipt if kind == "receipt" else minimum
            if kind == "count":
                messages.error(request, str(error.message))
            else:
                error.add_to_form(form)
    keeper = request_user(request).has_role(*STOCK_KEEPERS)
    context = {
        "store": store,
        "levels": selectors.level_list(request_user(request), store),
        "moves": selectors.move_list(request_user(request), store)[:50],
        "receipt_form": receipt if keeper else None,
        "minimum_form": minimum if keeper else None,
        "counts": store.counts.all()[:5],
    }
    return render(request, "parts/store_detail.html", context)


@role_required(*STOCK_VIEWERS)
def catalogue(request: HttpRequest) -> HttpResponse:
    return render(
        request, "parts/catalogue.html", {"parts": selectors.part_list(request_user(request))}
    )


@role_required(*STOCK_KEEPERS)
def transfers(request: HttpRequest) -> HttpResponse:
    own = selectors.store_list(request_user(request))
    form = TransferForm(request.POST or None, stores=own)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            services.transfer_request(
                by=request_user(request),
                from_store=values["from_store"],
                to_store=values["to_store"],
                lines=[(values["part"], values["quantity"])],
                note=values["note"],
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Transfer requested."))
            return redirect("parts:transfers")
    rows = selectors.transfer_list(request_user(request))[:100]
    own_ids = set(own.values_list("pk", flat=True))
    return render(
        request,
        "parts/transfers.html",
        {"transfers": rows, "form": form, "own_ids": own_ids, "ship_form": ShipForm()},
    )


@role_required(*STOCK_KEEPERS)
@require_POST
def transfer_step(request: HttpRequest, number: str, step: str) -> HttpResponse:
    transfer = get_object_or_404(selectors.transfer_list(request_user(request)), number=number)
    try:
        if step == "ship":
            form = ShipForm(request.POST)
            form.is_valid()
            services.transfer_ship(
                by=request_user(request),
                transfer=transfer,
                tracking_number=form.cleaned_data.get("tracking_number", ""),
            )
        elif step == "receive":
            services.transfer_receive(by=request_user(request), transfer=transfer)
        elif step == "cancel":
            services.transfer_cancel(by=request_user(request), transfer=transfer)
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("%(number)s: done.") % {"number": transfer.number})
    return redirect("parts:transfers")


@role_required(*STOCK_KEEPERS)
def count_detail(request: HttpRequest, number: str) -> HttpResponse:
    count = get_object_or_404(
        StockCount.objects.filter(
            store__in=selectors.store_list(request_user(request))
        ).select_related("store"),
        number=number,
    )
    lines = list(count.lines.select_related("part"))
    if request.method == "POST" and count.status == StockCount.Status.OPEN:
        counted: dict[int, int] = {}
        errors = []
        for line in lines:
            raw = request.POST.get(f"counted-{line.part_id}", "").strip()
            if raw.isdigit():
                counted[line.part_id] = int(raw)
            else:
                errors.append(line.part.part_number)
        if errors:
            messages.error(
                request, _("Enter a whole number for %(parts)s.") % {"parts": ", ".join(errors)}
            )
        else:
            try:
                services.stock_count_record(by=request_user(request), count=count, counted=counted)
                if request.POST.get("post"):
                    services.stock_count_post(by=request_user(request), count=count)
                    messages.success(request, _("Count posted; differences adjusted."))
                else:
                    messages.success(request, _("Count saved."))
            except DomainError as error:
                messages.error(request, str(error.message))
            return redirect("parts:count", number=count.number)
    return render(request, "parts/count.html", {"count": count, "lines": lines})


# --- the ticket page's parts panel --------------------------------------------------------


def ticket_panel(ticket: Any, user: Any) -> dict[str, Any] | None:
    if not user.has_role("technician", "supervisor", "dealer", "storekeeper", "manager"):
        return None
    reservations = list(
        ticket.reservations.select_related("part", "store", "transfer").order_by("pk")
    )
    used = selectors.used_on_ticket(ticket)
    if not ticket.is_open and not reservations and not used:
        return None
    return {
        "reservations": reservations,
        "used": used,
        "part_form": TicketPartForm(prefix="part") if ticket.is_open else None,
    }


@role_required("technician", "supervisor", "dealer", "storekeeper", "manager")
@require_POST
def ticket_parts(request: HttpRequest, number: str) -> HttpResponse:
    ticket = get_object_or_404(ticket_scope(request_user(request)), number=number)
    step = request.POST.get("step", "")
    try:
        if step in {"reserve", "use"}:
            form = TicketPartForm(request.POST, prefix="part")
            if not form.is_valid():
                raise DomainError(
                    _("Please correct the fields."),
                    errors={k: [str(e) for e in v] for k, v in form.errors.items()},
                )
            values = form.cleaned_data
            if step == "reserve":
                services.part_reserve(
                    by=request_user(request),
                    ticket=ticket,
                    part=values["part"],
                    quantity=values["quantity"],
                )
            else:
                services.part_use(
                    by=request_user(request),
                    ticket=ticket,
                    part=values["part"],
                    quantity=values["quantity"],
                    old_part_tag=values["old_part_tag"],
                )
        elif step in {"consume", "release"}:
            reservation = get_object_or_404(
                ticket.reservations.all(), pk=request.POST.get("reservation") or 0
            )
            if step == "consume":
                services.reservation_consume(
                    by=request_user(request),
                    reservation=reservation,
                    old_part_tag=request.POST.get("old_part_tag", ""),
                )
            else:
                services.reservation_release(by=request_user(request), reservation=reservation)
        else:
            raise Http404
    except DomainError as error:
        detail = "; ".join(" ".join(v) for v in error.as_dict().values())
        messages.error(request, detail)
    else:
        messages.success(request, _("%(number)s: done.") % {"number": ticket.number})
    return redirect("tickets:detail", number=ticket.number)
