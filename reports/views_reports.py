"""Report pages beside the dashboard: technician daily report, monthly cost report, dealer
league table; each printable and downloadable (CSV, XLSX), each scoped."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.decorators import role_required
from accounts.models import User
from reports import exports
from reports.models import CostReport
from reports.scope import COST_ROLES, REPORT_ROLES, report_organisation, technicians_for
from reports.selectors.league import dealer_league as league_figures
from reports.selectors.technicians import MAX_DAYS, technician_days
from reports.services import previous_month
from reports.sources import format_duration


class TechnicianReportForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), required=False)
    end = forms.DateField(label=gettext_lazy("To"), required=False)
    technician: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=gettext_lazy("Technician"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("All"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        technician = cast("forms.ModelChoiceField[User]", self.fields["technician"])
        technician.queryset = technicians_for(user)

    def range(self) -> tuple[date, date, int | None]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("start") or today
        end = data.get("end") or start
        if end < start:
            start, end = end, start
        end = min(end, start + timedelta(days=MAX_DAYS - 1))
        technician = data.get("technician")
        return start, end, technician.pk if technician else None


def _technician_report(request: HttpRequest) -> tuple[TechnicianReportForm, list, date, date]:
    form = TechnicianReportForm(request.GET or None, user=request.user)
    start, end, technician = form.range()
    return form, technician_days(request.user, start, end, technician), start, end


@role_required(*REPORT_ROLES)
def technician_daily(request: HttpRequest) -> HttpResponse:
    form, rows, start, end = _technician_report(request)
    return render(
        request,
        "reports/technician_daily.html",
        {"form": form, "rows": rows, "start": start, "end": end, "query": request.GET.urlencode()},
    )


@role_required(*REPORT_ROLES)
def technician_daily_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    _form, rows, _start, _end = _technician_report(request)
    sheet = exports.Sheet(
        _("Technician daily report"),
        [
            _("Day"),
            _("Technician"),
            _("Organisation"),
            _("Tickets"),
            _("Work type"),
            _("Visits"),
            _("On-site time"),
            _("Hours booked"),
            _("Parts"),
            _("Parts amount"),
        ],
        (
            [
                r.day,
                r.technician,
                r.organisation,
                ", ".join(sorted(r.tickets)),
                ", ".join(sorted(r.work_types)),
                r.visits,
                format_duration(r.on_site_seconds),
                r.hours,
                "; ".join(r.parts),
                r.parts_amount,
            ]
            for r in rows
        ),
    )
    return exports.respond(fmt, "technician-daily", [sheet])


# --- monthly cost report ---------------------------------------------------------------------


def _visible_lines(report: CostReport, user: Any) -> Any:
    lines = report.lines.select_related("organisation")
    limit = report_organisation(user)
    return lines if limit is None else lines.filter(organisation_id=limit)


@role_required(*COST_ROLES)
def cost_reports(request: HttpRequest) -> HttpResponse:
    reports = list(CostReport.objects.order_by("-month")[:24])
    return render(
        request,
        "reports/costs.html",
        {
            "reports": reports,
            "expected": previous_month(timezone.localdate()),
            "scoped": report_organisation(request.user) is not None,
        },
    )


def _cost_report(year: int, month: int) -> CostReport:
    try:
        first = date(year, month, 1)
    except ValueError:
        raise Http404 from None
    report = CostReport.objects.filter(month=first).first()
    if report is None:
        raise Http404
    return report


def _line_totals(lines: list[Any]) -> dict[str, Any]:
    from decimal import Decimal

    keys = ("installation", "labour", "materials", "transport", "transport_km", "total")
    return {k: sum((getattr(line, k) for line in lines), Decimal("0")) for k in keys}


@role_required(*COST_ROLES)
def cost_report(request: HttpRequest, year: int, month: int) -> HttpResponse:
    report = _cost_report(year, month)
    lines = list(_visible_lines(report, request.user))
    return render(
        request,
        "reports/cost_report.html",
        {"report": report, "lines": lines, "totals": _line_totals(lines)},
    )


@role_required(*COST_ROLES)
def cost_report_export(request: HttpRequest, year: int, month: int, fmt: str) -> HttpResponseBase:
    report = _cost_report(year, month)
    lines = list(_visible_lines(report, request.user))
    totals = _line_totals(lines)
    rows = [
        [
            str(line.organisation),
            line.product_model,
            line.installation,
            line.labour,
            line.materials,
            line.transport_km,
            line.transport,
            line.total,
        ]
        for line in lines
    ]
    rows.append(
        [
            _("Total"),
            "",
            totals["installation"],
            totals["labour"],
            totals["materials"],
            totals["transport_km"],
            totals["transport"],
            totals["total"],
        ]
    )
    sheet = exports.Sheet(
        f"{report.month:%Y-%m}",
        [
            _("Organisation"),
            _("Product model"),
            _("Installation"),
            _("Dispatch labour"),
            _("Materials"),
            _("Travel km"),
            _("Transport"),
            _("Total"),
        ],
        rows,
    )
    return exports.respond(fmt, f"cost-report-{report.month:%Y-%m}", [sheet])


# --- dealer league -----------------------------------------------------------------------------


def _league_month(request: HttpRequest) -> date:
    value = request.GET.get("month", "")
    try:
        year, month = (int(part) for part in value.split("-")[:2])
        return date(year, month, 1)
    except (TypeError, ValueError):
        return previous_month(timezone.localdate())


@role_required("manager", "dealer")
def dealer_league(request: HttpRequest) -> HttpResponse:
    month = _league_month(request)
    data = league_figures(request.user, month)
    return render(
        request,
        "reports/dealer_league.html",
        {"data": data, "month": month, "chart": {"months": data["months"], "rows": data["rows"]}},
    )


@role_required("manager", "dealer")
def dealer_league_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    data = league_figures(request.user, _league_month(request))
    sheet = exports.Sheet(
        _("Dealer league table"),
        [
            _("Dealer"),
            _("Arrangement in time %"),
            _("Supervisor check %"),
            _("Return-visit rate %"),
            _("Claim rejection rate %"),
            _("Claims"),
            _("Average claim"),
        ],
        (
            [
                r["name"],
                r["arrangement"],
                r["supervisor_check"],
                r["return_visit"],
                r["rejection"],
                r["claims"],
                r["average_claim"],
            ]
            for r in data["rows"]
        ),
    )
    return exports.respond(fmt, f"dealer-league-{data['month'][:7]}", [sheet])
