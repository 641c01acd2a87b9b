"""SLA API: ``tickets/{number}/sla/``, ``sla-policies/`` (managers write: every write creates
a new version). Calendars are in ``sla.api.calendars``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.requests import request_user
from accounts.roles import Role
from aftersales.errors import DomainError
from sla.measuring import policy_reapply
from sla.models import (
    BusinessCalendar,
    EscalationLevel,
    Metric,
    SlaPolicy,
    SlaTarget,
)
from sla.policies import policy_create, policy_revise
from sla.selectors import ticket_clock_views
from tickets.selectors import ticket_scope

SAFE = ("GET", "HEAD", "OPTIONS")


class ManagersWrite(BasePermission):
    """Anyone signed in reads; only managers write."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request_user(request).is_authenticated:
            return False
        return request.method in SAFE or request_user(request).has_role(Role.MANAGER)


# --- tickets/{number}/sla/ ----------------------------------------------------------------------


class SegmentSerializer(serializers.Serializer):
    kind = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    seconds = serializers.IntegerField()
    text = serializers.CharField()


class ExplanationSerializer(serializers.Serializer):
    summary = serializers.CharField()
    totals = serializers.CharField()
    segments = SegmentSerializer(many=True)


class ClockSerializer(serializers.Serializer):
    metric = serializers.CharField()
    metric_label = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField()
    warned = serializers.BooleanField()
    started_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    stopped_at = serializers.DateTimeField(allow_null=True)
    duration_seconds = serializers.IntegerField()
    used_seconds = serializers.IntegerField()
    remaining_seconds = serializers.IntegerField()
    calendar = serializers.CharField()
    time_zone = serializers.CharField()
    as_of = serializers.DateTimeField(
        help_text="The instant used_seconds, remaining_seconds and state describe (read time)."
    )
    due_past_horizon = serializers.BooleanField(
        help_text="The due time falls after the calendar's loaded official schedule."
    )
    schedule_loaded_through = serializers.DateField(allow_null=True)
    horizon_warning = serializers.CharField(allow_blank=True)
    explanation = ExplanationSerializer()


class TicketSlaSerializer(serializers.Serializer):
    number = serializers.CharField()
    sla_state = serializers.CharField()
    sla_due_at = serializers.DateTimeField(allow_null=True)
    clocks = ClockSerializer(many=True)


@extend_schema(responses=TicketSlaSerializer)
@api_view(["GET"])
def ticket_sla(request: Request, number: str) -> Response:
    """Every clock of the ticket with its "why due then"; another organisation's ticket is 404."""
    ticket = get_object_or_404(ticket_scope(request_user(request)), number=number)
    clocks = [view.as_dict() for view in ticket_clock_views(ticket)]
    data = {
        "number": ticket.number,
        "sla_state": ticket.sla_state,
        "sla_due_at": ticket.sla_due_at,
        "clocks": clocks,
    }
    return Response(TicketSlaSerializer(data).data)


# --- sla-policies/ ------------------------------------------------------------------------


@extend_schema_field(
    {
        "type": "string",
        "description": "A metric code: one of the core metrics on input; the policies other "
        "apps seed also measure their own (the workshop's carry_in, factory_repair …).",
    }
)
class MetricField(serializers.ChoiceField):
    """The core metrics are accepted; any stored metric code is answered."""


@extend_schema_serializer(component_name="EscalationLevel")
class LevelSerializer(serializers.ModelSerializer):
    user_ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    reassign_to_id = serializers.IntegerField(required=False, allow_null=True)

    class Meta:
        model = EscalationLevel
        fields = ["level", "offset_seconds", "action", "role", "user_ids", "reassign_to_id"]
        extra_kwargs = {"level": {"required": False}}

    def to_representation(self, instance: EscalationLevel) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["user_ids"] = [u.pk for u in instance.users.all()]
        return data


class TargetSerializer(serializers.ModelSerializer):
    levels = LevelSerializer(many=True, required=False)
    calendar = serializers.SlugRelatedField(
        slug_field="code", queryset=BusinessCalendar.objects.all()
    )
    metric = MetricField(choices=Metric.choices)

    class Meta:
        model = SlaTarget
        fields = [
            "metric",
            "position",
            "when_kinds",
            "when_severities",
            "when_region_classes",
            "when_channels",
            "duration_seconds",
            "calendar",
            "start_on",
            "stop_on",
            "pause_statuses",
            "cancel_on",
            "urgent_percent",
            "levels",
        ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        for name in ("start_on", "stop_on"):
            if not attrs.get(name) or not isinstance(attrs[name], list):
                raise serializers.ValidationError(
                    {name: "A list of at least one status or event code."}
                )
        return attrs


class PolicySerializer(serializers.ModelSerializer):
    targets = TargetSerializer(many=True, required=False)

    class Meta:
        model = SlaPolicy
        fields = [
            "id",
            "key",
            "version",
            "is_current",
            "name_zh",
            "name_en",
            "priority",
            "is_default",
            "match_kinds",
            "match_severities",
            "match_region_classes",
            "match_organisations",
            "match_service_types",
            "created_at",
            "targets",
        ]
        read_only_fields = ["version", "is_current", "created_at"]


def _target_rows(targets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for target in targets:
        row = {k: v for k, v in target.items() if k not in {"calendar", "levels"}}
        row["calendar_id"] = target["calendar"].pk
        row["levels"] = [
            dict(level, level=level.get("level", n))
            for n, level in enumerate(target.get("levels", []))
        ]
        rows.append(row)
    return rows


class PolicyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Current policies (``?all=1``: every version). PUT/PATCH create the next version."""

    serializer_class = PolicySerializer
    permission_classes = [ManagersWrite]

    def get_queryset(self) -> QuerySet[SlaPolicy]:
        queryset = SlaPolicy.objects.prefetch_related("targets__calendar", "targets__levels__users")
        if self.action == "list" and self.request.query_params.get("all") not in {"1", "true"}:
            queryset = queryset.filter(is_current=True)
        return queryset.order_by("priority", "key", "-version")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        if SlaPolicy.objects.filter(key=data["key"]).exists():
            raise DomainError("A policy with this key exists; revise it instead.", field="key")
        targets = _target_rows(data.pop("targets", []))
        serializer.instance = policy_create(
            by=request_user(self.request), fields=data, targets=targets
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        policy = serializer.instance
        if not isinstance(policy, SlaPolicy) or not policy.is_current:
            raise DomainError("Only the current version can be revised.", field="version")
        data = dict(serializer.validated_data)
        data.pop("key", None)
        targets = _target_rows(data.pop("targets")) if "targets" in data else None
        serializer.instance = policy_revise(
            policy=policy, by=request_user(self.request), changes=data, targets=targets
        )

    @extend_schema(request=None, responses={200: dict})
    @action(detail=True, methods=["post"])
    def reapply(self, request: Request, pk: str | None = None) -> Response:
        """Re-measure the open tickets of this policy under this version (history and pauses
        kept)."""
        policy = self.get_object()
        count = policy_reapply(policy)
        return Response({"tickets": count})
