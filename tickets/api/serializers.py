"""Input and output shapes of the ticket API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.encoding import smart_str
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from aftersales.serializers import FieldsBuiltOnce, FieldsCopiedShallow
from tickets.api import rows
from tickets.models import (
    Customer,
    FaultSeverity,
    LabourEntry,
    PartUsage,
    RegionClass,
    Ticket,
    TicketEvent,
    WorkflowAction,
)
from tickets.reference import active_region_class, active_severity
from tickets.timeline import event_label


class _CodeField(serializers.SlugRelatedField):
    """An active row by its code, read from the process's reference table
    (``tickets.reference``). The queryset stays on the class for the schema and for
    choices; building the input serializer per request does not clone it."""

    lookup: Any

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", **kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, (str, int)):
            self.fail("invalid")
        row = type(self).lookup(str(data))
        if row is None:
            self.fail("does_not_exist", slug_name="code", value=smart_str(data))
        return row


class SeverityCodeField(_CodeField):
    """An active fault severity by its code."""

    queryset = FaultSeverity.objects.filter(is_active=True)
    lookup = staticmethod(active_severity)


class RegionCodeField(_CodeField):
    """An active region class by its code."""

    queryset = RegionClass.objects.filter(is_active=True)
    lookup = staticmethod(active_region_class)


class FaultSeveritySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)

    class Meta:
        model = FaultSeverity
        fields = ["code", "rank", "name", "name_zh", "name_en", "description"]


class CustomerSerializer(serializers.ModelSerializer):
    region_class = RegionCodeField(required=False, allow_null=True)

    class Meta:
        model = Customer
        fields = ["id", "name", "phone", "address", "region_class", "created_at"]
        read_only_fields = ["id", "created_at"]


class NewCustomerSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    phone = serializers.CharField(max_length=40)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    region_class = RegionCodeField(required=False, allow_null=True, default=None)


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "description": "id of an existing customer"},
            {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "phone": {"type": "string"},
                    "address": {"type": "string"},
                    "region_class": {"type": "string"},
                },
                "required": ["name", "phone"],
            },
        ]
    }
)
class CustomerRefField(serializers.Field):
    """An existing customer's id, or ``{name, phone, address, region_class}`` for a new one."""

    default_error_messages = {
        "invalid": _("Give a customer id or an object with name and phone."),
        "unknown": _("There is no customer with this id."),
    }

    def to_internal_value(self, data: Any) -> Customer | dict[str, Any]:
        if isinstance(data, bool):
            self.fail("invalid")
        # ``str.isdigit`` also accepts "²" or "١٢", which ``int()`` refuses: ASCII digits only.
        if isinstance(data, int) or (isinstance(data, str) and data.isascii() and data.isdigit()):
            scope = self.context["customer_scope"]
            found = (  # by its key: the model's ordering by name would only cost compiling
                scope.select_related("region_class").filter(pk=int(data)).order_by()
                if 0 < int(data) < 2**62
                else []
            )
            customer = next(iter(found), None)
            if customer is None:
                self.fail("unknown")
            return customer
        if isinstance(data, dict):
            nested = NewCustomerSerializer(data=data)
            nested.is_valid(raise_exception=True)
            return dict(nested.validated_data)
        self.fail("invalid")
        return {}  # pragma: no cover - fail() raises

    def to_representation(self, value: Any) -> Any:
        return value.pk if isinstance(value, Customer) else value


class CustomerBriefSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    class Meta:
        model = Customer
        fields = ["id", "name", "phone"]


class PersonSerializer(FieldsBuiltOnce, serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="__str__")


