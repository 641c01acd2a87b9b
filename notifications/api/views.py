"""``/api/v1/notifications/``: my notifications; mark one or all read."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.requests import request_user
from notifications.models import Notification
from notifications.selectors import notification_list, unread_count
from notifications.services import notification_mark_read


class NotificationSerializer(serializers.ModelSerializer):
    text = serializers.CharField(read_only=True)
    ticket = serializers.SlugRelatedField(slug_field="number", read_only=True, allow_null=True)  # type: ignore[var-annotated]

    class Meta:
        model = Notification
        fields = ["id", "code", "ticket", "payload", "text", "created_at", "read_at"]


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField()
    unread = serializers.IntegerField()


class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = NotificationSerializer

    def get_queryset(self) -> QuerySet[Notification]:
        queryset = notification_list(request_user(self.request))
        if self.request.query_params.get("unread") in {"1", "true"}:
            queryset = queryset.filter(read_at__isnull=True)
        return queryset

    @extend_schema(request=None, responses=MarkedSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        notification = self.get_object()
        marked = notification_mark_read(user=request_user(request), ids=[notification.pk])
        return Response({"marked": marked, "unread": unread_count(request_user(request))})

    @extend_schema(request=None, responses=MarkedSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        marked = notification_mark_read(user=request_user(request))
        return Response({"marked": marked, "unread": 0})
