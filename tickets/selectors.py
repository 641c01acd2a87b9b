"""Reads of tickets, always from the user's organisation scope."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.models import User
from accounts.scoping import is_customer, scope_queryset
from tickets.models import Customer, Ticket, TicketEvent
from tickets.timeline import for_customer


def ticket_scope(user: User) -> QuerySet[Ticket]:
    """Tickets the user may see: all for service staff, the dealer's own, the customer's own."""
    return scope_queryset(
        Ticket.objects.all(),
        user,
        organisation_field="assigned_organisation",
        customer_field="customer__account",
    )


def ticket_list(user: User) -> QuerySet[Ticket]:
    """The queue: one query per page, related rows joined."""
    return ticket_scope(user).select_related(
        "customer", "severity", "region_class", "assigned_organisation", "technician", "supervisor"
    )


def ticket_events(ticket: Ticket) -> QuerySet[TicketEvent]:
    return ticket.events.select_related("actor").order_by("at", "id")


def ticket_events_for(ticket: Ticket, user: User) -> list[TicketEvent]:
    """The timeline as ``user`` may read it: all of it for the service side and dealers; for
    a customer without internal notes and staff-only steps."""
    events = list(ticket_events(ticket))
    return for_customer(events) if is_customer(user) else events


def customer_scope(user: User) -> QuerySet[Customer]:
    """Customers the user may see: service staff all; dealers those with tickets at their outlet."""
    if user.is_authenticated and (user.is_superuser or user.organisation.is_internal):
        return Customer.objects.all()
    visible = ticket_scope(user).values("customer_id")
    return Customer.objects.filter(pk__in=visible)


def search_filter(text: str) -> Q:
    """Free-text search on number, customer name and phone, and serial number."""
    text = text.strip()
    return (
        Q(number__icontains=text)
        | Q(customer__name__icontains=text)
        | Q(customer__phone__icontains=text)
        | Q(contact_phone__icontains=text)
        | Q(serial_number__icontains=text)
    )
