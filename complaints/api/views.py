"""``/api/v1/complaints/``: the same rules and scoping as the pages (validate → one service →
output serializer); a dealer sees only complaints about itself."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.requests import request_user
from aftersales.errors import PermissionDeniedError
from complaints import selectors
from complaints.api import serializers as s
from complaints.rates import rates_table
from complaints.services import complaints as services
from complaints.services.surveys import survey_record
from tickets.selectors import ticket_list
from tickets.services import customer_find_or_create

STAFF = frozenset({"supervisor", "manager"})


#: The list's query parameters, read by the queryset and stated in the schema.
FILTER_PARAMS = (
    "status",
    "seriousness",
    "complaint_class",
    "department",
    "channel",
    "q",
    "overdue",
)


class ComplaintListCreate(generics.ListAPIView):
    serializer_class = s.ComplaintSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        filters = {k: self.request.query_params.get(k, "") for k in FILTER_PARAMS}
        return selectors.complaint_list(
            user=request_user(self.request), filters=filters
        ).prefetch_related("clocks", "tickets")

    @extend_schema(parameters=[OpenApiParameter(name, OpenApiTypes.STR) for name in FILTER_PARAMS])
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Register a complaint",
        request=s.ComplaintCreateSerializer,
        responses={201: s.ComplaintDetailSerializer},
    )
    def post(self, request: Request) -> Response:
        incoming = s.ComplaintCreateSerializer(
            data=request.data, tickets=ticket_list(request_user(request))
        )
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        ticket = data.pop("ticket", None)
        name, phone = data.pop("customer_name"), data.pop("phone")
        if not request_user(request).has_role(*services.INTAKE_ROLES):
            raise PermissionDeniedError("Your role may not register complaints.")
        customer = None if ticket else customer_find_or_create(name=name, phone=phone)
        complaint = services.complaint_create(
            by=request_user(request), ticket=ticket, customer=customer, **data
        )
        return Response(s.ComplaintDetailSerializer(complaint).data, status=status.HTTP_201_CREATED)


class ComplaintDetail(APIView):
    @extend_schema(responses={200: s.ComplaintDetailSerializer})
    def get(self, request: Request, number: str) -> Response:
        complaint = selectors.complaint_get(user=request_user(request), number=number)
        return Response(s.ComplaintDetailSerializer(complaint).data)


class ComplaintAct(APIView):
    @extend_schema(
        summary="Take a step of the complaint's workflow",
        request=s.ActSerializer,
        responses={200: s.ComplaintDetailSerializer},
    )
    def post(self, request: Request, number: str) -> Response:
        complaint = selectors.complaint_get(user=request_user(request), number=number)
        incoming = s.ActSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        services.complaint_act(
            complaint=complaint,
            by=request_user(request),
            action=incoming.validated_data["action"],
            data=incoming.validated_data["data"],
        )
        complaint.refresh_from_db()
        return Response(s.ComplaintDetailSerializer(complaint).data)


class SurveyRecord(APIView):
    """An agent records the return-visit survey from a call."""

    @extend_schema(request=s.SurveySerializer, responses={201: s.SurveyOutSerializer})
    def post(self, request: Request) -> Response:
        incoming = s.SurveySerializer(data=request.data, tickets=ticket_list(request_user(request)))
        incoming.is_valid(raise_exception=True)
        survey = survey_record(
            ticket=incoming.validated_data["ticket"],
            by=request_user(request),
            answers=incoming.validated_data["answers"],
            comment=incoming.validated_data["comment"],
        )
        out = s.SurveyOutSerializer(
            {
                "survey": survey.pk,
                "dissatisfied": survey.dissatisfied,
                "complaint": survey.complaint.number if survey.complaint else None,
            }
        )
        return Response(out.data, status=status.HTTP_201_CREATED)


def month_range(text: str) -> tuple[datetime, datetime, str]:
    """``YYYY-MM`` (default: this month) → local [start, end) and the label."""
    from dealers.periods import local_range, month_bounds

    try:
        first = datetime.strptime(text, "%Y-%m").date() if text else timezone.localdate()  # noqa: DTZ007
    except ValueError as exc:
        raise ValidationError({"month": ["Use YYYY-MM."]}) from exc
    first, last = month_bounds(first.replace(day=1))
    start, end = local_range(first, last, settings.TIME_ZONE)
    return start, end, first.strftime("%Y-%m")


class RatesView(APIView):
    @extend_schema(
        summary="Return-visit and satisfaction rates of a month (supervisors, managers)",
        parameters=[OpenApiParameter("month", OpenApiTypes.STR, description="YYYY-MM")],
        responses={200: s.RatesSerializer},
    )
    def get(self, request: Request) -> Response:
        if not request_user(request).has_role(*STAFF):
            raise PermissionDeniedError("Only supervisors and managers see the rates.")
        start, end, label = month_range(request.query_params.get("month", ""))
        table = rates_table(start, end)
        return Response(
            s.RatesSerializer(
                {
                    "month": label,
                    "visit_target": table["visit_target"],
                    "satisfaction_target": table["satisfaction_target"],
                    "company": table["company"],
                    "organisations": table["organisation"],
                    "technicians": table["technician"],
                }
            ).data
        )
