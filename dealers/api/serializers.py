"""Input and output shapes of the dealers API. Amounts are decimal strings, never floats."""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from aftersales.serializers import ScopedRelatedField
from dealers import selectors
from dealers.models import (
    ClaimEvent,
    ClaimLine,
    ClaimTransition,
    DealerAssessment,
    PartsShipment,
    ReceivableLedgerEntry,
    RepairPart,
    RepairRecord,
    ReturnShipment,
    SettlementStatement,
    TechnicianCertificate,
    WarrantyClaim,
)
from tickets.selectors import ticket_scope


class _Money(TypedDict):
    max_digits: int
    decimal_places: int
    coerce_to_string: bool


MONEY: _Money = {"max_digits": 14, "decimal_places": 2, "coerce_to_string": True}


class DealerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    region = serializers.CharField()
    grade = serializers.SerializerMethodField()
    labour_rate = serializers.SerializerMethodField()
    travel_rate = serializers.SerializerMethodField()
    return_visit_target = serializers.SerializerMethodField()
    receivable_account = serializers.SerializerMethodField()

    def _profile(self, obj):  # type: ignore[no-untyped-def]
        return getattr(obj, "dealer_profile", None)

    def get_grade(self, obj) -> str | None:  # type: ignore[no-untyped-def]
        p = self._profile(obj)
        return p.grade if p else None

    def get_labour_rate(self, obj) -> str | None:  # type: ignore[no-untyped-def]
        p = self._profile(obj)
        return str(p.labour_rate) if p else None

    def get_travel_rate(self, obj) -> str | None:  # type: ignore[no-untyped-def]
        p = self._profile(obj)
        return str(p.travel_rate) if p else None

    def get_return_visit_target(self, obj) -> str | None:  # type: ignore[no-untyped-def]
        p = self._profile(obj)
        return str(p.return_visit_target) if p else None

    def get_receivable_account(self, obj) -> str | None:  # type: ignore[no-untyped-def]
        p = self._profile(obj)
        return p.receivable_account if p else None


class GradeInputSerializer(serializers.Serializer):
    grade = serializers.CharField(max_length=1)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class CertificateSerializer(serializers.ModelSerializer):
    technician_name = serializers.CharField(source="technician.__str__", read_only=True)
    dealer = serializers.CharField(source="dealer.code", read_only=True)
    valid_today = serializers.SerializerMethodField()

    class Meta:
        model = TechnicianCertificate
        fields = [
            "id",
            "dealer",
            "technician",
            "technician_name",
            "number",
            "valid_from",
            "valid_until",
            "valid_today",
        ]
        read_only_fields = ["id", "dealer", "technician", "technician_name", "valid_today"]

    def get_valid_today(self, obj: TechnicianCertificate) -> bool:
        from django.utils import timezone

        return obj.is_valid_on(timezone.localdate())


class CertificateInputSerializer(serializers.Serializer):
    technician = ScopedRelatedField(scope=selectors.people_scope)
    number = serializers.CharField(max_length=40)
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()


@extend_schema_serializer(component_name="RepairRecordPart")
class PartSerializer(serializers.ModelSerializer):
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2, coerce_to_string=True)
    unit_price = serializers.DecimalField(**MONEY)

    class Meta:
        model = RepairPart
        fields = [
            "part_number",
            "name",
            "quantity",
            "unit_price",
            "old_part_retained",
            "tag_number",
        ]


class RecordSerializer(serializers.ModelSerializer):
    dealer = serializers.CharField(source="dealer.code")
    ticket = serializers.CharField(source="ticket.number")
    technician_name = serializers.CharField(source="technician.__str__")
    claim = serializers.CharField(source="claim.number", default=None, allow_null=True)
    parts = PartSerializer(many=True, read_only=True)
    photos = serializers.SerializerMethodField()

    class Meta:
        model = RepairRecord
        fields = [
            "id",
            "number",
            "dealer",
            "ticket",
            "technician",
            "technician_name",
            "visit_date",
            "work_done",
            "labour_hours",
            "travel_km",
            "customer_signed_name",
            "customer_signed_at",
            "due_on",
            "filed_at",
            "filed_late",
            "claim",
            "parts",
            "photos",
        ]

    def get_photos(self, obj: RepairRecord) -> list[str]:
        """Links to the record's files, served by the authorised attachment view."""
        return [
            reverse("attachments:file", args=[a.pk]) for a in obj.attachments.all() if a.servable
        ]


class PartInputSerializer(serializers.Serializer):
    part_number = serializers.CharField(max_length=64)
    name = serializers.CharField(max_length=200)
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0.01"))
    unit_price = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0"))
    old_part_retained = serializers.BooleanField(default=True)
    tag_number = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class RecordInputSerializer(serializers.Serializer):
    ticket = ScopedRelatedField(
        scope=ticket_scope, lookup="number", max_length=20, help_text=_("Ticket number")
    )
    technician = ScopedRelatedField(scope=selectors.people_scope)
    visit_date = serializers.DateField(required=False, allow_null=True, default=None)
    work_done = serializers.CharField(max_length=5000)
    labour_hours = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=Decimal("0"), max_value=Decimal("999")
    )
    travel_km = serializers.DecimalField(
        max_digits=8,
        decimal_places=1,
        min_value=Decimal("0"),
        max_value=Decimal("99999"),
        default=Decimal("0"),
    )
    customer_signed_name = serializers.CharField(max_length=100)
    customer_signed_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    parts = PartInputSerializer(many=True, required=False, default=list)


