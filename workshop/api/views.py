"""The workshop API: scoped reads (another organisation's entry is a 404), one service per
write, the same rules as the pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.requests import request_user
from parts.api.views import part_of, store_of, ticket_of
from workshop import selectors
from workshop.api import serializers as s
from workshop.services import carry_in as carry
from workshop.services import exchange, quotes, refund, standby


def _valid(serializer_class: type, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class CarryInViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Entries of the register; receiving takes JSON, or multipart with ``photos`` of the
    unit's condition (content-checked by the attachments app). More photos later: the
    attachments API with ``record_type=carry_in``."""

    serializer_class = s.CarryInSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        entries = selectors.carry_in_list(request_user(self.request)).prefetch_related("movements")
        if self.request.query_params.get("open") == "1":
            entries = entries.filter(status__in=selectors.OPEN)
        return entries

    def _out(self, entry: Any) -> Response:
        return Response(s.CarryInSerializer(self.get_queryset().get(pk=entry.pk)).data)

    @extend_schema(request=s.ReceiveInput, responses=s.CarryInSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _valid(s.ReceiveInput, request)
        data["ticket"] = ticket_of(request_user(request), data["ticket"])
        entry = carry.carry_in_receive(by=request_user(request), **data)
        return Response(
            s.CarryInSerializer(self.get_queryset().get(pk=entry.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=s.FactoryInput, responses=s.CarryInSerializer)
    @action(detail=True, methods=["post"])
    def factory(self, request: Request, pk: str | None = None) -> Response:
        data = _valid(s.FactoryInput, request)
        entry = carry.carry_in_send_to_factory(
            by=request_user(request), entry=self.get_object(), **data
        )
        return self._out(entry)

    @extend_schema(request=s.NoteInput, responses=s.CarryInSerializer)
    @action(detail=True, methods=["post"])
    def back(self, request: Request, pk: str | None = None) -> Response:
        data = _valid(s.NoteInput, request)
        entry = carry.carry_in_back_from_factory(
            by=request_user(request), entry=self.get_object(), **data
        )
        return self._out(entry)

    @extend_schema(request=s.ReturnInput, responses=s.CarryInSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        data = _valid(s.ReturnInput, request)
        entry = carry.carry_in_return(by=request_user(request), entry=self.get_object(), **data)
        return self._out(entry)


class StandbyUnitViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.StandbyUnitSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.standby_units(request_user(self.request))


class LoanViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.LoanSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        loans = selectors.loan_list(request_user(self.request))
        if self.request.query_params.get("overdue") == "1":
            loans = loans.filter(pk__in=standby.overdue_loans().values("pk"))
        return loans

    @extend_schema(request=s.LendInput, responses=s.LoanSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _valid(s.LendInput, request)
        unit = (
            selectors.standby_units(request_user(request)).filter(serial=data.pop("unit")).first()
        )
        if unit is None:
            raise ValidationError({"unit": [_("Unknown or not yours.")]})
        loan = standby.standby_lend(
            by=request_user(request),
            unit=unit,
            ticket=ticket_of(request_user(request), data.pop("ticket")),
            **data,
        )
        return Response(s.LoanSerializer(loan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.NoteInput, responses=s.LoanSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        data = _valid(s.NoteInput, request)
        loan = standby.standby_return(by=request_user(request), loan=self.get_object(), **data)
        return Response(s.LoanSerializer(loan).data)


class QuoteViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.QuoteSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.quote_list(request_user(self.request))

    @extend_schema(request=s.QuoteInput, responses=s.QuoteSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _valid(s.QuoteInput, request)
        quote = quotes.quote_create(
            by=request_user(request),
            ticket=ticket_of(request_user(request), data["ticket"]),
            lines=[(part_of(line["part"], "lines"), line["quantity"]) for line in data["lines"]],
            hours=data["hours"],
            travel_km=data["travel_km"],
            note=data["note"],
        )
        return Response(
            s.QuoteSerializer(self.get_queryset().get(pk=quote.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=s.DecideInput, responses=s.QuoteSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        data = _valid(s.DecideInput, request)
        quote = quotes.quote_decide(by=request_user(request), quote=self.get_object(), **data)
        return Response(s.QuoteSerializer(self.get_queryset().get(pk=quote.pk)).data)


class BillViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.BillSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.bill_list(request_user(self.request))

    @extend_schema(request=s.BillInput, responses=s.BillSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _valid(s.BillInput, request)
        bill = quotes.bill_issue(
            by=request_user(request), ticket=ticket_of(request_user(request), data["ticket"])
        )
        return Response(s.BillSerializer(bill).data, status=status.HTTP_201_CREATED)


class ExchangeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ExchangeSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.exchange_list(request_user(self.request))

    @extend_schema(request=s.ExchangeInput, responses=s.ExchangeSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _valid(s.ExchangeInput, request)
        order = exchange.exchange_create(
            by=request_user(request),
            ticket=ticket_of(request_user(request), data["ticket"]),
            replacement=part_of(data["replacement"], "replacement"),
            store=store_of(request_user(request), data["store"]),
            new_serial=data["new_serial"],
        )
        return Response(s.ExchangeSerializer(order).data, status=status.HTTP_201_CREATED)


class ReturnViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Return orders (包退), in the user's ticket scope."""

    serializer_class = s.ReturnSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.return_list(request_user(self.request))

    @extend_schema(request=s.RefundInput, responses=s.ReturnSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _valid(s.RefundInput, request)
        order = refund.return_create(
            by=request_user(request),
            ticket=ticket_of(request_user(request), data.pop("ticket")),
            **data,
        )
        return Response(
            s.ReturnSerializer(self.get_queryset().get(pk=order.pk)).data,
            status=status.HTTP_201_CREATED,
        )
