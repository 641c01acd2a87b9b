"""Parts API serializers: inputs name things by their codes and numbers; outputs are flat."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from parts.models import (
    Part,
    Reservation,
    StockCount,
    StockLevel,
    StockMove,
    Store,
    SupplierOrder,
    Transfer,
)


class StoreSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.code")

    class Meta:
        model = Store
        fields = ["id", "code", "name_zh", "name_en", "kind", "organisation"]


class PartSerializer(serializers.ModelSerializer):
    compatible_models = serializers.SlugRelatedField(  # type: ignore[var-annotated]
        many=True, read_only=True, slug_field="code"
    )

    class Meta:
        model = Part
        fields = [
            "id",
            "part_number",
            "name_zh",
            "name_en",
            "unit_cost",
            "price",
            "is_unit",
            "compatible_models",
        ]


@extend_schema_serializer(component_name="StockLevel")
class LevelSerializer(serializers.ModelSerializer):
    store = serializers.CharField(source="store.code")
    part = serializers.CharField(source="part.part_number")
    available = serializers.IntegerField(read_only=True)
    is_low = serializers.BooleanField(read_only=True)

    class Meta:
        model = StockLevel
        fields = [
            "id",
            "store",
            "part",
            "on_hand",
            "reserved",
            "available",
            "on_order",
            "min_level",
            "is_low",
        ]


class MoveSerializer(serializers.ModelSerializer):
    store = serializers.CharField(source="store.code")
    part = serializers.CharField(source="part.part_number")
    ticket = serializers.CharField(source="ticket.number", default=None, allow_null=True)
    transfer = serializers.CharField(source="transfer.number", default=None, allow_null=True)

    class Meta:
        model = StockMove
        fields = [
            "id",
            "at",
            "store",
            "part",
            "kind",
            "quantity",
            "balance_after",
            "ticket",
            "transfer",
            "reference",
        ]


class TransferLineOut(serializers.Serializer):
    part = serializers.CharField()
    quantity = serializers.IntegerField()


class CountLineOut(serializers.Serializer):
    part = serializers.CharField()
    expected = serializers.IntegerField()
    counted = serializers.IntegerField()
    difference = serializers.IntegerField()


class TransferSerializer(serializers.ModelSerializer):
    from_store = serializers.CharField(source="from_store.code")
    to_store = serializers.CharField(source="to_store.code")
    ticket = serializers.CharField(source="ticket.number", default=None, allow_null=True)
    lines = serializers.SerializerMethodField()
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Transfer
        fields = [
            "id",
            "number",
            "status",
            "from_store",
            "to_store",
            "ticket",
            "in_warranty",
            "requested_at",
            "ship_by",
            "shipped_at",
            "received_at",
            "tracking_number",
            "overdue",
            "lines",
        ]

    @extend_schema_field(TransferLineOut(many=True))
    def get_lines(self, obj: Transfer) -> list[dict[str, object]]:
        return [
            {"part": line.part.part_number, "quantity": line.quantity} for line in obj.lines.all()
        ]


class ReservationSerializer(serializers.ModelSerializer):
    ticket = serializers.CharField(source="ticket.number")
    store = serializers.CharField(source="store.code")
    part = serializers.CharField(source="part.part_number")
    transfer = serializers.CharField(source="transfer.number", default=None, allow_null=True)

    class Meta:
        model = Reservation
        fields = ["id", "ticket", "store", "part", "quantity", "status", "transfer", "created_at"]


class SupplierOrderSerializer(serializers.ModelSerializer):
    store = serializers.CharField(source="store.code")
    part = serializers.CharField(source="part.part_number")

    class Meta:
        model = SupplierOrder
        fields = [
            "id",
            "number",
            "store",
            "part",
            "quantity",
            "supplier",
            "status",
            "ordered_at",
            "received_at",
            "delivery_note",
        ]


class CountSerializer(serializers.ModelSerializer):
    store = serializers.CharField(source="store.code")
    lines = serializers.SerializerMethodField()

    class Meta:
        model = StockCount
        fields = ["id", "number", "store", "status", "started_at", "posted_at", "lines"]

    @extend_schema_field(CountLineOut(many=True))
    def get_lines(self, obj: StockCount) -> list[dict[str, object]]:
        return [
            {
                "part": line.part.part_number,
                "expected": line.expected,
                "counted": line.counted,
                "difference": line.difference,
            }
            for line in obj.lines.all()
        ]


# --- inputs -------------------------------------------------------------------------------


class Quantity(serializers.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=100000, **kwargs)


class ReceiptInput(serializers.Serializer):
    store = serializers.CharField()
    part = serializers.CharField()
    quantity = Quantity()
    supplier = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    reference = serializers.CharField(max_length=60, required=False, default="", allow_blank=True)


class OrderInput(serializers.Serializer):
    store = serializers.CharField()
    part = serializers.CharField()
    quantity = Quantity()
    supplier = serializers.CharField(max_length=200)


class OrderReceiveInput(serializers.Serializer):
    delivery_note = serializers.CharField(
        max_length=60, required=False, default="", allow_blank=True
    )


class MinimumInput(serializers.Serializer):
    min_level = serializers.IntegerField(min_value=0, max_value=100000)


class LineInput(serializers.Serializer):
    part = serializers.CharField()
    quantity = Quantity()


class TransferInput(serializers.Serializer):
    from_store = serializers.CharField()
    to_store = serializers.CharField()
    lines = LineInput(many=True, allow_empty=False)
    ticket = serializers.CharField(required=False, default="", allow_blank=True)
    note = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)


class ShipInput(serializers.Serializer):
    tracking_number = serializers.CharField(
        max_length=60, required=False, default="", allow_blank=True
    )


class ReserveInput(serializers.Serializer):
    ticket = serializers.CharField()
    part = serializers.CharField()
    quantity = Quantity()
    store = serializers.CharField(required=False, default="", allow_blank=True)


class UseInput(ReserveInput):
    old_part_tag = serializers.CharField(
        max_length=40, required=False, default="", allow_blank=True
    )


class ConsumeInput(serializers.Serializer):
    old_part_tag = serializers.CharField(
        max_length=40, required=False, default="", allow_blank=True
    )


class CountStartInput(serializers.Serializer):
    store = serializers.CharField()


class CountRecordInput(serializers.Serializer):
    counted = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=1000000), allow_empty=False
    )
