"""The dealers API: every queryset comes from a selector in the caller's scope (another
dealer's object is a 404), every write goes through one service."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Organisation, User
from accounts.requests import request_user
from dealers import selectors
from dealers.api import serializers as s
from dealers.models import (
    DealerAssessment,
    PartsShipment,
    RepairRecord,
    SettlementStatement,
    TechnicianCertificate,
    WarrantyClaim,
)
from dealers.services.claims import available_transitions, claim_create, claim_transition
from dealers.services.profiles import certificate_register, dealer_grade_change
from dealers.services.records import repair_record_add_photos, repair_record_file
from dealers.services.settlement import statement_issue
from dealers.services.shipments import shipment_advance, shipment_request


def _unknown(field: str) -> ValidationError:
    return ValidationError({field: [_("Unknown or not yours.")]})


def _dealer(user: User, dealer: Organisation | None) -> Organisation:
    """The dealer a request is for: the one named (in the caller's scope), else the caller's
    own outlet."""
    if dealer is None:
        if user.organisation.kind == Organisation.Kind.DEALER:
            return user.organisation
        raise ValidationError({"dealer": [_("This field is required.")]})
    return dealer


class DealerViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.DealerSerializer
    filterset_class = None
    queryset = Organisation.objects.none()  # the schema's model; get_queryset scopes it

    def get_queryset(self) -> QuerySet[Organisation]:
        return selectors.dealer_scope(request_user(self.request))

    @extend_schema(
        request=s.GradeInputSerializer,
        responses=s.DealerSerializer,
        summary="Change a dealer's grade (managers); recorded as an event",
    )
    @action(detail=True, methods=["post"])
    def grade(self, request: Request, pk: str | None = None) -> Response:
        dealer = self.get_object()
        data = s.GradeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        dealer_grade_change(dealer=dealer, by=request_user(request), **data.validated_data)
        return Response(s.DealerSerializer(self.get_queryset().get(pk=dealer.pk)).data)


class TechnicianViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.CertificateSerializer
    filterset_class = None

    def get_queryset(self) -> QuerySet[TechnicianCertificate]:
        return selectors.certificate_scope(request_user(self.request))

    @extend_schema(
        request=s.CertificateInputSerializer,
        responses={201: s.CertificateSerializer},
        summary="Register a technician certificate (维修员证)",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = s.CertificateInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        certificate = certificate_register(by=request_user(request), **data.validated_data)
        return Response(s.CertificateSerializer(certificate).data, status=status.HTTP_201_CREATED)


class RepairRecordViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.RecordSerializer
    filterset_class = None

    def get_queryset(self) -> QuerySet[RepairRecord]:
        return selectors.record_detail_scope(request_user(self.request)).order_by(
            "-filed_at", "-pk"
        )

    @extend_schema(
        request=s.RecordInputSerializer,
        responses={201: s.RecordSerializer},
        summary="File a three-guarantee repair record (三包维修记录) on a ticket",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = s.RecordInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        parts = [dict(p) for p in values.pop("parts")]
        record = repair_record_file(by=request_user(request), parts=parts, **values)
        return Response(
            s.RecordSerializer(self.get_queryset().get(pk=record.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Attach photos to a record (multipart, field “photos”, one or more files)",
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {
                    "photos": {"type": "array", "items": {"type": "string", "format": "binary"}}
                },
                "required": ["photos"],
            }
        },
        responses={
            201: s.RecordSerializer,
            400: OpenApiResponse(
                description="No file, or not JPEG/PNG/WebP/HEIC/PDF, or over 10 MB"
            ),
            409: OpenApiResponse(description="The record's claim is already submitted"),
        },
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def photos(self, request: Request, pk: str | None = None) -> Response:
        record = self.get_object()
        repair_record_add_photos(
            by=request_user(request), record=record, photos=request.FILES.getlist("photos")
        )
        return Response(
            s.RecordSerializer(self.get_queryset().get(pk=record.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class ClaimViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    filterset_class = None

    def get_queryset(self) -> QuerySet[WarrantyClaim]:
        user = request_user(self.request)
        rows = (
            selectors.claim_detail_scope(user)
            if self.action != "list"
            else selectors.claim_scope(user)
        )
        wanted = self.request.query_params.get("status", "")
        if wanted:
            rows = rows.filter(status=wanted[:20])
        return rows.order_by("-created_at", "-pk")

    def get_serializer_class(self) -> type:
        return s.ClaimListSerializer if self.action == "list" else s.ClaimDetailSerializer

    def _detail(self, claim: WarrantyClaim) -> dict:
        return s.ClaimDetailSerializer(
            selectors.claim_detail_scope(request_user(self.request)).get(pk=claim.pk)
        ).data

    @extend_schema(
        request=s.ClaimInputSerializer,
        responses={201: s.ClaimDetailSerializer},
        summary="File a claim from repair records (optionally submit it at once)",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = s.ClaimInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        numbers = data.validated_data["records"]
        records = list(selectors.record_scope(request_user(request)).filter(number__in=numbers))
        if len(records) != len(set(numbers)):
            raise _unknown("records")
        claim = claim_create(
            by=request_user(request), records=records, note=data.validated_data["note"]
        )
        if data.validated_data["submit"]:
            claim_transition(claim=claim, by=request_user(request), action="submit")
        return Response(self._detail(claim), status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        responses=s.TransitionSerializer(many=True),
        summary="Actions I may perform on the claim now",
    )
    @extend_schema(
        methods=["POST"],
        request=s.TransitionInputSerializer,
        summary='Perform an action: {"action": code, …its fields}',
        responses={
            201: s.ClaimDetailSerializer,
            400: OpenApiResponse(description="Invalid fields, per field"),
            403: OpenApiResponse(description="Your role may not perform this action"),
            409: OpenApiResponse(description="Not allowed in the claim's status"),
        },
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def transitions(self, request: Request, pk: str | None = None) -> Response:
        claim = self.get_object()
        if request.method == "GET":
            rules = available_transitions(claim, request_user(request))
            return Response(s.TransitionSerializer(rules, many=True).data)
        if not isinstance(request.data, dict):
            raise ValidationError({"detail": [_("Send an object with the action and its fields.")]})
        head = s.TransitionInputSerializer(data=request.data)
        head.is_valid(raise_exception=True)
        fields = {k: v for k, v in request.data.items() if k != "action"}
        claim_transition(
            claim=claim, by=request_user(request), action=head.validated_data["action"], data=fields
        )
        return Response(self._detail(claim), status=status.HTTP_201_CREATED)


class ShipmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.ShipmentSerializer
    filterset_class = None

    def get_queryset(self) -> QuerySet[PartsShipment]:
        rows = selectors.shipment_scope(request_user(self.request)).order_by("-requested_at", "-pk")
        if self.request.query_params.get("overdue") in {"1", "true"}:
            rows = selectors.overdue_shipments(request_user(self.request))
        return rows

    @extend_schema(
        request=s.ShipmentInputSerializer,
        responses={201: s.ShipmentSerializer},
        summary="Request parts for an in-warranty replacement",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = s.ShipmentInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        v = data.validated_data
        shipment = shipment_request(
            by=request_user(request),
            dealer=_dealer(request_user(request), v["dealer"]),
            items=v["items"],
            claim=v["claim"],
            ticket=v["ticket"],
        )
        return Response(s.ShipmentSerializer(shipment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.ShipmentTransitionSerializer,
        responses={201: s.ShipmentSerializer},
        summary="verify (due date starts), ship (tracking number), deliver",
    )
    @action(detail=True, methods=["post"], pagination_class=None)
    def transitions(self, request: Request, pk: str | None = None) -> Response:
        shipment = self.get_object()
        data = s.ShipmentTransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        shipment = shipment_advance(
            by=request_user(request), shipment=shipment, **data.validated_data
        )
        return Response(s.ShipmentSerializer(shipment).data, status=status.HTTP_201_CREATED)


class StatementViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.StatementSerializer
    filterset_class = None

    def get_queryset(self) -> QuerySet[SettlementStatement]:
        return (
            selectors.statement_scope(request_user(self.request))
            .prefetch_related("claims", "ledger_entries")
            .order_by("-year", "-quarter", "dealer__code")
        )

    @extend_schema(
        request=s.StatementInputSerializer,
        responses={201: s.StatementSerializer},
        summary="Issue a quarter's settlement notice (finance)",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = s.StatementInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        statement = statement_issue(by=request_user(request), **data.validated_data)
        return Response(
            s.StatementSerializer(self.get_queryset().get(pk=statement.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class AssessmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.AssessmentSerializer
    filterset_class = None

    def get_queryset(self) -> QuerySet[DealerAssessment]:
        return selectors.assessment_scope(request_user(self.request)).order_by(
            "-month", "rank", "pk"
        )
