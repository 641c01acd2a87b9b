"""Pages of the loop's figures and duties: rates, complaint statistics (+ XLSX), regular
visit tasks, dealer duties and quality reports."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError

from accounts.decorators import role_required
from accounts.requests import request_user
from aftersales.errors import DomainError
from complaints import selectors
from complaints.api.views import month_range
from complaints.models import VisitTask
from complaints.rates import rates_table
from complaints.services import care
from complaints.stats import complaint_statistics, statistics_xlsx

STAFF = ("supervisor", "manager")
DESK = ("agent", "supervisor", "manager")


def _month(request: HttpRequest) -> tuple:  # type: ignore[type-arg]
    try:
        return month_range(request.GET.get("month", ""))
    except ValidationError:
        return month_range("")


@role_required(*STAFF)
def rates(request: HttpRequest) -> HttpResponse:
    start, end, label = _month(request)
    return render(
        request, "complaints/rates.html", {"month": label, "table": rates_table(start, end)}
    )


@role_required(*STAFF)
def report(request: HttpRequest) -> HttpResponse:
    start, end, label = _month(request)
    return render(
        request,
        "complaints/report.html",
        {"month": label, "stats": complaint_statistics(start, end)},
    )


@role_required(*STAFF)
def report_xlsx(request: HttpRequest) -> HttpResponse:
    start, end, label = _month(request)
    title = _("Complaint statistics %(month)s") % {"month": label}
    body = statistics_xlsx(complaint_statistics(start, end), title)
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="complaints-{label}.xlsx"'
    return response


@role_required(*DESK)
def visit_tasks(request: HttpRequest) -> HttpResponse:
    tasks = VisitTask.objects.select_related("customer", "tier").order_by("status", "due_on")[:200]
    return render(request, "complaints/visit_tasks.html", {"tasks": tasks})


@role_required(*DESK, "technician")
@require_POST
def visit_task_done(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(VisitTask, pk=pk)
    try:
        care.visit_task_done(
            task=task, by=request_user(request), note=request.POST.get("note", "")[:2000]
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Visit recorded."))
    return redirect("complaints:visit-tasks")


@role_required("dealer", *STAFF)
def duties(request: HttpRequest) -> HttpResponse:
    rows = selectors.duty_list(user=request_user(request)).order_by("done_at", "due_on")[:200]
    return render(
        request,
        "complaints/duties.html",
        {"duties": rows, "is_dealer": request_user(request).has_role("dealer")},
    )


@role_required("dealer", *STAFF)
@require_POST
def duty_done(request: HttpRequest, pk: int) -> HttpResponse:
    duty = get_object_or_404(selectors.duty_list(user=request_user(request)), pk=pk)
    try:
        care.dealer_duty_done(
            duty=duty, by=request_user(request), note=request.POST.get("note", "")[:2000]
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Duty recorded as done."))
    return redirect("complaints:duties")


@role_required("dealer")
@require_POST
def quality_report(request: HttpRequest) -> HttpResponse:
    try:
        duty = care.quality_report_file(
            by=request_user(request), subject=request.POST.get("subject", "")[:4000]
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("Quality report filed: the company answers by %(due)s.")
            % {"due": duty.due_on.isoformat()},
        )
    return redirect("complaints:duties")
