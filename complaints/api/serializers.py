from __future__ import annotations

from rest_framework import serializers

from complaints.models import (
    Channel,
    Complaint,
    ComplaintClass,
    ComplaintClock,
    ComplaintEvent,
    Seriousness,
)
from tickets.models import Ticket


class ComplaintClockSerializer(serializers.ModelSerializer):
    class Meta:
        model = ComplaintClock
        fields = ["kind", "state", "started_at", "due_at", "stopped_at"]


class ComplaintEventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()  # type: ignore[var-annotated]

    class Meta:
        model = ComplaintEvent
        fields = ["code", "at", "actor", "from_status", "to_status", "payload"]


class ComplaintSerializer(serializers.ModelSerializer):
    complaint_class = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    seriousness = serializers.SlugRelatedField(slug_field="code", read_only=True)  # type: ignore[var-annotated]
    department = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)  # type: ignore[var-annotated]
    root_cause = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)  # type: ignore[var-annotated]
    dealer = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)  # type: ignore[var-annotated]
    customer = serializers.StringRelatedField()  # type: ignore[var-annotated]
    tickets = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)  # type: ignore[var-annotated]
    clocks = ComplaintClockSerializer(many=True, read_only=True)

    class Meta:
        model = Complaint
        fields = [
            "number",
            "status",
            "channel",
            "complaint_class",
            "seriousness",
            "customer",
            "contact_name",
            "contact_phone",
            "abroad",
            "description",
            "customer_request",
            "tickets",
            "dealer",
            "product_model",
            "department",
            "root_cause",
            "root_cause_text",
            "corrective_action",
            "preventive_action",
            "action_owner",
            "action_due",
            "reply_text",
            "cancel_reason",
            "received_at",
            "closed_at",
            "closed_on_time",
            "clocks",
        ]


class ComplaintDetailSerializer(ComplaintSerializer):
    events = ComplaintEventSerializer(many=True, read_only=True)

    class Meta(ComplaintSerializer.Meta):
        fields = [*ComplaintSerializer.Meta.fields, "events"]


#: The channels a complaint is registered from by hand (a survey's complaint is made by the survey).
INTAKE_CHANNELS = [c for c in Channel.choices if c[0] != "survey"]


class ComplaintCreateSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=INTAKE_CHANNELS)
    complaint_class = serializers.SlugRelatedField(
        slug_field="code", queryset=ComplaintClass.objects.filter(is_active=True)
    )
    seriousness = serializers.SlugRelatedField(
        slug_field="code", queryset=Seriousness.objects.filter(is_active=True)
    )
    description = serializers.CharField(max_length=4000)
    customer_request = serializers.CharField(max_length=2000, required=False, default="")
    ticket = serializers.SlugRelatedField(
        slug_field="number", queryset=Ticket.objects.none(), required=False, allow_null=True
    )
    customer_name = serializers.CharField(max_length=200, required=False, default="")
    phone = serializers.CharField(max_length=40, required=False, default="")

    def __init__(self, *args, tickets=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if tickets is not None:
            self.fields["ticket"].queryset = tickets

    def validate(self, attrs):  # type: ignore[no-untyped-def]
        if not attrs.get("ticket") and not (attrs.get("customer_name") and attrs.get("phone")):
            raise serializers.ValidationError(
                {"customer_name": ["Name the customer (name and phone) or the ticket."]}
            )
        return attrs


class ActSerializer(serializers.Serializer):
    action = serializers.SlugField(max_length=32)
    data = serializers.DictField(required=False, default=dict)  # type: ignore[assignment]


class SurveySerializer(serializers.Serializer):
    ticket = serializers.SlugRelatedField(slug_field="number", queryset=Ticket.objects.none())  # type: ignore[var-annotated]
    answers = serializers.DictField(child=serializers.CharField(max_length=32))
    comment = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)

    def __init__(self, *args, tickets=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if tickets is not None:
            self.fields["ticket"].queryset = tickets


class SurveyOutSerializer(serializers.Serializer):
    survey = serializers.IntegerField()
    dissatisfied = serializers.BooleanField()
    complaint = serializers.CharField(
        allow_null=True, help_text="The complaint a dissatisfied answer opened, if any"
    )


class RateSerializer(serializers.Serializer):
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    percent = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)


class CompanyRatesSerializer(serializers.Serializer):
    visit = RateSerializer()
    satisfaction = RateSerializer()


class RatesRowSerializer(CompanyRatesSerializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class RatesSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    visit_target = serializers.DecimalField(max_digits=5, decimal_places=2)
    satisfaction_target = serializers.DecimalField(max_digits=5, decimal_places=2)
    company = CompanyRatesSerializer()
    organisations = RatesRowSerializer(many=True)
    technicians = RatesRowSerializer(many=True)
