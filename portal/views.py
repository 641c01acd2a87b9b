"""The customer portal's pages: home (units, requests), report a fault, one request.

Every read goes through the customer's scope (another customer's request is a 404, exactly
like one that does not exist) and every write through the intake service or the workflow.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.requests import request_user
from aftersales.errors import DomainError
from portal import selectors, services
from portal.customer_actions import ADD_INFO, CONFIRM_REPAIR, repair_confirmed
from portal.forms import ReportForm
from portal.surveys import survey_url_for
from tickets.actions import available_actions
from tickets.models import Ticket
from warranty.selectors import unit_scope

CUSTOMER = "customer"
VOUCHER_STATUSES = {"restored", "resolved", "visited", "closed"}


@role_required(CUSTOMER)
def home(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    return render(
        request,
        "portal/home.html",
        {
            "units": selectors.my_units(user),
            "requests": [
                {"ticket": t, "status": selectors.status_words(t.status)}
                for t in selectors.my_requests(user)[:50]
            ],
        },
    )


@role_required(CUSTOMER)
def report(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    units = unit_scope(user).order_by("serial")
    initial = None
    if request.method == "GET":
        serials = list(units.values_list("serial", flat=True)[:2])
        only = serials[0] if len(serials) == 1 else ""
        initial = {"unit": request.GET.get("unit", only)[:64]}
    form = ReportForm(request.POST or None, request.FILES or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ticket = services.fault_report(
                by=user,
                fault_description=data["fault_description"],
                severity=data["severity"],
                serial_number=data["serial_number"],
                product_model=data.get("product_model", ""),
                contact_phone=data.get("contact_phone", ""),
                preferred_visit_at=data.get("preferred_visit_at"),
                language=get_language() or "",
                photos=data.get("photos") or [],
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            return redirect(f"{reverse('portal:request', args=[ticket.number])}?created=1")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "portal/report.html", {"form": form}, status=status)


def _get(request: HttpRequest, number: str) -> Ticket:
    ticket = selectors.my_request(request_user(request), number[:16])
    if ticket is None:
        raise Http404
    return ticket


def _request_context(request: HttpRequest, ticket: Ticket) -> dict[str, object]:
    user = request_user(request)
    allowed = {rule.action for rule in available_actions(ticket, user)}
    if CONFIRM_REPAIR in allowed and repair_confirmed(ticket):
        allowed.discard(CONFIRM_REPAIR)
    return {
        "ticket": ticket,
        "status": selectors.status_words(ticket.status),
        "steps": selectors.customer_timeline(ticket, user),
        "allowed": allowed,
        "created": request.GET.get("created") == "1" and ticket.status == "registered",
        "voucher": ticket.status in VOUCHER_STATUSES,
        "survey_url": survey_url_for(ticket),
    }


@role_required(CUSTOMER)
def request_detail(request: HttpRequest, number: str) -> HttpResponse:
    ticket = _get(request, number)
    return render(request, "portal/request.html", _request_context(request, ticket))


@role_required(CUSTOMER)
@require_POST
def request_act(request: HttpRequest, number: str) -> HttpResponse:
    ticket = _get(request, number)
    action = request.POST.get("action", "")[:32]
    data = {k: v for k, v in request.POST.items() if k in {"note", "reason"}}
    try:
        services.customer_act(ticket=ticket, by=request_user(request), action=action, data=data)
    except DomainError as error:
        context = _request_context(request, _get(request, number))
        context.update(failed=action, errors=error.messages)
        return render(request, "portal/request.html", context, status=error.http_status)
    done = {
        ADD_INFO: _("Thank you: your message is on the request."),
        CONFIRM_REPAIR: _("Thank you for confirming the repair."),
        "reopen": _("The request is open again; we will be in touch."),
    }
    messages.success(request, done.get(action, _("Done.")))
    return redirect("portal:request", number=ticket.number)
