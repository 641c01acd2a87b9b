"""Complaint pages (intake, list, the complaint with its timeline) and the customer's survey
page. Thin: read through selectors, write through one service, refusals as form errors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.requests import request_user
from aftersales.errors import DomainError
from complaints import selectors
from complaints.forms import ACTION_FORMS, IntakeForm
from complaints.models import (
    Channel,
    ComplaintClass,
    ComplaintStatus,
    ComplaintTransition,
    ResponsibleDepartment,
    Seriousness,
    SurveyItem,
    SurveyLevel,
)
from complaints.services import complaints as services
from complaints.services import surveys
from complaints.timeline import render_events
from tickets.selectors import ticket_list
from tickets.services import customer_find_or_create

LIST_FILTERS = ("status", "complaint_class", "seriousness", "department", "channel", "q", "overdue")


@login_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    filters = {k: request.GET.get(k, "") for k in LIST_FILTERS}
    queryset = selectors.complaint_list(
        user=request_user(request), filters=filters
    ).prefetch_related("clocks")
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "complaints/list.html",
        {
            "page": page,
            "filters": filters,
            "statuses": ComplaintStatus.choices,
            "classes": ComplaintClass.objects.filter(is_active=True),
            "seriousness_levels": Seriousness.objects.filter(is_active=True),
            "departments": ResponsibleDepartment.objects.filter(is_active=True),
            "channels": Channel.choices,
            "may_file": request_user(request).has_role(*services.INTAKE_ROLES),
        },
    )


def _ticket_for_intake(request: HttpRequest, number: str) -> Any:
    if not number:
        return None
    return get_object_or_404(ticket_list(request_user(request)), number=number)


@role_required(services.INTAKE_ROLES)
def intake(request: HttpRequest) -> HttpResponse:
    tickets = ticket_list(request_user(request))
    ticket = _ticket_for_intake(request, request.GET.get("ticket", ""))
    initial: dict[str, Any] = {"ticket": ticket.number if ticket else None}
    if ticket is not None:
        initial.update(customer_name=ticket.customer.name, phone=ticket.customer.phone)
    form = IntakeForm(request.POST or None, initial=initial, ticket_queryset=tickets)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ticket = data["ticket"]
        try:
            customer = None
            if ticket is None:
                customer = customer_find_or_create(name=data["customer_name"], phone=data["phone"])
            complaint = services.complaint_create(
                by=request_user(request),
                channel=data["channel"],
                complaint_class=data["complaint_class"],
                seriousness=data["seriousness"],
                description=data["description"],
                customer_request=data["customer_request"],
                contact_name=data["contact_name"],
                customer=customer,
                ticket=ticket,
                dealer=data["dealer"],
                abroad=data["abroad"] or None,
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(
                request, _("Complaint %(number)s registered.") % {"number": complaint.number}
            )
            return redirect("complaints:detail", complaint.number)
    return render(request, "complaints/intake.html", {"form": form, "ticket": ticket})


def _action_items(complaint: Any, user: Any, bound: tuple[str, Any] | None = None) -> list[dict]:
    items = []
    for rule in services.available_actions(complaint, user):
        form_class = ACTION_FORMS[rule.action]
        if bound and bound[0] == rule.action:
            form, is_open = bound[1], True
        else:
            initial = {}
            if rule.action in {"accept", "refuse"}:
                initial = {
                    "answered_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                    "customer_name": complaint.contact_name,
                }
            form, is_open = form_class(initial=initial, prefix=None), False
        items.append(
            {"rule": rule, "form": form, "open": is_open, "changes_status": bool(rule.to_status)}
        )
    return items


def _detail_context(complaint: Any, user: Any, **extra: Any) -> dict[str, Any]:
    from complaints.clocks import unexplained_delays

    return {
        "complaint": complaint,
        "timeline": render_events(list(selectors.complaint_timeline(complaint))),
        "clocks": complaint.clocks.order_by("due_at"),
        "tickets": complaint.tickets.all(),
        "units": complaint.units.select_related("product_model"),
        "answers": complaint.acceptances.select_related("recorded_by"),
        "explanations": complaint.delay_explanations.select_related("written_by"),
        "unexplained": unexplained_delays(complaint) if complaint.is_open else [],
        "actions": extra.pop("actions", None) or _action_items(complaint, user),
        **extra,
    }


@login_required
def detail(request: HttpRequest, number: str) -> HttpResponse:
    complaint = selectors.complaint_get(user=request_user(request), number=number)
    return render(
        request, "complaints/detail.html", _detail_context(complaint, request_user(request))
    )


@login_required
@require_POST
def act(request: HttpRequest, number: str) -> HttpResponse:
    complaint = selectors.complaint_get(user=request_user(request), number=number)
    code = request.POST.get("action", "")[:32]
    data = {k: v for k, v in request.POST.items() if k not in {"csrfmiddlewaretoken", "action"}}
    try:
        services.complaint_act(
            complaint=complaint, by=request_user(request), action=code, data=data
        )
    except DomainError as error:
        complaint = selectors.complaint_get(user=request_user(request), number=number)
        bound = None
        if code in ACTION_FORMS and any(
            r.action == code for r in services.available_actions(complaint, request_user(request))
        ):
            form = ACTION_FORMS[code](data=data)
            form.is_valid()
            error.add_to_form(form)
            bound = (code, form)
        if bound is None or not error.errors:
            messages.error(request, str(error.message))
        context = _detail_context(
            complaint,
            request_user(request),
            actions=_action_items(complaint, request_user(request), bound),
        )
        return render(request, "complaints/detail.html", context, status=error.http_status)
    rule = ComplaintTransition.objects.filter(action=code).order_by("position", "pk").first()
    messages.success(
        request,
        _("“%(action)s” done: complaint %(number)s")
        % {"action": rule.label if rule else code, "number": complaint.number},
    )
    return redirect("complaints:detail", complaint.number)


@login_required
@require_POST
def survey_link(request: HttpRequest, ticket_number: str) -> HttpResponse:
    ticket = get_object_or_404(ticket_list(request_user(request)), number=ticket_number)
    try:
        _link, code = surveys.survey_link_create(
            ticket=ticket,
            by=request_user(request),
            email=request.POST.get("email", "").strip()[:200],
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        url = request.build_absolute_uri(reverse("survey:answer", args=[code]))
        messages.success(
            request,
            _("Survey link for the customer: %(url)s (code %(code)s)") % {"url": url, "code": code},
        )
    return redirect("tickets:detail", ticket.number)


# --- the customer's survey page (no login) -------------------------------------------------


def survey_answer(request: HttpRequest, code: str) -> HttpResponse:
    items = list(SurveyItem.objects.filter(is_active=True))
    levels = list(SurveyLevel.objects.filter(is_active=True))
    try:
        link = surveys.usable_link(code)
    except DomainError as error:
        return render(
            request, "complaints/survey_invalid.html", {"message": error.message}, status=404
        )
    chosen = {item.code: request.POST.get(item.code, "") for item in items}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            surveys.survey_submit_by_link(
                code=code, answers=chosen, comment=request.POST.get("comment", "")[:2000]
            )
        except DomainError as error:
            if error.http_status == 404:
                return render(
                    request,
                    "complaints/survey_invalid.html",
                    {"message": error.message},
                    status=404,
                )
            errors = error.as_dict()
        else:
            return render(request, "complaints/survey_thanks.html", {})
    return render(
        request,
        "complaints/survey.html",
        {
            "link": link,
            "ticket": link.ticket,
            "rows": [(item, chosen.get(item.code, ""), errors.get(item.code)) for item in items],
            "levels": levels,
            "errors": errors,
            "comment": request.POST.get("comment", ""),
        },
        status=400 if errors else 200,
    )
