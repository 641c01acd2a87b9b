"""Helpers every dealer service uses: roles, scope checks, numbers, events."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from aftersales.errors import PermissionDeniedError
from dealers.models import ClaimEvent, DealerEvent, WarrantyClaim


def require_own_dealer(user: User, dealer: Organisation) -> None:
    """A dealer's staff act only for their own organisation; service staff for any dealer."""
    if user.is_superuser or user.organisation.is_internal:
        return
    if user.organisation_id != dealer.pk:
        raise PermissionDeniedError(_("You may act only for your own organisation."))


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
