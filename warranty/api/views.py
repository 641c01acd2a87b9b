"""The warranty API: the intake check, units, product models, cards and contracts.

Every queryset comes from a selector in the user's scope: another organisation's row is a
404 exactly like a row that does not exist.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Organisation, User
from accounts.requests import request_user
from aftersales.errors import DomainError
from tickets.selectors import customer_scope, ticket_scope
from warranty import importing, selectors
from warranty.api import serializers as s
from warranty.decisions import REPAIR_KINDS, assess, language, render_reasons
from warranty.services.contracts import contract_create, contract_renew
from warranty.services.revisions import ticket_revise_entitlement
from warranty.services.units import card_file, unit_register

#: Years a fault date may name: the warranty arithmetic (periods of up to decades added to
#: the date) stays inside what Python's dates can hold.
FAULT_AT_RANGE = (1970, 2999)


def parse_fault_at(raw: str | None) -> datetime | None:
    """An ISO date or date-time; a naive value is read in the product's time zone."""
    if not raw:
        return None
    invalid = ValidationError({"fault_at": [_("Use an ISO 8601 date or date-time.")]})
    try:
        # Both parsers raise ValueError for a well-formed but impossible value (2024-02-30).
        value = parse_datetime(raw.strip())
        if value is None:
            day = parse_date(raw.strip())
            if day is None:
                raise invalid
            value = datetime.combine(day, time(12, 0))
        if timezone.is_naive(value):
            value = timezone.make_aware(value, timezone.get_default_timezone())
    except (ValueError, OverflowError):
        raise invalid from None
    if not FAULT_AT_RANGE[0] <= value.year <= FAULT_AT_RANGE[1]:
        raise ValidationError({"fault_at": [_("Give a date between the years 1970 and 2999.")]})
    return value


