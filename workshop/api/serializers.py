from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from attachments.api.serializers import AttachmentSerializer
from attachments.selectors import attachments_of
from workshop.models import (
    CarryIn,
    ExchangeOrder,
    Quote,
    ReturnOrder,
    ServiceBill,
    StandbyLoan,
    StandbyUnit,
)


class MovementOut(serializers.Serializer):
    kind = serializers.CharField()
    at = serializers.DateTimeField()
    note = serializers.CharField(allow_blank=True)


class QuoteLineOut(serializers.Serializer):
    part = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price = serializers.DecimalField(max_digits=14, decimal_places=2)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class CarryInSerializer(serializers.ModelSerializer):
    ticket = serializers.CharField(source="ticket.number")
    overdue = serializers.BooleanField(read_only=True)
    movements = serializers.SerializerMethodField()
    photos = serializers.SerializerMethodField()

    class Meta:
        model = CarryIn
        fields = [
            "id",
            "number",
            "ticket",
            "reason",
            "status",
            "product_model",
            "serial_number",
            "condition",
            "accessories",
            "received_at",
            "promised_at",
            "overdue",
            "factory",
            "returned_at",
            "signed_by_name",
            "movements",
            "photos",
        ]

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_photos(self, obj: CarryIn) -> list[dict[str, Any]]:
        """The entry's own files (condition at intake), served by the authorised views."""
        rows = attachments_of(obj).filter(refused_reason="")
        references = {(row.content_type_id, obj.pk): obj.number for row in rows}
        return list(AttachmentSerializer(rows, many=True, context={"references": references}).data)

    @extend_schema_field(MovementOut(many=True))
    def get_movements(self, obj: CarryIn) -> list[dict[str, object]]:
        return [
            {"kind": m.kind, "at": m.at.isoformat(), "note": m.note} for m in obj.movements.all()
        ]


class StandbyUnitSerializer(serializers.ModelSerializer):
    product_model = serializers.CharField(
        source="product_model.code", default=None, allow_null=True
    )
    organisation = serializers.CharField(source="organisation.code")

    class Meta:
        model = StandbyUnit
        fields = ["id", "serial", "product_model", "description", "organisation", "status"]


class LoanSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.serial")
    ticket = serializers.CharField(source="ticket.number")
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = StandbyLoan
        fields = [
            "id",
            "unit",
            "ticket",
            "lent_at",
            "due_back",
            "signed_by_name",
            "returned_at",
            "overdue",
        ]


class QuoteSerializer(serializers.ModelSerializer):
    ticket = serializers.CharField(source="ticket.number")
    lines = serializers.SerializerMethodField()

    class Meta:
        model = Quote
        fields = [
            "id",
            "number",
            "ticket",
            "status",
            "parts_charge",
            "hours",
            "labour_rate",
            "labour_rate_standard",
            "labour_cap",
            "travel_km",
            "travel_rate",
            "parts_total",
            "labour_total",
            "travel_total",
            "total",
            "created_at",
            "decided_at",
            "signed_by_name",
            "lines",
        ]

    @extend_schema_field(QuoteLineOut(many=True))
    def get_lines(self, obj: Quote) -> list[dict[str, object]]:
        return [
            {
                "part": line.part.part_number,
                "quantity": line.quantity,
                "unit_price": str(line.unit_price),
                "amount": str(line.amount),
            }
            for line in obj.lines.all()
        ]


class BillSerializer(serializers.ModelSerializer):
    ticket = serializers.CharField(source="ticket.number")

    class Meta:
        model = ServiceBill
        fields = [
            "id",
            "number",
            "ticket",
            "lines",
            "hours",
            "labour_rate",
            "parts_total",
            "labour_total",
            "travel_total",
            "total",
            "issued_at",
        ]


class ExchangeSerializer(serializers.ModelSerializer):
    ticket = serializers.CharField(source="ticket.number")
    old_unit = serializers.CharField(source="old_unit.serial")
    new_unit = serializers.CharField(source="new_unit.serial")
    replacement = serializers.CharField(source="replacement.part_number")
    store = serializers.CharField(source="store.code")
    warranty_from = serializers.DateField(source="new_unit.sale_date")

    class Meta:
        model = ExchangeOrder
        fields = [
            "id",
            "number",
            "ticket",
            "old_unit",
            "new_unit",
            "replacement",
            "store",
            "warranty_from",
            "created_at",
        ]


class ReturnSerializer(serializers.ModelSerializer):
    ticket = serializers.CharField(source="ticket.number")
    old_unit = serializers.CharField(source="old_unit.serial")
    unit_status = serializers.CharField(source="old_unit.status")
    return_entry = serializers.CharField(source="return_entry.number")

    class Meta:
        model = ReturnOrder
        fields = [
            "id",
            "number",
            "ticket",
            "old_unit",
            "unit_status",
            "basis",
            "sale_date",
            "days_in_use",
            "sale_price",
            "depreciation_rate",
            "depreciation",
            "refund",
            "invoice_number",
            "note",
            "return_entry",
            "created_at",
        ]


# --- inputs -------------------------------------------------------------------------------

SIGNATURE: dict[str, Any] = {
    "required": False,
    "default": "",
    "allow_blank": True,
    "max_length": 200_000,
}


class ReceiveInput(serializers.Serializer):
    ticket = serializers.CharField()
    condition = serializers.CharField(max_length=2000)
    accessories = serializers.CharField(
        max_length=300, required=False, default="", allow_blank=True
    )
    note = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    photos = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, max_length=100
    )


class FactoryInput(serializers.Serializer):
    factory = serializers.CharField(max_length=200)
    note = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)


class NoteInput(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)


class ReturnInput(NoteInput):
    signed_by_name = serializers.CharField(max_length=100)
    signature = serializers.CharField(**SIGNATURE)


class LendInput(serializers.Serializer):
    unit = serializers.CharField()
    ticket = serializers.CharField()
    signed_by_name = serializers.CharField(max_length=100)
    signature = serializers.CharField(**SIGNATURE)
    due_back = serializers.DateField(required=False, allow_null=True, default=None)


class QuoteLineInput(serializers.Serializer):
    part = serializers.CharField()
    quantity = serializers.IntegerField(min_value=1, max_value=1000)


class QuoteInput(serializers.Serializer):
    ticket = serializers.CharField()
    lines = QuoteLineInput(many=True, required=False, default=list)
    hours = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=Decimal("0"))
    travel_km = serializers.DecimalField(
        max_digits=8, decimal_places=1, min_value=Decimal("0"), required=False, default=Decimal("0")
    )
    note = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)


class DecideInput(serializers.Serializer):
    approved = serializers.BooleanField()
    signed_by_name = serializers.CharField(
        max_length=100, required=False, default="", allow_blank=True
    )
    signature = serializers.CharField(**SIGNATURE)


class BillInput(serializers.Serializer):
    ticket = serializers.CharField()


class ExchangeInput(serializers.Serializer):
    ticket = serializers.CharField()
    replacement = serializers.CharField()
    store = serializers.CharField()
    new_serial = serializers.CharField(max_length=64)


class RefundInput(serializers.Serializer):
    ticket = serializers.CharField()
    sale_price = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("9999999999.99"),
    )
    invoice_number = serializers.CharField(
        max_length=64, required=False, default="", allow_blank=True
    )
    note = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
