"""The parts API: reads from the scoped selectors (another dealer's store or ticket is a 404),
every write through one service."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from accounts.requests import request_user
from parts import selectors, services
from parts.api import serializers as s
from parts.models import Part, StockCount, StockLevel, StockMove, Store, SupplierOrder
from tickets.models import Ticket
from tickets.selectors import ticket_scope


def _unknown(field: str) -> ValidationError:
    return ValidationError({field: [_("Unknown or not yours.")]})


def store_of(user: User, code: str, field: str = "store") -> Store:
    store = selectors.store_list(user).filter(code=code).first() if code else None
    if store is None:
        raise _unknown(field)
    return store


def any_store(code: str, field: str) -> Store:
    """A store named as the source of a transfer: any active one (a dealer asks the warehouse)."""
    store = Store.objects.filter(code=code, is_active=True).first()
    if store is None:
        raise _unknown(field)
    return store


def part_of(number: str, field: str = "part") -> Part:
    part = Part.objects.filter(part_number=number, is_active=True).first()
    if part is None:
        raise _unknown(field)
    return part


def ticket_of(user: User, number: str, field: str = "ticket") -> Ticket:
    ticket = ticket_scope(user).filter(number=number).first() if number else None
    if ticket is None:
        raise _unknown(field)
    return ticket


def _valid(serializer_class: type, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class StoreViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.StoreSerializer

    def get_queryset(self) -> QuerySet[Store]:
        return selectors.store_list(request_user(self.request))

    @extend_schema(responses=s.LevelSerializer(many=True), summary="Stock of one store")
    @action(detail=True, methods=["get"])
    def stock(self, request: Request, pk: str | None = None) -> Response:
        store = self.get_object()
        levels = selectors.level_list(request_user(request), store)
        return Response(s.LevelSerializer(levels, many=True).data)


class PartViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.PartSerializer

    def get_queryset(self) -> QuerySet[Part]:
        return selectors.part_list(request_user(self.request))


class LevelViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.LevelSerializer

    def get_queryset(self) -> QuerySet[StockLevel]:
        levels = selectors.level_list(request_user(self.request))
        if self.request.query_params.get("store"):
            levels = levels.filter(store__code=self.request.query_params["store"])
        if self.request.query_params.get("low") == "1":
            levels = selectors.low_levels(request_user(self.request))
        return levels

    @extend_schema(request=s.MinimumInput, responses=s.LevelSerializer)
    @action(detail=True, methods=["post"])
    def minimum(self, request: Request, pk: str | None = None) -> Response:
        level = self.get_object()
        data = _valid(s.MinimumInput, request)
        level = services.stock_level_set_minimum(
            by=request_user(request),
            store=level.store,
            part=level.part,
            min_level=data["min_level"],
        )
        return Response(s.LevelSerializer(level).data)


class MoveViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.MoveSerializer

    def get_queryset(self) -> QuerySet[StockMove]:
        moves = selectors.move_list(request_user(self.request))
        if self.request.query_params.get("store"):
            moves = moves.filter(store__code=self.request.query_params["store"])
        return moves


class ReceiptViewSet(viewsets.GenericViewSet):
    serializer_class = s.MoveSerializer

    @extend_schema(request=s.ReceiptInput, responses=s.MoveSerializer)
    def create(self, request: Request) -> Response:
        data = _valid(s.ReceiptInput, request)
        move = services.stock_receive(
            by=request_user(request),
            store=store_of(request_user(request), data["store"]),
            part=part_of(data["part"]),
            quantity=data["quantity"],
            supplier=data["supplier"],
            reference=data["reference"],
        )
        return Response(s.MoveSerializer(move).data, status=status.HTTP_201_CREATED)


class SupplierOrderViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.SupplierOrderSerializer

    def get_queryset(self) -> QuerySet[SupplierOrder]:
        return SupplierOrder.objects.filter(
            store__in=selectors.store_list(request_user(self.request))
        ).select_related("store", "part")

    @extend_schema(request=s.OrderInput, responses=s.SupplierOrderSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _valid(s.OrderInput, request)
        order = services.supplier_order_place(
            by=request_user(request),
            store=store_of(request_user(request), data["store"]),
            part=part_of(data["part"]),
            quantity=data["quantity"],
            supplier=data["supplier"],
        )
        return Response(s.SupplierOrderSerializer(order).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.OrderReceiveInput, responses=s.MoveSerializer)
    @action(detail=True, methods=["post"])
    def receive(self, request: Request, pk: str | None = None) -> Response:
        data = _valid(s.OrderReceiveInput, request)
        move = services.supplier_order_receive(
            by=request_user(request), order=self.get_object(), delivery_note=data["delivery_note"]
        )
        return Response(s.MoveSerializer(move).data)


class TransferViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.TransferSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.transfer_list(request_user(self.request))

    @extend_schema(request=s.TransferInput, responses=s.TransferSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _valid(s.TransferInput, request)
        ticket = ticket_of(request_user(request), data["ticket"]) if data["ticket"] else None
        transfer = services.transfer_request(
            by=request_user(request),
            from_store=any_store(data["from_store"], "from_store"),
            to_store=store_of(request_user(request), data["to_store"], "to_store"),
            lines=[(part_of(line["part"], "lines"), line["quantity"]) for line in data["lines"]],
            ticket=ticket,
            note=data["note"],
        )
        return Response(s.TransferSerializer(transfer).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ShipInput, responses=s.TransferSerializer)
    @action(detail=True, methods=["post"])
    def ship(self, request: Request, pk: str | None = None) -> Response:
        data = _valid(s.ShipInput, request)
        transfer = services.transfer_ship(
            by=request_user(request),
            transfer=self.get_object(),
            tracking_number=data["tracking_number"],
        )
        return Response(s.TransferSerializer(transfer).data)

    @extend_schema(request=None, responses=s.TransferSerializer)
    @action(detail=True, methods=["post"])
    def receive(self, request: Request, pk: str | None = None) -> Response:
        transfer = services.transfer_receive(by=request_user(request), transfer=self.get_object())
        return Response(s.TransferSerializer(transfer).data)

    @extend_schema(request=None, responses=s.TransferSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        transfer = services.transfer_cancel(by=request_user(request), transfer=self.get_object())
        return Response(s.TransferSerializer(transfer).data)


class ReservationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ReservationSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        reservations = selectors.reservation_list(request_user(self.request))
        if self.request.query_params.get("ticket"):
            reservations = reservations.filter(ticket__number=self.request.query_params["ticket"])
        return reservations

    @extend_schema(request=s.ReserveInput, responses=s.ReservationSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _valid(s.ReserveInput, request)
        reservation = services.part_reserve(
            by=request_user(request),
            ticket=ticket_of(request_user(request), data["ticket"]),
            part=part_of(data["part"]),
            quantity=data["quantity"],
            store=store_of(request_user(request), data["store"]) if data["store"] else None,
        )
        return Response(s.ReservationSerializer(reservation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ConsumeInput, responses=s.MoveSerializer)
    @action(detail=True, methods=["post"])
    def consume(self, request: Request, pk: str | None = None) -> Response:
        data = _valid(s.ConsumeInput, request)
        move = services.reservation_consume(
            by=request_user(request),
            reservation=self.get_object(),
            old_part_tag=data["old_part_tag"],
        )
        return Response(s.MoveSerializer(move).data)

    @extend_schema(request=None, responses=s.ReservationSerializer)
    @action(detail=True, methods=["post"])
    def release(self, request: Request, pk: str | None = None) -> Response:
        reservation = services.reservation_release(
            by=request_user(request), reservation=self.get_object()
        )
        return Response(s.ReservationSerializer(reservation).data)


class UseViewSet(viewsets.GenericViewSet):
    serializer_class = s.MoveSerializer

    @extend_schema(request=s.UseInput, responses=s.MoveSerializer)
    def create(self, request: Request) -> Response:
        data = _valid(s.UseInput, request)
        move = services.part_use(
            by=request_user(request),
            ticket=ticket_of(request_user(request), data["ticket"]),
            part=part_of(data["part"]),
            quantity=data["quantity"],
            store=store_of(request_user(request), data["store"]) if data["store"] else None,
            old_part_tag=data["old_part_tag"],
        )
        return Response(s.MoveSerializer(move).data, status=status.HTTP_201_CREATED)


class CountViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.CountSerializer

    def get_queryset(self) -> QuerySet[StockCount]:
        return (
            StockCount.objects.filter(store__in=selectors.store_list(request_user(self.request)))
            .select_related("store")
            .prefetch_related("lines__part")
        )

    @extend_schema(request=s.CountStartInput, responses=s.CountSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _valid(s.CountStartInput, request)
        count = services.stock_count_start(
            by=request_user(request), store=store_of(request_user(request), data["store"])
        )
        return Response(s.CountSerializer(count).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.CountRecordInput, responses=s.CountSerializer)
    @action(detail=True, methods=["post"])
    def lines(self, request: Request, pk: str | None = None) -> Response:
        data = _valid(s.CountRecordInput, request)
        counted = {
            part_of(number, f"counted[{number}]").pk: n for number, n in data["counted"].items()
        }
        count = services.stock_count_record(
            by=request_user(request), count=self.get_object(), counted=counted
        )
        return Response(s.CountSerializer(self.get_queryset().get(pk=count.pk)).data)

    @extend_schema(request=None, responses=s.CountSerializer)
    @action(detail=True, methods=["post"])
    def post(self, request: Request, pk: str | None = None) -> Response:
        count = self.get_object()
        services.stock_count_post(by=request_user(request), count=count)
        return Response(s.CountSerializer(self.get_queryset().get(pk=count.pk)).data)
