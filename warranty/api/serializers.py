"""Input and output shapes of the warranty API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from warranty.models import (
    ComponentPeriod,
    MaintenanceContract,
    ProductModel,
    Unit,
    WarrantyCard,
)


class ComponentPeriodOut(serializers.ModelSerializer):
    class Meta:
        model = ComponentPeriod
        fields = ["code", "name_zh", "name_en", "quality_months"]


class ProductModelOut(serializers.ModelSerializer):
    components = ComponentPeriodOut(many=True, read_only=True)
    exclusions = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")  # type: ignore[var-annotated]

    class Meta:
        model = ProductModel
        fields = [
            "code",
            "name_zh",
            "name_en",
            "category",
            "quality_months",
            "maintenance_months",
            "start_basis",
            "parts_pricing_after_warranty",
            "labour_rate_cap",
            "repeat_repair_threshold",
            "exclusions",
            "components",
        ]


class UnitOut(serializers.ModelSerializer):
    model = serializers.CharField(source="product_model.code")
    model_name = serializers.CharField(source="product_model.name")
    customer_name = serializers.CharField(source="customer.name")
    customer_phone = serializers.CharField(source="customer.phone")
    selling_dealer = serializers.CharField(
        source="selling_dealer.code", default=None, allow_null=True
    )
    selling_dealer_name = serializers.CharField(
        source="selling_dealer.name", default=None, allow_null=True
    )
    replaces = serializers.CharField(source="replaces.serial", default=None, allow_null=True)
    card_filed_on = serializers.DateField(source="card.filed_on", default=None, allow_null=True)

    class Meta:
        model = Unit
        fields = [
            "serial",
            "model",
            "model_name",
            "customer_name",
            "customer_phone",
            "selling_dealer",
            "selling_dealer_name",
            "sale_date",
            "acceptance_date",
            "site_address",
            "component_serials",
            "status",
            "replaces",
            "card_filed_on",
        ]


class UnitIn(serializers.Serializer):
    serial = serializers.CharField(max_length=64)
    model = serializers.SlugRelatedField(
        slug_field="code", queryset=ProductModel.objects.filter(is_active=True)
    )
    customer_name = serializers.CharField(max_length=200)
    customer_phone = serializers.CharField(max_length=40)
    customer_address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    selling_dealer = serializers.CharField(
        max_length=32, required=False, allow_blank=True, allow_null=True
    )
    sale_date = serializers.DateField()
    acceptance_date = serializers.DateField(required=False, allow_null=True)
    site_address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    component_serials = serializers.DictField(
        child=serializers.CharField(max_length=64), required=False
    )


class ImportIn(serializers.Serializer):
    file = serializers.FileField()


class CardOut(serializers.ModelSerializer):
    serial = serializers.CharField(source="unit.serial")
    dealer = serializers.CharField(source="dealer.code", default=None, allow_null=True)
    filed_by = serializers.CharField(source="filed_by.username", default=None, allow_null=True)

    class Meta:
        model = WarrantyCard
        fields = [
            "id",
            "serial",
            "dealer",
            "customer_name",
            "customer_phone",
            "customer_address",
            "invoice_number",
            "filed_on",
            "filed_by",
        ]


class CardIn(serializers.Serializer):
    serial = serializers.CharField(max_length=64)
    customer_name = serializers.CharField(max_length=200)
    customer_phone = serializers.CharField(max_length=40)
    customer_address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    invoice_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    filed_on = serializers.DateField(required=False)


class ContractOut(serializers.ModelSerializer):
    customer_name = serializers.CharField(source="customer.name")
    units = serializers.SlugRelatedField(many=True, read_only=True, slug_field="serial")  # type: ignore[var-annotated]
    owner = serializers.CharField(source="owner.username")
    account_manager = serializers.CharField(
        source="account_manager.username", default=None, allow_null=True
    )
    renewed_from = serializers.CharField(
        source="renewed_from.number", default=None, allow_null=True
    )
    visits = serializers.SerializerMethodField()

    class Meta:
        model = MaintenanceContract
        fields = [
            "id",
            "number",
            "customer",
            "customer_name",
            "units",
            "start",
            "end",
            "visits_per_year",
            "price",
            "owner",
            "account_manager",
            "renewed_from",
            "renewal_notified_at",
            "visits",
        ]

    def get_visits(self, contract: MaintenanceContract) -> list[dict[str, str]]:
        return [
            {
                "scheduled_date": v.scheduled_date.isoformat(),
                "ticket": v.ticket.number,
                "status": v.ticket.status,
            }
            for v in contract.visits.all()
        ]


class ContractIn(serializers.Serializer):
    number = serializers.CharField(max_length=40)
    customer = serializers.IntegerField()
    units = serializers.ListField(child=serializers.CharField(max_length=64), allow_empty=False)
    start = serializers.DateField()
    end = serializers.DateField()
    visits_per_year = serializers.IntegerField(min_value=1, max_value=52)
    price = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    account_manager = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)

    def validate(self, attrs):  # type: ignore[no-untyped-def]
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError(
                {"end": [_("The end date cannot be before the start date.")]}
            )
        return attrs


class RenewIn(serializers.Serializer):
    number = serializers.CharField(max_length=40, required=False)
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    visits_per_year = serializers.IntegerField(min_value=1, max_value=52, required=False)
    price = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False)


class ReviseIn(serializers.Serializer):
    exclusion = serializers.CharField(
        max_length=40, required=False, allow_blank=True, allow_null=True
    )
    component = serializers.CharField(
        max_length=40, required=False, allow_blank=True, allow_null=True
    )


# --- the check's answer (documented shape of ``warranty.api.views.check_payload``) --------


class CheckUnitOut(serializers.Serializer):
    serial = serializers.CharField()
    model_code = serializers.CharField()
    model_name = serializers.CharField()
    customer_name = serializers.CharField()
    customer_phone = serializers.CharField()
    dealer = serializers.CharField(allow_null=True)
    sale_date = serializers.DateField(allow_null=True)
    acceptance_date = serializers.DateField(allow_null=True)
    status = serializers.CharField()


class CheckComponentOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    end = serializers.DateField()
    covered = serializers.BooleanField()


class CheckRepairOut(serializers.Serializer):
    number = serializers.CharField()
    received_at = serializers.DateTimeField()
    status = serializers.CharField()
    fault_description = serializers.CharField()


class CheckOut(serializers.Serializer):
    serial = serializers.CharField()
    found = serializers.BooleanField()
    unit = CheckUnitOut()
    decision = serializers.DictField(help_text="The three-guarantees decision, as stored.")
    decision_text = serializers.ListField(child=serializers.CharField())
    components = CheckComponentOut(many=True)
    contract = serializers.CharField(allow_null=True)
    past_repairs = CheckRepairOut(many=True)
    repeat_count = serializers.IntegerField()
    replacement_due = serializers.BooleanField()


class CheckQuery(serializers.Serializer):
    fault_at = serializers.CharField(
        required=False, help_text="When the fault appeared (ISO 8601 date or date-time)."
    )
    component = serializers.CharField(required=False, help_text="A component code.")
    exclusion = serializers.CharField(required=False, help_text="An exclusion reason code.")


class CheckBySerialQuery(CheckQuery):
    serial = serializers.CharField(help_text="The unit's serial number.")


class NotFoundOut(serializers.Serializer):
    detail = serializers.CharField()
    found = serializers.BooleanField(required=False)


class ReviseOut(serializers.Serializer):
    number = serializers.CharField()
    service_type = serializers.CharField()
    entitlement = serializers.DictField()
    event = serializers.CharField()


class ImportOut(serializers.Serializer):
    created = serializers.IntegerField()


class WatchRowOut(serializers.Serializer):
    serial = serializers.CharField()
    sale_date = serializers.DateField()
    due_date = serializers.DateField()
    days_late = serializers.IntegerField(allow_null=True)
    days_left = serializers.IntegerField(allow_null=True)
    dealer = serializers.CharField(allow_null=True)


class WatchOut(serializers.Serializer):
    missing = WatchRowOut(many=True)
    due_soon = WatchRowOut(many=True)
    pending = WatchRowOut(many=True)
    late = WatchRowOut(many=True)
