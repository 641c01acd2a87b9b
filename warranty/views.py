"""Warranty pages: units and their decision, bulk import, the dealer's cards, contracts."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.decorators import role_required
from accounts.requests import request_user
from aftersales.errors import DomainError
from tickets.selectors import customer_scope
from warranty import defaults, importing, selectors
from warranty import forms as wforms
from warranty.api.views import check_payload
from warranty.models import Unit, WarrantyRules
from warranty.services import contracts as contract_services
from warranty.services import units as unit_services

UNIT_ROLES = frozenset({"agent", "supervisor", "manager", "dealer", "technician", "appraiser"})
CARD_ROLES = frozenset({"dealer", "manager", "agent", "supervisor"})


def _can(user: Any, roles: frozenset[str]) -> bool:
    return bool(user.is_superuser or user.roles & roles)


# --- units -----------------------------------------------------------------------------


@role_required(UNIT_ROLES)
def unit_list(request: HttpRequest) -> HttpResponse:
    form = wforms.UnitSearchForm(request.GET or None)
    text = model = ""
    if form.is_valid():
        text, model = form.cleaned_data["q"], form.cleaned_data["model"]
    units = selectors.unit_search(request_user(request), text=text, model=model)
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    rules = WarrantyRules.current()
    today = timezone.localdate()
    rows = [(u, selectors.unit_card_status(u, today=today, rules=rules)) for u in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "warranty/unit_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "can_register": _can(request.user, defaults.REGISTER_ROLES),
        },
    )


def _unit_or_404(request: HttpRequest, serial: str) -> Unit:
    return get_object_or_404(selectors.unit_scope(request_user(request)), serial=serial)


@role_required(UNIT_ROLES)
def unit_detail(request: HttpRequest, serial: str) -> HttpResponse:
    unit = _unit_or_404(request, serial)
    form = wforms.UnitCheckForm(request.GET or None, policy_model=unit.product_model)
    fault_at = component = exclusion = None
    if request.GET and form.is_valid():
        day = form.cleaned_data["fault_at"]
        if day:
            fault_at = timezone.make_aware(datetime.combine(day, time(12, 0)))
        component = form.cleaned_data["component"] or None
        exclusion = form.cleaned_data["exclusion"] or None
    check = check_payload(
        unit, request_user(request), fault_at=fault_at, component=component, exclusion=exclusion
    )
    return render(
        request,
        "warranty/unit_detail.html",
        {
            "unit": unit,
            "form": form,
            "check": check,
            "card": getattr(unit, "card", None),
            "card_status": selectors.unit_card_status(unit),
            "contracts": unit.contracts.order_by("-start") if not _is_dealer(request.user) else [],
            "tickets": selectors.unit_tickets(unit, request_user(request)).select_related(
                "customer"
            )[:50],
            "can_file_card": _can(request.user, defaults.REGISTER_ROLES),
        },
    )


def _is_dealer(user: Any) -> bool:
    return not user.is_superuser and not user.organisation.is_internal


@role_required(defaults.REGISTER_ROLES)
@require_http_methods(["GET", "POST"])
def unit_register(request: HttpRequest) -> HttpResponse:
    form = wforms.UnitRegisterForm(request.POST or None, user=request_user(request))
    if request.method == "POST" and form.is_valid():
        v = form.cleaned_data
        try:
            customer = {
                "name": v["customer_name"],
                "phone": v["customer_phone"],
                "address": v["customer_address"],
            }
            unit = unit_services.unit_register(
                by=request_user(request),
                serial=v["serial"],
                product_model=v["model"],
                customer=customer,
                selling_dealer=v.get("selling_dealer"),
                sale_date=v["sale_date"],
                acceptance_date=v["acceptance_date"],
                site_address=v["site_address"],
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("Unit %(serial)s registered.") % {"serial": unit.serial})
            return redirect("warranty:unit-detail", serial=unit.serial)
    return render(request, "warranty/unit_register.html", {"form": form})


@role_required(defaults.REGISTER_ROLES)
@require_http_methods(["GET", "POST"])
def unit_import(request: HttpRequest) -> HttpResponse:
    form = wforms.ImportForm(request.POST or None, request.FILES or None)
    errors: list[importing.RowError] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = importing.units_import(
                by=request_user(request), upload=upload, filename=upload.name
            )
        except importing.ImportFailed as exc:
            errors = exc.row_errors
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("%(count)s units registered.") % {"count": count})
            return redirect("warranty:unit-list")
    return render(
        request,
        "warranty/unit_import.html",
        {
            "form": form,
            "errors": errors,
            "columns": importing.COLUMNS,
        },
    )


@role_required(defaults.REGISTER_ROLES)
def unit_import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        "\ufeff" + importing.template_csv(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="units-template.csv"'
    return response


# --- cards -----------------------------------------------------------------------------


@role_required(CARD_ROLES)
@require_http_methods(["GET", "POST"])
def card_list(request: HttpRequest) -> HttpResponse:
    initial = {"serial": request.GET.get("serial", ""), "filed_on": timezone.localdate()}
    form = wforms.CardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        v = form.cleaned_data
        unit = (
            selectors.unit_scope(request_user(request)).filter(serial=v["serial"].strip()).first()
        )
        if unit is None:
            form.add_error("serial", _("No unit with this serial number among your sales."))
        else:
            try:
                unit_services.card_file(
                    by=request_user(request),
                    unit=unit,
                    customer_name=v["customer_name"],
                    customer_phone=v["customer_phone"],
                    customer_address=v["customer_address"],
                    invoice_number=v["invoice_number"],
                    filed_on=v["filed_on"],
                )
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                messages.success(
                    request, _("Warranty card of %(serial)s filed.") % {"serial": unit.serial}
                )
                return redirect("warranty:card-list")
    watch = selectors.card_watch(request_user(request))
    return render(
        request,
        "warranty/card_list.html",
        {
            "form": form,
            "watch": watch,
            "rules": WarrantyRules.current(),
            "recent": selectors.card_scope(request_user(request))[:20],
        },
    )


# --- contracts -------------------------------------------------------------------------


@role_required(defaults.CONTRACT_ROLES)
def contract_list(request: HttpRequest) -> HttpResponse:
    contracts = selectors.contract_scope(request_user(request)).order_by("end", "number")
    text = request.GET.get("q", "").strip()
    if text:
        contracts = contracts.filter(number__icontains=text) | contracts.filter(
            customer__name__icontains=text
        )
    page = Paginator(contracts, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "warranty/contract_list.html",
        {
            "page": page,
            "q": text,
            "today": timezone.localdate(),
        },
    )


@role_required(defaults.CONTRACT_ROLES)
@require_http_methods(["GET", "POST"])
def contract_create(request: HttpRequest) -> HttpResponse:
    form = wforms.ContractForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        v = form.cleaned_data
        customer = (
            customer_scope(request_user(request)).filter(phone=v["customer_phone"].strip()).first()
        )
        serials = form.serials()
        units = list(selectors.unit_scope(request_user(request)).filter(serial__in=serials))
        unknown = sorted(set(serials) - {u.serial for u in units})
        if customer is None:
            form.add_error("customer_phone", _("No customer with this phone."))
        elif unknown:
            form.add_error(
                "units", _("Unknown units: %(serials)s") % {"serials": ", ".join(unknown)}
            )
        else:
            try:
                contract = contract_services.contract_create(
                    by=request_user(request),
                    number=v["number"],
                    customer=customer,
                    units=units,
                    start=v["start"],
                    end=v["end"],
                    visits_per_year=v["visits_per_year"],
                    price=v["price"],
                    account_manager=v["account_manager"],
                    note=v["note"],
                )
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                messages.success(
                    request, _("Contract %(number)s created.") % {"number": contract.number}
                )
                return redirect("warranty:contract-detail", pk=contract.pk)
    return render(request, "warranty/contract_form.html", {"form": form, "renewing": None})


def _contract_or_404(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    return get_object_or_404(selectors.contract_scope(request_user(request)), pk=pk)


@role_required(defaults.CONTRACT_ROLES)
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract_or_404(request, pk)
    return render(
        request,
        "warranty/contract_detail.html",
        {
            "contract": contract,
            "units": contract.units.select_related("product_model").order_by("serial"),
            "visits": contract.visits.select_related("ticket").order_by("scheduled_date"),
            "renewal": getattr(contract, "renewal", None),
        },
    )


@role_required(defaults.CONTRACT_ROLES)
@require_http_methods(["GET", "POST"])
def contract_renew(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract_or_404(request, pk)
    form = wforms.RenewForm(
        request.POST or None, initial=contract_services.renewal_defaults(contract)
    )
    if request.method == "POST" and form.is_valid():
        try:
            renewal = contract_services.contract_renew(
                by=request_user(request), contract=contract, **form.cleaned_data
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(
                request, _("Contract %(number)s created.") % {"number": renewal.number}
            )
            return redirect("warranty:contract-detail", pk=renewal.pk)
    return render(request, "warranty/contract_form.html", {"form": form, "renewing": contract})
