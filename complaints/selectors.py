"""Reads: every list and lookup of complaints goes through the user's scope (a dealer sees
only complaints about itself; another organisation's complaint is a 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import User
from accounts.scoping import scope_queryset
from complaints.models import Complaint, ComplaintEvent, DealerDuty


def complaint_list(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[Complaint]:
    queryset = scope_queryset(
        Complaint.objects.select_related(
            "complaint_class", "seriousness", "customer", "dealer", "department"
        ),
        user,
        organisation_field="dealer",
        customer_field="customer__account",
    )
    filters = filters or {}
    for key, field in (
        ("status", "status"),
        ("complaint_class", "complaint_class__code"),
        ("seriousness", "seriousness__code"),
        ("department", "department__code"),
        ("channel", "channel"),
        ("dealer", "dealer__code"),
    ):
        if filters.get(key):
            queryset = queryset.filter(**{field: filters[key]})
    if filters.get("overdue"):
        queryset = queryset.filter(clocks__state="breached").distinct()
    if filters.get("q"):
        q = str(filters["q"]).strip()
        queryset = queryset.filter(Q(number__icontains=q) | Q(customer__name__icontains=q))
    return queryset


def complaint_get(*, user: User, number: str) -> Complaint:
    complaint = complaint_list(user=user).filter(number=number).first()
    if complaint is None:
        raise Http404
    return complaint


def complaint_timeline(complaint: Complaint) -> QuerySet[ComplaintEvent]:
    return complaint.events.select_related("actor").order_by("at", "id")


def duty_list(*, user: User) -> QuerySet[DealerDuty]:
    return scope_queryset(
        DealerDuty.objects.select_related("dealer", "done_by"),
        user,
        organisation_field="dealer",
    )
