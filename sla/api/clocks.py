"""``sla-clocks/``: clocks in the reader's scope with live values — ``used_seconds``,
``remaining_seconds``, ``state`` and ``due_at`` recomputed from the ticket's history at read
time (``as_of``), never the stored snapshot of the clock's last write. A page costs the same
few queries whatever its length."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.requests import request_user
from sla.live import LiveClock, clock_list, live_clocks
from sla.models import ClockState, Metric, SlaClock


class LiveClockSerializer(serializers.Serializer):
    ticket = serializers.CharField(source="clock.ticket.number")
    metric = serializers.CharField(source="clock.metric")
    state = serializers.CharField(source="result.state")
    started_at = serializers.DateTimeField(source="result.started_at", allow_null=True)
    due_at = serializers.DateTimeField(source="result.due_at", allow_null=True)
    stopped_at = serializers.DateTimeField(source="result.stopped_at", allow_null=True)
    duration_seconds = serializers.IntegerField()
    used_seconds = serializers.IntegerField(source="result.used_seconds")
    remaining_seconds = serializers.IntegerField(source="result.remaining_seconds")
    due_past_horizon = serializers.BooleanField(source="result.due_past_horizon")
    as_of = serializers.DateTimeField(
        help_text="The instant the state and the used / remaining seconds describe (read time)."
    )


class ClockViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Clocks in scope, nearest due first; ``?state=running`` / ``?metric=on_site`` filter by
    the stored state and metric (a stored "running" clock may be live "breached")."""

    serializer_class = LiveClockSerializer
    queryset = SlaClock.objects.none()  # the model, for the schema; rows from get_queryset

    def get_queryset(self) -> QuerySet[SlaClock]:
        params = self.request.query_params
        state = params.get("state") if params.get("state") in ClockState.values else None
        metric = params.get("metric") if params.get("metric") in Metric.values else None
        return clock_list(request_user(self.request), state=state, metric=metric)

    @extend_schema(
        parameters=[
            OpenApiParameter("state", OpenApiTypes.STR, enum=ClockState.values),
            OpenApiParameter("metric", OpenApiTypes.STR, enum=Metric.values),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        rows: list[LiveClock] = live_clocks(list(page or []), timezone.now())
        return self.get_paginated_response(LiveClockSerializer(rows, many=True).data)
