"""The report figures over the API (``/api/v1/reports/…``) for BI tools: the same selectors as
the pages, the same scope (supervisors: their organisation; dealers: their own). Bad
parameters are a 400 with field messages."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reports.api import serializers as out
from reports.forms import ReportFilterForm
from reports.models import CostReport, ReportSettings
from reports.scope import COST_ROLES, REPORT_ROLES, report_organisation
from reports.selectors.dashboard import sla_dashboard
from reports.selectors.league import dealer_league
from reports.selectors.sla import live_page
from reports.selectors.technicians import technician_days
from reports.views_reports import TechnicianReportForm, _league_month


class HasRole(BasePermission):
    roles: tuple[str, ...] = REPORT_ROLES

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_role(*view.roles))


FILTER_PARAMS = [
    OpenApiParameter(
        "period",
        OpenApiTypes.STR,
        enum=[
            "today",
            "7d",
            "30d",
            "month",
            "last_month",
            "quarter",
            "last_quarter",
            "12m",
            "custom",
        ],
    ),
    OpenApiParameter("start", OpenApiTypes.DATE, description="custom range start"),
    OpenApiParameter("end", OpenApiTypes.DATE, description="custom range end"),
    OpenApiParameter("metric", OpenApiTypes.STR),
    OpenApiParameter("severity", OpenApiTypes.STR, description="severity code"),
    OpenApiParameter("region_class", OpenApiTypes.STR, description="region class code"),
    OpenApiParameter("kind", OpenApiTypes.STR),
    OpenApiParameter("organisation", OpenApiTypes.INT, description="organisation id"),
    OpenApiParameter("technician", OpenApiTypes.INT, description="technician user id"),
    OpenApiParameter("channel", OpenApiTypes.STR),
    OpenApiParameter("horizon", OpenApiTypes.INT, description="at-risk horizon in hours"),
]


def _filters(request: Request):  # type: ignore[no-untyped-def]
    form = ReportFilterForm(
        request.query_params or None,
        user=request.user,
        default_horizon=ReportSettings.current().at_risk_hours,
    )
    if request.query_params and not form.is_valid():
        raise ValidationError(form.errors.get_json_data())
    return form.filters()


class SlaReport(APIView):
    permission_classes = [HasRole]
    roles = REPORT_ROLES

    @extend_schema(parameters=FILTER_PARAMS, responses=out.SlaDashboardSerializer, tags=["reports"])
    def get(self, request: Request) -> Response:
        """Compliance per metric and per severity / region / organisation / technician, the
        trend, breached and at-risk counts, backlog ageing, mean and p90 business times and
        first-time-fix rates, for a period and filters."""
        return Response(sla_dashboard(_filters(request), timezone.now()))


class SlaLive(APIView):
    permission_classes = [HasRole]
    roles = REPORT_ROLES

    @extend_schema(
        parameters=[
            *FILTER_PARAMS,
            OpenApiParameter("which", OpenApiTypes.STR, enum=["breached", "at_risk"]),
            OpenApiParameter("page", OpenApiTypes.INT),
        ],
        responses=out.LivePageSerializer,
        tags=["reports"],
    )
    def get(self, request: Request) -> Response:
        """One page (50) of the clocks breached now or at risk within the horizon."""
        which = request.query_params.get("which", "breached")
        if which not in ("breached", "at_risk"):
            raise ValidationError({"which": ["Choose breached or at_risk."]})
        params = request.query_params.copy()
        params.pop("which", None)
        page_number = params.pop("page", ["1"])[-1]
        form = ReportFilterForm(
            params or None,
            user=request.user,
            default_horizon=ReportSettings.current().at_risk_hours,
        )
        if params and not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        page = live_page(form.filters(), timezone.now(), which, page_number, per_page=50)
        return Response(
            {
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "results": out.DashboardLiveClockSerializer(page.object_list, many=True).data,
            }
        )


class TechnicianDaily(APIView):
    permission_classes = [HasRole]
    roles = REPORT_ROLES

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE),
            OpenApiParameter("end", OpenApiTypes.DATE),
            OpenApiParameter("technician", OpenApiTypes.INT),
        ],
        responses=out.TechnicianDaySerializer(many=True),
        tags=["reports"],
    )
    def get(self, request: Request) -> Response:
        """Per technician and day: tickets, work types, visits, on-site time, hours, parts."""
        form = TechnicianReportForm(request.query_params or None, user=request.user)
        if request.query_params and not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        start, end, technician = form.range()
        rows = technician_days(request.user, start, end, technician)
        return Response([r.as_dict() for r in rows])


def _cost_payload(report: CostReport, user: Any) -> dict[str, Any]:
    lines = report.lines.select_related("organisation")
    limit = report_organisation(user)
    if limit is not None:
        lines = lines.filter(organisation_id=limit)
    data = out.CostReportSerializer(report).data
    data["lines"] = out.CostLineSerializer(lines, many=True).data
    if limit is not None:
        for key in ("installation", "labour", "materials", "transport", "total"):
            data[key] = str(sum((getattr(line, key) for line in lines), start=0))
    return data


class CostReports(APIView):
    permission_classes = [HasRole]
    roles = COST_ROLES

    @extend_schema(responses=out.CostReportSerializer(many=True), tags=["reports"])
    def get(self, request: Request) -> Response:
        """The monthly after-sales cost reports computed so far (newest first), with lines."""
        reports = CostReport.objects.order_by("-month")[:24]
        return Response([_cost_payload(r, request.user) for r in reports])


class CostReportDetail(APIView):
    permission_classes = [HasRole]
    roles = COST_ROLES

    @extend_schema(responses=out.CostReportSerializer, tags=["reports"])
    def get(self, request: Request, month: str) -> Response:
        """One month (``YYYY-MM``) of the cost report."""
        try:
            year, number = (int(p) for p in month.split("-"))
            report = CostReport.objects.filter(month__year=year, month__month=number).first()
        except ValueError:
            report = None
        if report is None:
            raise NotFound
        return Response(_cost_payload(report, request.user))


class DealerLeague(APIView):
    permission_classes = [HasRole]
    roles = ("manager", "dealer")

    @extend_schema(
        parameters=[OpenApiParameter("month", OpenApiTypes.STR, description="YYYY-MM")],
        responses=out.LeagueSerializer,
        tags=["reports"],
    )
    def get(self, request: Request) -> Response:
        """The dealer league table of a month (default: last month) with 12 months of trend."""
        return Response(
            out.LeagueSerializer(dealer_league(request.user, _league_month(request))).data
        )
