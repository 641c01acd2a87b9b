"""Who sees which figures: managers (and superusers) the whole company; supervisors and
dealers their own organisation only. Every report, export and API endpoint goes through
``report_organisation``: a filter naming another organisation is ignored, never obeyed."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accounts.models import Organisation, User

#: Roles that may open the dashboards and reports.
REPORT_ROLES = ("manager", "supervisor", "dealer")
COST_ROLES = ("manager", "finance", "dealer", "supervisor")


def sees_everything(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.has_role("manager")))


def report_organisation(user: Any) -> int | None:
    """The one organisation the user's figures are limited to (None: no limit)."""
    if sees_everything(user):
        return None
    return int(user.organisation_id)


def organisations_for(user: Any) -> QuerySet[Organisation]:
    queryset = Organisation.objects.filter(
        is_active=True, kind__in=[Organisation.Kind.SERVICE_CENTRE, Organisation.Kind.DEALER]
    ).order_by("code")
    limit = report_organisation(user)
    return queryset if limit is None else queryset.filter(pk=limit)


def technicians_for(user: Any) -> QuerySet[User]:
    queryset = User.objects.filter(is_active=True, groups__name="technician").order_by(
        "organisation__code", "username"
    )
    limit = report_organisation(user)
    return queryset if limit is None else queryset.filter(organisation_id=limit)