class OrganisationBriefSerializer(FieldsBuiltOnce, serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class TicketListSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    customer = CustomerBriefSerializer(read_only=True)
    severity = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    region_class = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    assigned_organisation = OrganisationBriefSerializer(read_only=True)
    technician = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Ticket
        fields = [
            "number",
            "status",
            "status_display",
            "kind",
            "channel",
            "customer",
            "severity",
            "region_class",
            "service_type",
            "product_model",
            "serial_number",
            "assigned_organisation",
            "technician",
            "received_at",
            "updated_at",
            "sla_state",
            "sla_due_at",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Ticket) -> dict[str, Any]:
        return rows.list_row(instance)  # the fields above, without DRF's walk (see rows)


@extend_schema_serializer(component_name="TicketPartUsage")
class PartSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    class Meta:
        model = PartUsage
        fields = [
            "part_number",
            "name",
            "quantity",
            "unit_price",
            "is_new",
            "old_part_retained",
            "old_part_tag",
            "recorded_at",
        ]


class LabourSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    technician = PersonSerializer(read_only=True)

    class Meta:
        model = LabourEntry
        fields = ["technician", "work_date", "hours", "work_type", "note"]


class TicketDetailSerializer(TicketListSerializer):
    supervisor = PersonSerializer(read_only=True, allow_null=True)
    parts = PartSerializer(many=True, read_only=True)
    labour = LabourSerializer(many=True, read_only=True)

    class Meta(TicketListSerializer.Meta):
        fields = [
            *TicketListSerializer.Meta.fields,
            "fault_description",
            "contact_name",
            "contact_phone",
            "site_address",
            "entitlement",
            "supervisor",
            "workshop_receipt_no",
            "signed_by_name",
            "signed_at",
            "signoff_comment",
            "cancel_reason",
            "resolved_at",
            "closed_at",
            "parts",
            "labour",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Ticket) -> dict[str, Any]:
        row = rows.detail_row(instance)
        for name in ("parts", "labour"):
            field = self.fields[name]
            row[name] = field.to_representation(field.get_attribute(instance))
        return row


class TicketCreateSerializer(FieldsCopiedShallow, serializers.Serializer):
    customer = CustomerRefField()
    fault_description = serializers.CharField(max_length=5000)
    severity = SeverityCodeField()
    kind = serializers.ChoiceField(choices=Ticket.Kind.choices, default=Ticket.Kind.REPAIR)
    channel = serializers.ChoiceField(choices=Ticket.Channel.choices, default=Ticket.Channel.API)
    region_class = RegionCodeField(required=False, allow_null=True, default=None)
    product_model = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    serial_number = serializers.CharField(
        max_length=64, required=False, allow_blank=True, default=""
    )
    received_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    contact_name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    contact_phone = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default=""
    )
    site_address = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )
    service_type = serializers.ChoiceField(
        choices=Ticket.ServiceType.choices,
        required=False,
        allow_null=True,
        default=None,
        help_text="Only to override the warranty decision's type (roles allowed by the intake "
        "rules), with service_type_reason.",
    )
    service_type_reason = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default=""
    )


class TicketUpdateSerializer(serializers.Serializer):
    fault_description = serializers.CharField(max_length=5000, required=False)
    contact_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    site_address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    product_model = serializers.CharField(max_length=100, required=False, allow_blank=True)
    serial_number = serializers.CharField(max_length=64, required=False, allow_blank=True)


class EventSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    label = serializers.SerializerMethodField()  # type: ignore[assignment]
    actor = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = TicketEvent
        fields = [
            "id",
            "code",
            "label",
            "actor",
            "at",
            "from_status",
            "to_status",
            "payload",
            "public",
        ]

    def get_label(self, event: TicketEvent) -> str:
        return event_label(event.code)


class ActionFieldSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    required = serializers.BooleanField()  # type: ignore[assignment]
    type = serializers.CharField()
    choices = serializers.ListField(child=serializers.JSONField(), required=False)


class AvailableActionSerializer(serializers.Serializer):
    action = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    to_status = serializers.CharField()
    fields = ActionFieldSerializer(many=True)  # type: ignore[assignment]


@extend_schema_serializer(component_name="TicketTransitionInput")
class TransitionInputSerializer(serializers.Serializer):
    action = serializers.SlugField(max_length=32)


class TransitionResultSerializer(serializers.Serializer):
    event = EventSerializer()
    ticket = TicketDetailSerializer()


def describe_field(name: str, field: forms.Field, *, with_choices: bool = False) -> dict[str, Any]:
    kind = type(field).__name__.removesuffix("Field").lower() or "char"
    described: dict[str, Any] = {
        "name": name,
        "label": str(field.label or name),
        "required": field.required,
        "type": kind,
    }
    if with_choices and isinstance(field, forms.ChoiceField):
        # A form ChoiceField's choices are a list of pairs by the time a form is built.
        choices: Any = field.choices
        described["choices"] = [
            {"value": value, "label": str(label)} for value, label in choices if value != ""
        ]
    return described


def describe_action(rule: WorkflowAction, form_class: type[forms.Form]) -> dict[str, Any]:
    form = form_class()
    return {
        "action": rule.action,
        "label": rule.label,
        "to_status": rule.to_status,
        "fields": [describe_field(name, field) for name, field in form.fields.items()],
    }