def check_payload(
    unit, user: User, *, fault_at=None, component=None, exclusion=None
) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The intake decision for ``unit`` as the check endpoint returns it."""
    try:
        decision, repeat_count = assess(unit, fault_at, component or None, exclusion or None)
    except ValueError as exc:
        raise DomainError(
            _("This exclusion is not recognised by the product model's policy."), field="exclusion"
        ) from exc
    lang = language()
    repairs = (
        ticket_scope(user).filter(unit=unit, kind__in=REPAIR_KINDS).order_by("-received_at")[:20]
    )
    return {
        "serial": unit.serial,
        "found": True,
        "unit": {
            "serial": unit.serial,
            "model_code": unit.product_model.code,
            "model_name": unit.product_model.name,
            "customer_name": unit.customer.name,
            "customer_phone": unit.customer.phone,
            "dealer": unit.selling_dealer.name if unit.selling_dealer else None,
            "sale_date": unit.sale_date.isoformat() if unit.sale_date else None,
            "acceptance_date": unit.acceptance_date.isoformat() if unit.acceptance_date else None,
            "status": unit.status,
        },
        "decision": decision.to_dict(),
        "decision_text": render_reasons(decision, lang),
        "components": [
            {
                "code": c.code,
                "name": c.name_en if lang == "en" else c.name_zh,
                "end": c.end.isoformat(),
                "covered": c.covered,
            }
            for c in decision.components
        ],
        "contract": decision.contract,
        "past_repairs": [
            {
                "number": t.number,
                "received_at": t.received_at.isoformat(),
                "status": t.status,
                "fault_description": t.fault_description,
            }
            for t in repairs
        ],
        "repeat_count": repeat_count,
        "replacement_due": decision.replacement_due,
    }


class WarrantyCheckView(APIView):
    """``GET /api/v1/warranty/check/?serial=…[&fault_at=…&component=…&exclusion=…]``."""

    @extend_schema(
        summary="The three-guarantees decision for a serial number in my scope",
        parameters=[s.CheckBySerialQuery],
        responses={200: s.CheckOut, 404: s.NotFoundOut},
    )
    def get(self, request: Request) -> Response:
        serial = (request.query_params.get("serial") or "").strip()
        if not serial:
            raise ValidationError({"serial": [_("This parameter is required.")]})
        fault_at = parse_fault_at(request.query_params.get("fault_at"))
        unit = selectors.unit_scope(request_user(request)).filter(serial=serial).first()
        if unit is None:
            return Response(
                {"detail": str(_("No registered unit with this serial number.")), "found": False},
                status=status.HTTP_404_NOT_FOUND,
            )
        return Response(
            check_payload(
                unit,
                request_user(request),
                fault_at=fault_at,
                component=request.query_params.get("component"),
                exclusion=request.query_params.get("exclusion"),
            )
        )


class ProductModelViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ProductModelOut
    lookup_field = "code"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.product_models()


def _dealer_by_code(code: str | None) -> Organisation | None:
    if not code:
        return None
    dealer = Organisation.objects.filter(code=code, kind=Organisation.Kind.DEALER).first()
    if dealer is None:
        raise ValidationError({"selling_dealer": [_("Unknown dealer.")]})
    return dealer


class UnitViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.UnitOut
    lookup_field = "serial"
    lookup_value_regex = "[^/]+"
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        params = self.request.query_params
        return selectors.unit_search(
            self.request.user,
            text=params.get("q", ""),
            model=params.get("model", ""),
            dealer=params.get("dealer", ""),
        ).select_related("replaces")

    @extend_schema(summary="Register a sold unit", request=s.UnitIn, responses={201: s.UnitOut})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = s.UnitIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        customer = {
            "name": v["customer_name"],
            "phone": v["customer_phone"],
            "address": v.get("customer_address", ""),
        }
        unit = unit_register(
            by=request_user(request),
            serial=v["serial"],
            product_model=v["model"],
            customer=customer,
            selling_dealer=_dealer_by_code(v.get("selling_dealer")),
            sale_date=v["sale_date"],
            acceptance_date=v.get("acceptance_date"),
            site_address=v.get("site_address", ""),
            component_serials=v.get("component_serials") or {},
        )
        return Response(
            s.UnitOut(self.get_queryset().get(pk=unit.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Register units from a CSV or Excel file",
        request={"multipart/form-data": s.ImportIn},
        responses={201: s.ImportOut},
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_file(self, request: Request) -> Response:
        data = s.ImportIn(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        count = importing.units_import(
            by=request_user(request), upload=upload, filename=upload.name
        )
        return Response({"created": count}, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The three-guarantees decision for this unit",
        parameters=[s.CheckQuery],
        responses=s.CheckOut,
    )
    @action(detail=True, methods=["get"])
    def check(self, request: Request, serial: str | None = None) -> Response:
        unit = self.get_object()
        return Response(
            check_payload(
                unit,
                request_user(request),
                fault_at=parse_fault_at(request.query_params.get("fault_at")),
                component=request.query_params.get("component"),
                exclusion=request.query_params.get("exclusion"),
            )
        )


class WarrantyCardViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.CardOut

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.card_scope(self.request.user)

    @extend_schema(summary="File a warranty card", request=s.CardIn, responses={201: s.CardOut})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = s.CardIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        unit = (
            selectors.unit_scope(request_user(request)).filter(serial=v["serial"].strip()).first()
        )
        if unit is None:
            raise ValidationError(
                {"serial": [_("No unit with this serial number among your sales.")]}
            )
        card = card_file(
            by=request_user(request),
            unit=unit,
            customer_name=v["customer_name"],
            customer_phone=v["customer_phone"],
            customer_address=v.get("customer_address", ""),
            invoice_number=v.get("invoice_number", ""),
            filed_on=v.get("filed_on"),
        )
        return Response(s.CardOut(card).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.WatchOut)
    @action(detail=False, methods=["get"], pagination_class=None)
    def watch(self, request: Request) -> Response:
        """Units whose card is missing (overdue), due soon or pending, and late-filed cards."""
        lists = selectors.card_watch(request_user(request))
        return Response(
            {
                state: [
                    {
                        "serial": r.unit.serial,
                        "sale_date": r.unit.sale_date.isoformat(),  # type: ignore[union-attr]
                        "due_date": r.status.due_date.isoformat(),
                        "days_late": r.status.days_late,
                        "days_left": r.status.days_left,
                        "dealer": r.unit.selling_dealer.code if r.unit.selling_dealer else None,
                    }
                    for r in rows
                ]
                for state, rows in lists.items()
            }
        )


class ContractViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ContractOut

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.contract_scope(self.request.user).prefetch_related(
            "units", "visits__ticket"
        )

    def _user(self, username: str | None, field: str) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise ValidationError({field: [_("Unknown user.")]})
        return user

    @extend_schema(
        summary="Sign a maintenance contract", request=s.ContractIn, responses={201: s.ContractOut}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = s.ContractIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        customer = customer_scope(request_user(request)).filter(pk=v["customer"]).first()
        if customer is None:
            raise ValidationError({"customer": [_("Unknown customer.")]})
        units = list(selectors.unit_scope(request_user(request)).filter(serial__in=v["units"]))
        unknown = sorted(set(v["units"]) - {u.serial for u in units})
        if unknown:
            raise ValidationError(
                {"units": [_("Unknown units: %(serials)s") % {"serials": ", ".join(unknown)}]}
            )
        contract = contract_create(
            by=request_user(request),
            number=v["number"],
            customer=customer,
            units=units,
            start=v["start"],
            end=v["end"],
            visits_per_year=v["visits_per_year"],
            price=v["price"],
            account_manager=self._user(v.get("account_manager"), "account_manager"),
            note=v.get("note", ""),
        )
        return Response(
            s.ContractOut(self.get_queryset().get(pk=contract.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(summary="Renew a contract", request=s.RenewIn, responses={201: s.ContractOut})
    @action(detail=True, methods=["post"])
    def renew(self, request: Request, pk: str | None = None) -> Response:
        contract = self.get_object()
        data = s.RenewIn(data=request.data)
        data.is_valid(raise_exception=True)
        renewal = contract_renew(by=request_user(request), contract=contract, **data.validated_data)
        return Response(
            s.ContractOut(self.get_queryset().get(pk=renewal.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class TicketReviseView(APIView):
    """``POST /api/v1/warranty/tickets/<number>/revise/`` {exclusion, component}."""

    @extend_schema(
        summary="Revise a ticket's warranty decision (an exclusion, a component)",
        request=s.ReviseIn,
        responses={200: s.ReviseOut, 404: OpenApiResponse(s.NotFoundOut)},
    )
    def post(self, request: Request, number: str) -> Response:
        ticket = ticket_scope(request_user(request)).filter(number=number).first()
        if ticket is None:
            return Response({"detail": str(_("Not found."))}, status=status.HTTP_404_NOT_FOUND)
        data = s.ReviseIn(data=request.data)
        data.is_valid(raise_exception=True)
        event = ticket_revise_entitlement(
            ticket=ticket,
            by=request_user(request),
            exclusion=data.validated_data.get("exclusion") or None,
            component=data.validated_data.get("component") or None,
        )
        ticket.refresh_from_db()
        return Response(
            {
                "number": ticket.number,
                "service_type": ticket.service_type,
                "entitlement": ticket.entitlement,
                "event": event.code,
            }
        )
