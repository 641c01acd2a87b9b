"""The ticket API: every queryset comes from a selector in the caller's scope, every write
goes through one service."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.requests import request_user
from tickets import actions, services
from tickets.actions import form_for
from tickets.api import rows
from tickets.api.pagination import QueuePagination
from tickets.api.serializers import (
    AvailableActionSerializer,
    CustomerSerializer,
    EventSerializer,
    FaultSeveritySerializer,
    TicketCreateSerializer,
    TicketDetailSerializer,
    TicketListSerializer,
    TicketUpdateSerializer,
    TransitionInputSerializer,
    TransitionResultSerializer,
    describe_action,
)
from tickets.filters import CustomerFilter, QueueApiFilter
from tickets.models import Customer, FaultSeverity, Ticket
from tickets.selectors import customer_scope, ticket_events_for, ticket_list, ticket_scope

NUMBER_PATTERN = r"[0-9]{4}-[0-9]{1,10}"


@extend_schema_view(
    list=extend_schema(summary="The queue: tickets in my scope, filtered and sorted"),
    retrieve=extend_schema(summary="One ticket by number"),
    partial_update=extend_schema(
        summary="Correct descriptive fields (status changes go through transitions)",
        request=TicketUpdateSerializer,
        responses=TicketDetailSerializer,
    ),
    create=extend_schema(
        summary="Register a ticket",
        request=TicketCreateSerializer,
        responses={201: TicketDetailSerializer},
    ),
)
class TicketViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    lookup_field = "number"
    lookup_value_regex = NUMBER_PATTERN
    filterset_class = QueueApiFilter
    pagination_class = QueuePagination
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Ticket]:
        if self.action == "list":
            return ticket_scope(request_user(self.request))  # rows read as tuples: list()
        queryset = ticket_list(request_user(self.request))
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("parts", "labour__technician")
        return queryset

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The queue page read as tuples (``rows.queue_row``: what ``TicketListSerializer``
        gives, without building the page's model instances)."""
        queryset = self.filter_queryset(self.get_queryset())
        paginator = self.paginator
        assert isinstance(paginator, QueuePagination)
        page = paginator.paginate_queryset(queryset, request, self, columns=rows.QUEUE_VALUES)
        assert page is not None  # the queue is always paged
        return self.get_paginated_response([rows.queue_row(values) for values in page])

    def get_serializer_class(self) -> type:
        if self.action == "list":
            return TicketListSerializer
        if self.action == "create":
            return TicketCreateSerializer
        if self.action == "partial_update":
            return TicketUpdateSerializer
        return TicketDetailSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        if self.request.user.is_authenticated:
            context["customer_scope"] = customer_scope(self.request.user)
        return context

    def _detail(self, number: str) -> Response:
        ticket = (
            self.get_queryset().prefetch_related("parts", "labour__technician").get(number=number)
        )
        return Response(TicketDetailSerializer(ticket, context=self.get_serializer_context()).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = TicketCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        ticket = services.ticket_register(by=request_user(request), **serializer.validated_data)
        # A new ticket has no parts or hours yet: answer from memory, without re-reading it
        # (empty lists as the "prefetched" rows: an empty queryset would still be compiled).
        ticket._prefetched_objects_cache = {"parts": [], "labour": []}  # type: ignore[attr-defined]
        body = TicketDetailSerializer(ticket, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        ticket = self.get_object()
        serializer = TicketUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.ticket_update(ticket=ticket, by=request_user(request), **serializer.validated_data)
        return self._detail(ticket.number)

    @extend_schema(summary="The ticket's timeline", responses=EventSerializer(many=True))
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def events(self, request: Request, number: str | None = None) -> Response:
        ticket = self.get_object()
        events = ticket_events_for(ticket, request_user(request))
        return Response(EventSerializer(events, many=True).data)

    @extend_schema(
        methods=["GET"],
        summary="Actions I may perform now, with their fields",
        responses=AvailableActionSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary='Perform an action: {"action": code, …its fields}',
        request=TransitionInputSerializer,
        responses={
            201: TransitionResultSerializer,
            400: OpenApiResponse(description="Invalid or missing fields, per field"),
            403: OpenApiResponse(description="Your role may not perform this action"),
            409: OpenApiResponse(description="Not allowed in the ticket's current status"),
        },
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def transitions(self, request: Request, number: str | None = None) -> Response:
        ticket = self.get_object()
        if request.method == "GET":
            rules = actions.available_actions(ticket, request_user(request))
            return Response([describe_action(rule, form_for(rule.action)) for rule in rules])
        if not isinstance(request.data, dict):
            raise ValidationError({"detail": [_("Send an object with the action and its fields.")]})
        head = TransitionInputSerializer(data=request.data)
        head.is_valid(raise_exception=True)
        fields = {k: v for k, v in request.data.items() if k != "action"}
        event = actions.perform_action(
            ticket=ticket,
            by=request_user(request),
            action=head.validated_data["action"],
            data=fields,
        )
        ticket = (
            self.get_queryset().prefetch_related("parts", "labour__technician").get(pk=ticket.pk)
        )
        body = {
            "event": EventSerializer(event).data,
            "ticket": TicketDetailSerializer(ticket).data,
        }
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Customers in my scope (?phone= prefix, ?q= name/phone)"),
    create=extend_schema(summary="Register a customer (agents, supervisors, managers)"),
)
class CustomerViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = CustomerSerializer
    filterset_class = CustomerFilter
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["name", "phone", "created_at"]

    def get_queryset(self) -> QuerySet[Customer]:
        return (
            customer_scope(request_user(self.request))
            .select_related("region_class")
            .order_by("name", "pk")
        )

    def perform_create(self, serializer: CustomerSerializer) -> None:  # type: ignore[override]
        serializer.instance = services.customer_register(
            by=request_user(self.request), **serializer.validated_data
        )


class FaultSeverityViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = FaultSeveritySerializer
    queryset = FaultSeverity.objects.filter(is_active=True).order_by("rank", "code")
    lookup_field = "code"
    pagination_class = None
    filterset_class = None
