"""Organisation scoping: the one road from a user to the rows they may see.

Every list, page and API endpoint that shows organisation-owned data filters its queryset
through :func:`scope_queryset`. Staff of the manufacturer's service department see all;
a dealer's staff see only rows of their own organisation; a customer account sees only
rows of its own customer organisation. A row outside the scope behaves exactly like a row
that does not exist (404), so nobody can probe for another organisation's numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, Q, QuerySet

if TYPE_CHECKING:
    from accounts.models import User

M = TypeVar("M", bound=Model)


def is_internal(user: User) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.organisation.is_internal))


def is_customer(user: User) -> bool:
    """A user of a customer account (the portal's people), never service staff or dealers."""
    return bool(
        user.is_authenticated
        and not user.is_superuser
        and user.organisation.kind == user.organisation.Kind.CUSTOMER
    )


def scope_queryset(
    queryset: QuerySet[M],
    user: User,
    *,
    organisation_field: str | None = "organisation",
    customer_field: str | None = None,
) -> QuerySet[M]:
    """Rows of ``queryset`` that ``user`` may see.

    ``organisation_field`` is the path to the owning (dealer) organisation, e.g.
    ``"assigned_organisation"``; ``customer_field`` the path to the customer's account
    organisation, e.g. ``"customer__account"``. A path that is ``None`` grants nothing.
    """
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if is_internal(user):
        return queryset
    organisation = user.organisation
    if organisation.kind == organisation.Kind.CUSTOMER:
        field = customer_field
    else:
        field = organisation_field
    if field is None:
        return queryset.none()
    return queryset.filter(Q(**{field: organisation.pk}))
