"""Report pages (thin): the SLA dashboard (the manager's home), the supervisor's board, and
their exports. Figures come from ``reports.selectors``; scope from ``reports.scope``."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.decorators import role_required
from accounts.requests import request_user
from reports import exports
from reports.forms import ReportFilterForm
from reports.models import ReportSettings
from reports.scope import REPORT_ROLES, report_organisation
from reports.selectors.board import board_queryset, board_rows
from reports.selectors.dashboard import (
    CUT_SPLITS,
    busiest_fix,
    busiest_split,
    dashboard_figures,
    page_tables,
    sla_dashboard,
)
from reports.selectors.sla import live_page
from tickets.dispatch_clocks import countdown_texts
from tickets.filters import TicketFilter
from tickets.selectors import ticket_list


def _filter_form(request: HttpRequest, rules: ReportSettings | None = None) -> ReportFilterForm:
    rules = rules or ReportSettings.current()
    return ReportFilterForm(
        request.GET or None, user=request.user, default_horizon=rules.at_risk_hours
    )


def _charts(data: dict, tables: dict) -> dict:
    """What the charts need, passed to the page with ``json_script`` (the organisation chart
    shows the organisations of its table)."""
    org = tables["splits"]["organisation"]
    return {
        "compliance": data["compliance"],
        "trend": data["trend"],
        "organisations": {"values": org["values"], "metrics": org["metrics"]},
        "ageing": data["ageing"],
        "labels": {"compliance": _("Compliance %"), "target": _("Target")},
    }


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    for key in ("bpage", "rpage"):
        query.pop(key, None)
    return query.urlencode()


@role_required(*REPORT_ROLES)
def dashboard(request: HttpRequest) -> HttpResponse:
    rules = ReportSettings.current()
    form = _filter_form(request, rules)
    filters = form.filters()
    now = timezone.now()
    data = sla_dashboard(filters, now, rules)
    tables = page_tables(data)
    query = _query(request)
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "filters": filters,
            "data": data,
            "tables": tables,
            "charts": _charts(data, tables),
            "now": now,
            "query": query,
            "breached_page": live_page(
                filters,
                now,
                "breached",
                request.GET.get("bpage"),
                count=data["headline"]["breached_now"],
            ),
            "at_risk_page": live_page(
                filters,
                now,
                "at_risk",
                request.GET.get("rpage"),
                count=data["headline"]["at_risk"],
            ),
            "scoped": report_organisation(request.user) is not None,
        },
    )


@role_required(*REPORT_ROLES)
def dashboard_list(request: HttpRequest, dimension: str) -> HttpResponse:
    """The full organisation or technician table of the dashboard (the page shows the
    busiest), with its first-time-fix rates, for the same period and filters."""
    if dimension not in CUT_SPLITS:
        raise Http404
    rules = ReportSettings.current()
    form = _filter_form(request, rules)
    filters = form.filters()
    now = timezone.now()
    figures = dashboard_figures(filters, now, rules)
    return render(
        request,
        "reports/dashboard_list.html",
        {
            "form": form,
            "dimension": dimension,
            "block": busiest_split(figures["splits"][dimension], None),
            "fix": busiest_fix(figures["fix_rates"][dimension], None),
            "filters": filters,
            "query": _query(request),
        },
    )


@role_required(*REPORT_ROLES)
def dashboard_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    filters = _filter_form(request).filters()
    data = sla_dashboard(filters, timezone.now())
    return exports.respond(fmt, "sla-dashboard", exports.dashboard_sheets(data))


@role_required(*REPORT_ROLES)
def board(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    rows = board_rows(request.user, now)
    return render(
        request,
        "reports/board.html",
        {
            "rows": rows,
            "now": now,
            "total": board_queryset(request.user).count(),
            "countdown_texts": countdown_texts(),
        },
    )


@role_required(
    "agent", "supervisor", "technician", "dealer", "manager", "customer", "appraiser", "finance"
)
def queue_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The ticket queue with its current filters, streamed."""
    filterset = TicketFilter(
        request.GET or None, queryset=ticket_list(request_user(request)), request=request
    )
    return exports.respond(fmt, "tickets", [exports.queue_sheet(filterset.qs)])