class ClaimLineSerializer(serializers.ModelSerializer):
    record = serializers.CharField(source="record.number")
    amount = serializers.DecimalField(**MONEY)
    approved_amount = serializers.DecimalField(**MONEY, allow_null=True)

    class Meta:
        model = ClaimLine
        fields = [
            "id",
            "kind",
            "record",
            "description",
            "quantity",
            "unit_price",
            "amount",
            "approved_amount",
            "tag_number",
            "verdict",
            "verdict_reason",
        ]


class ClaimEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None, allow_null=True)

    class Meta:
        model = ClaimEvent
        fields = ["code", "actor", "at", "from_status", "to_status", "payload"]


class ReturnShipmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReturnShipment
        fields = ["carrier", "tracking_number", "tags", "shipped_at", "received_at"]


class ClaimListSerializer(serializers.ModelSerializer):
    dealer = serializers.CharField(source="dealer.code")
    claimed_total = serializers.DecimalField(**MONEY)
    approved_total = serializers.DecimalField(**MONEY, allow_null=True)
    rejection_reason = serializers.CharField(
        source="rejection_reason.code", default=None, allow_null=True
    )

    class Meta:
        model = WarrantyClaim
        fields = [
            "id",
            "number",
            "dealer",
            "status",
            "claimed_total",
            "approved_total",
            "outcome",
            "rejection_reason",
            "fees_cancelled",
            "created_at",
            "submitted_at",
            "settled_at",
            "settled_year",
            "settled_quarter",
        ]


class ClaimDetailSerializer(ClaimListSerializer):
    labour_rate = serializers.DecimalField(**MONEY)
    travel_rate = serializers.DecimalField(**MONEY)
    records = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)  # type: ignore[var-annotated]
    lines = ClaimLineSerializer(many=True, read_only=True)
    events = ClaimEventSerializer(many=True, read_only=True)
    return_shipment = serializers.SerializerMethodField()
    statement = serializers.CharField(source="statement.number", default=None, allow_null=True)

    class Meta(ClaimListSerializer.Meta):
        fields = [
            *ClaimListSerializer.Meta.fields,
            "labour_rate",
            "travel_rate",
            "genuine",
            "appraisal_note",
            "review_note",
            "note",
            "records",
            "lines",
            "return_shipment",
            "statement",
            "events",
        ]

    def get_return_shipment(self, obj: WarrantyClaim) -> dict | None:
        shipment = getattr(obj, "return_shipment", None)
        return ReturnShipmentSerializer(shipment).data if shipment else None


class ClaimInputSerializer(serializers.Serializer):
    records = serializers.ListField(
        child=serializers.CharField(max_length=20),
        min_length=1,
        max_length=50,
        help_text=_("Repair record numbers"),
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    submit = serializers.BooleanField(default=False)


@extend_schema_serializer(component_name="ClaimTransitionInput")
class TransitionInputSerializer(serializers.Serializer):
    action = serializers.CharField(max_length=32)


class TransitionSerializer(serializers.ModelSerializer):
    label = serializers.CharField()  # type: ignore[assignment]

    class Meta:
        model = ClaimTransition
        fields = ["action", "label", "to_status"]


class ShipmentSerializer(serializers.ModelSerializer):
    dealer = serializers.CharField(source="dealer.code")
    claim = serializers.CharField(source="claim.number", default=None, allow_null=True)
    ticket = serializers.CharField(source="ticket.number", default=None, allow_null=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = PartsShipment
        fields = [
            "id",
            "number",
            "dealer",
            "claim",
            "ticket",
            "items",
            "status",
            "requested_at",
            "verified_at",
            "due_at",
            "shipped_at",
            "carrier",
            "tracking_number",
            "delivered_at",
            "overdue",
        ]

    def get_overdue(self, obj: PartsShipment) -> bool:
        return obj.is_overdue()


class ShipmentInputSerializer(serializers.Serializer):
    items = serializers.ListField(child=serializers.DictField(), min_length=1, max_length=100)
    claim = ScopedRelatedField(
        scope=selectors.claim_scope, required=False, allow_null=True, default=None
    )
    ticket = ScopedRelatedField(
        scope=ticket_scope, lookup="number", max_length=20, required=False, default=None
    )
    dealer = ScopedRelatedField(
        scope=selectors.dealer_scope, required=False, allow_null=True, default=None
    )


class ShipmentTransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["verify", "ship", "deliver"])
    tracking_number = serializers.CharField(
        max_length=60, required=False, allow_blank=True, default=""
    )
    carrier = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")


class LedgerSerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(**MONEY)

    class Meta:
        model = ReceivableLedgerEntry
        fields = ["kind", "amount", "reference", "at"]


class StatementSerializer(serializers.ModelSerializer):
    dealer = serializers.CharField(source="dealer.code")
    period = serializers.CharField()
    claims = ClaimListSerializer(many=True, read_only=True)
    ledger_entries = LedgerSerializer(many=True, read_only=True)

    class Meta:
        model = SettlementStatement
        fields = [
            "id",
            "number",
            "dealer",
            "year",
            "quarter",
            "period",
            "claims_count",
            "claimed_total",
            "labour_total",
            "parts_total",
            "travel_total",
            "total",
            "issued_at",
            "claims",
            "ledger_entries",
        ]


class StatementInputSerializer(serializers.Serializer):
    dealer = ScopedRelatedField(scope=selectors.dealer_scope)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(min_value=1, max_value=4)


class AssessmentSerializer(serializers.ModelSerializer):
    dealer = serializers.CharField(source="dealer.code")

    class Meta:
        model = DealerAssessment
        fields = [
            "id",
            "dealer",
            "month",
            "score",
            "rank",
            "metrics",
            "source",
            "computed_at",
            "published_at",
        ]
