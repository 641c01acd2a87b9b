"""Helpers every dealer service uses: roles, scope checks, numbers, row locks, events."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from aftersales.errors import DomainError, PermissionDeniedError
from dealers.models import ClaimEvent, DealerEvent, NumberSequence, WarrantyClaim

M = TypeVar("M", bound=Model)


def lock_objects(queryset: QuerySet[M]) -> list[M]:
    """Every row lock goes through here: ``SELECT … FOR UPDATE`` ordered by pk, which keeps
    concurrent writers from deadlocking. Only the rows themselves are locked (``of=self``), so
    a queryset may join nullable relations."""
    return list(queryset.select_for_update(of=("self",)).order_by("pk"))


def lock_one(queryset: QuerySet[M], pk: int) -> M:
    rows = lock_objects(queryset.filter(pk=pk))
    if not rows:
        raise queryset.model.DoesNotExist
    return rows[0]


def is_dealer_user(user: User) -> bool:
    return not user.is_superuser and user.organisation.kind == Organisation.Kind.DEALER


def require_role(user: User, roles: Iterable[str]) -> None:
    if user.is_superuser:
        return
    if not (user.roles & frozenset(roles)) or user.organisation.kind == Organisation.Kind.CUSTOMER:
        raise PermissionDeniedError(_("Your role may not do this."))


def require_own_dealer(user: User, dealer: Organisation) -> None:
    """A dealer's staff act only for their own organisation; service staff for any dealer."""
    if user.is_superuser or user.organisation.is_internal:
        return
    if user.organisation_id != dealer.pk:
        raise PermissionDeniedError(_("You may act only for your own organisation."))


def next_number(prefix: str, *, at: Any = None) -> str:
    """``PREFIX`` + ``YYMM`` + ``-`` + running number, bumped atomically in the database."""
    period = timezone.localtime(at or timezone.now()).strftime("%y%m")
    key = f"{prefix}{period}"
    table = NumberSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (code, last_value) VALUES (%s, 1) "  # noqa: S608 - our table
            f"ON CONFLICT (code) DO UPDATE SET last_value = {table}.last_value + 1 "
            "RETURNING last_value",
            [key],
        )
        (value,) = cursor.fetchone()
    return f"{key}-{value:04d}"


def raise_validation(exc: ValidationError) -> None:
    errors = {
        ("detail" if name == "__all__" else name): [str(m) for m in msgs]
        for name, msgs in exc.message_dict.items()
    }
    raise DomainError(
        _("Please correct the fields."), errors=errors, code="invalid_fields"
    ) from exc


def claim_event(
    claim: WarrantyClaim,
    *,
    code: str,
    by: User | None,
    at: Any = None,
    from_status: str = "",
    to_status: str = "",
    payload: dict[str, Any] | None = None,
) -> ClaimEvent:
    return ClaimEvent.objects.create(
        claim=claim,
        code=code,
        actor=by,
        at=at or timezone.now(),
        from_status=from_status,
        to_status=to_status,
        payload=payload or {},
    )


def dealer_event(
    dealer: Organisation, *, code: str, by: User | None, payload: dict[str, Any] | None = None
) -> DealerEvent:
    return DealerEvent.objects.create(dealer=dealer, code=code, actor=by, payload=payload or {})
