"""Calendar pages for managers: every calendar with its official-schedule horizon, and the
form that enters a year's official schedule (typed in, or a CSV / iCalendar file)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.decorators import role_required
from accounts.requests import request_user
from aftersales.errors import DomainError
from sla.forms import ScheduleForm
from sla.models import BusinessCalendar
from sla.schedule_files import ScheduleFileError
from sla.schedules import calendars_short_of_schedule, schedule_enter

CALENDAR_ROLES = ("manager",)


@role_required(*CALENDAR_ROLES)
def calendar_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "sla/calendar_list.html",
        {
            "calendars": list(BusinessCalendar.objects.order_by("code")),
            "warnings": calendars_short_of_schedule(),
        },
    )


@role_required(*CALENDAR_ROLES)
@require_http_methods(["GET", "POST"])
def calendar_schedule(request: HttpRequest, code: str) -> HttpResponse:
    calendar = get_object_or_404(BusinessCalendar, code=code)
    form = ScheduleForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                report = schedule_enter(
                    calendar=calendar,
                    by=request_user(request),
                    year=form.cleaned_data["year"],
                    schedule=form.schedule(),
                    source="file" if form.cleaned_data.get("file") else "form",
                )
            except ScheduleFileError:
                pass  # already on the form's file field
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                messages.success(
                    request,
                    _(
                        "%(year)d entered: %(holidays)d holiday dates, %(workdays)d adjusted "
                        "working days. Official schedule loaded through %(through)s."
                    )
                    % {
                        "year": report.year,
                        "holidays": report.holidays,
                        "workdays": report.workdays,
                        "through": report.schedule_through,
                    },
                )
                return redirect("sla:calendar-schedule", code=calendar.code)
    year = form["year"].value() or ""
    shown_year = int(year) if str(year).isdigit() else None
    rows = calendar.exceptions.filter(date__year=shown_year) if shown_year else []
    warning = next((w for w in calendars_short_of_schedule() if w.calendar.pk == calendar.pk), None)
    return render(
        request,
        "sla/calendar_schedule.html",
        {
            "calendar": calendar,
            "form": form,
            "warning": warning,
            "rows": rows,
            "shown_year": shown_year,
        },
        status=status,
    )
