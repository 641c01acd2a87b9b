"""Who hears about a claim step, through the notifications app's inbox.

Codes are stable (``dealers.claim_submitted`` …); the text is rendered in the reader's
language by the renderers registered in :func:`register_renderers`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from notifications.messages import RENDERERS
from notifications.services import notify

#: claim event code → (notification code, who hears it)
ROUTES = {
    "claim.submit": ("dealers.claim_submitted", "appraiser"),
    "claim.ship_parts": ("dealers.parts_shipped", "appraiser"),
    "claim.appraise": ("dealers.claim_appraised", "finance"),
    "claim.reject": ("dealers.claim_rejected", "dealer"),
    "claim.auto_rejected": ("dealers.claim_rejected", "dealer"),
    "claim.approve": ("dealers.claim_approved", "dealer"),
    "claim.settle": ("dealers.claim_settled", "dealer"),
}


def _recipients(role: str, dealer: Organisation) -> list[User]:
    people = User.objects.filter(is_active=True, groups__name=role)
    if role == "dealer":
        people = people.filter(organisation=dealer)
    else:
        people = people.filter(organisation__kind=Organisation.Kind.SERVICE_CENTRE)
    return list(people.distinct())


def claim_notify(claim: Any, event_code: str) -> None:
    """Tell the next role (or the dealer) about a claim step; inside the caller's
    transaction, so a rolled-back step tells no one."""
    route = ROUTES.get(event_code)
    if route is None:
        return
    code, role = route
    notify(
        _recipients(role, claim.dealer),
        code,
        payload={
            "number": claim.number,
            "dealer": claim.dealer.name,
            "approved": None if claim.approved_total is None else str(claim.approved_total),
            "claim": claim.pk,
        },
    )


def statement_notify(statement: Any) -> None:
    notify(
        _recipients("dealer", statement.dealer),
        "dealers.statement_issued",
        payload={
            "number": statement.number,
            "period": statement.period,
            "total": str(statement.total),
        },
    )


def _claim_values(p: dict[str, Any]) -> dict[str, Any]:
    return {
        "number": p.get("number", ""),
        "dealer": p.get("dealer", ""),
        "approved": p.get("approved") or "—",
    }


def _texts() -> dict[str, Any]:
    return {
        "dealers.claim_submitted": lambda p: (
            _("Claim %(number)s of %(dealer)s was submitted.") % _claim_values(p)
        ),
        "dealers.parts_shipped": lambda p: (
            _("The old parts of claim %(number)s are on their way.") % _claim_values(p)
        ),
        "dealers.claim_appraised": lambda p: (
            _("Claim %(number)s was appraised and awaits review.") % _claim_values(p)
        ),
        "dealers.claim_rejected": lambda p: _("Claim %(number)s was rejected.") % _claim_values(p),
        "dealers.claim_approved": lambda p: (
            _("Claim %(number)s was approved: %(approved)s.") % _claim_values(p)
        ),
        "dealers.claim_settled": lambda p: (
            _("Claim %(number)s was settled: %(approved)s.") % _claim_values(p)
        ),
        "dealers.statement_issued": lambda p: (
            _("Settlement notice %(number)s for %(period)s: %(total)s deducted from receivables.")
            % {
                "number": p.get("number", ""),
                "period": p.get("period", ""),
                "total": p.get("total", ""),
            }
        ),
    }


def register_renderers() -> None:
    for code, render in _texts().items():
        RENDERERS.setdefault(code, render)
