"""Reads of the workshop, from the user's ticket scope (another dealer's entry is a 404)."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User
from accounts.scoping import scope_queryset
from tickets.selectors import ticket_scope
from workshop.models import (
    CarryIn,
    ExchangeOrder,
    Quote,
    ReturnOrder,
    ServiceBill,
    StandbyLoan,
    StandbyUnit,
)

OPEN = ["received", "at_factory", "back"]


def carry_in_list(user: User) -> QuerySet[CarryIn]:
    return CarryIn.objects.filter(ticket__in=ticket_scope(user)).select_related(
        "ticket", "ticket__customer", "received_by"
    )


def standby_units(user: User) -> QuerySet[StandbyUnit]:
    if not user.is_authenticated or user.organisation.kind == "customer":
        return StandbyUnit.objects.none()
    return scope_queryset(StandbyUnit.objects.all(), user).select_related(
        "product_model", "organisation"
    )


def loan_list(user: User) -> QuerySet[StandbyLoan]:
    return StandbyLoan.objects.filter(ticket__in=ticket_scope(user)).select_related(
        "unit", "ticket", "ticket__customer"
    )


def quote_list(user: User) -> QuerySet[Quote]:
    return (
        Quote.objects.filter(ticket__in=ticket_scope(user))
        .select_related("ticket", "ticket__customer")
        .prefetch_related("lines__part")
    )


def bill_list(user: User) -> QuerySet[ServiceBill]:
    return ServiceBill.objects.filter(ticket__in=ticket_scope(user)).select_related("ticket")


def exchange_list(user: User) -> QuerySet[ExchangeOrder]:
    return ExchangeOrder.objects.filter(ticket__in=ticket_scope(user)).select_related(
        "ticket", "old_unit", "new_unit", "replacement", "store"
    )


def return_list(user: User) -> QuerySet[ReturnOrder]:
    return ReturnOrder.objects.filter(ticket__in=ticket_scope(user)).select_related(
        "ticket", "ticket__customer", "old_unit", "old_unit__product_model", "return_entry"
    )
