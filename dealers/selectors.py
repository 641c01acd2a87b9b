"""Reads of the dealers app, always from the user's organisation scope: service staff see
every dealer; a dealer's staff only their own organisation; customers nothing."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet, Sum
from django.utils import timezone

from accounts.models import Organisation, User
from accounts.scoping import scope_queryset
from dealers.models import (
    ClaimEvent,
    ClaimLine,
    ClaimStatus,
    DealerAssessment,
    PartsShipment,
    ReceivableLedgerEntry,
    RepairRecord,
    SettlementStatement,
    TechnicianCertificate,
    WarrantyClaim,
)
from tickets.models import Status, Ticket
from tickets.selectors import ticket_list


def dealer_scope(user: User) -> QuerySet[Organisation]:
    return scope_queryset(
        Organisation.objects.filter(kind=Organisation.Kind.DEALER).select_related("dealer_profile"),
        user,
        organisation_field="pk",
        customer_field=None,
    ).order_by("code")


def people_scope(user: User) -> QuerySet[User]:
    """The people ``user`` may name (a technician on a record or certificate): service staff
    anyone active, a dealer only its own staff."""
    people = User.objects.filter(is_active=True)
    if not (user.is_superuser or user.organisation.is_internal):
        people = people.filter(organisation_id=user.organisation_id)
    return people


def certificate_scope(user: User) -> QuerySet[TechnicianCertificate]:
    return scope_queryset(
        TechnicianCertificate.objects.select_related("technician", "dealer"),
        user,
        organisation_field="dealer",
    ).order_by("dealer__code", "technician__username", "-valid_until")


def record_scope(user: User) -> QuerySet[RepairRecord]:
    return scope_queryset(
        RepairRecord.objects.select_related(
            "dealer", "ticket", "ticket__unit", "technician", "claim"
        ),
        user,
        organisation_field="dealer",
    )


def record_detail_scope(user: User) -> QuerySet[RepairRecord]:
    return record_scope(user).prefetch_related("parts", "attachments")


def claim_scope(user: User) -> QuerySet[WarrantyClaim]:
    return scope_queryset(
        WarrantyClaim.objects.select_related(
            "dealer", "rejection_reason", "created_by", "statement"
        ),
        user,
        organisation_field="dealer",
    )


def claim_detail_scope(user: User) -> QuerySet[WarrantyClaim]:
    return (
        claim_scope(user)
        .select_related("return_shipment")
        .prefetch_related(
            Prefetch("lines", queryset=ClaimLine.objects.select_related("record", "part")),
            Prefetch("events", queryset=ClaimEvent.objects.select_related("actor")),
            "records",
        )
    )


def claims_to_appraise(user: User) -> QuerySet[WarrantyClaim]:
    return (
        claim_scope(user)
        .filter(status__in=[ClaimStatus.SUBMITTED, ClaimStatus.PARTS_RECEIVED])
        .select_related("return_shipment")
        .order_by("submitted_at", "pk")
    )


def claims_to_review(user: User) -> QuerySet[WarrantyClaim]:
    return (
        claim_scope(user)
        .filter(status__in=[ClaimStatus.APPRAISED, ClaimStatus.REVIEWED])
        .order_by("submitted_at", "pk")
    )


def shipment_scope(user: User) -> QuerySet[PartsShipment]:
    return scope_queryset(
        PartsShipment.objects.select_related("dealer", "claim", "ticket", "requested_by"),
        user,
        organisation_field="dealer",
    )


def overdue_shipments(user: User) -> QuerySet[PartsShipment]:
    return (
        shipment_scope(user)
        .filter(status=PartsShipment.Status.VERIFIED, due_at__lt=timezone.now())
        .order_by("due_at")
    )


def statement_scope(user: User) -> QuerySet[SettlementStatement]:
    return scope_queryset(
        SettlementStatement.objects.select_related("dealer", "issued_by"),
        user,
        organisation_field="dealer",
    )


def ledger_scope(user: User) -> QuerySet[ReceivableLedgerEntry]:
    return scope_queryset(
        ReceivableLedgerEntry.objects.select_related("dealer", "claim", "statement"),
        user,
        organisation_field="dealer",
    )


def ledger_balance(user: User, dealer: Organisation) -> object:
    return ledger_scope(user).filter(dealer=dealer).aggregate(total=Sum("amount"))["total"]


def assessment_scope(user: User) -> QuerySet[DealerAssessment]:
    """Dealers see their own *published* assessments; service staff all of them."""
    rows = scope_queryset(
        DealerAssessment.objects.select_related("dealer"), user, organisation_field="dealer"
    )
    if user.is_authenticated and not (user.is_superuser or user.organisation.is_internal):
        rows = rows.filter(published_at__isnull=False)
    return rows


def forwarded_tickets(user: User) -> QuerySet[Ticket]:
    """Tasks waiting for the dealer to accept and arrange: forwarded to it, or registered by
    its own outlet and not yet forwarded (the dealer arranges its own tickets)."""
    return (
        ticket_list(user)
        .filter(status__in=[Status.FORWARDED, Status.REGISTERED])
        .order_by("received_at", "pk")
    )


def dealer_open_tickets(user: User) -> QuerySet[Ticket]:
    """The dealer's tickets after the visit that have no repair record yet."""
    return (
        ticket_list(user)
        .filter(
            status__in=[
                "on_site",
                "in_workshop",
                "awaiting_parts",
                "restored",
                "resolved",
                "visited",
                "closed",
            ],
            repair_records__isnull=True,
        )
        .order_by("-received_at", "-pk")
    )
