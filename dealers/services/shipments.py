"""Parts for in-warranty replacements: requested by the dealer, verified by the technical
department, shipped within ``DealerRules.parts_shipment_days`` of verification."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from accounts.roles import require_role
from aftersales.errors import ConflictError, DomainError
from aftersales.locks import lock_one
from aftersales.numbering import next_number
from dealers import defaults
from dealers.models import DealerRules, PartsShipment, WarrantyClaim
from dealers.services.common import dealer_event, require_own_dealer
from dealers.services.records import clean_parts
from tickets.models import Ticket

REQUESTED = "dealer.parts_requested"
VERIFIED = "dealer.parts_verified"
SHIPPED = "dealer.parts_shipped"
DELIVERED = "dealer.parts_delivered"


@transaction.atomic
def shipment_request(
    *,
    by: User,
    dealer: Organisation,
    items: list[dict[str, Any]],
    claim: WarrantyClaim | None = None,
    ticket: Ticket | None = None,
) -> PartsShipment:
    require_role(by, {defaults.DEALER, defaults.APPRAISER, defaults.MANAGER})
    require_own_dealer(by, dealer)
    if dealer.kind != Organisation.Kind.DEALER:
        raise DomainError(_("%(org)s is not a dealer.") % {"org": dealer}, field="dealer")
    if claim is not None and claim.dealer_id != dealer.pk:
        raise DomainError(_("Not a claim of this dealer."), field="claim")
    if ticket is not None and ticket.assigned_organisation_id != dealer.pk:
        raise DomainError(_("Not a ticket of this dealer."), field="ticket")
    lines = clean_parts(
        [{**item, "old_part_retained": False} for item in items if isinstance(item, dict)]
        if isinstance(items, list)
        else items
    )
    if not lines:
        raise DomainError(_("List at least one part."), field="items")
    now = timezone.now()
    shipment = PartsShipment.objects.create(
        number=next_number("PS", at=now),
        dealer=dealer,
        claim=claim,
        ticket=ticket,
        items=[
            {"part_number": x["part_number"], "name": x["name"], "quantity": str(x["quantity"])}
            for x in lines
        ],
        requested_at=now,
        requested_by=by,
    )
    dealer_event(dealer, code=REQUESTED, by=by, payload={"shipment": shipment.number})
    return shipment


@transaction.atomic
def shipment_advance(
    *, by: User, shipment: PartsShipment, action: str, tracking_number: str = "", carrier: str = ""
) -> PartsShipment:
    """``verify`` (due date set), ``ship`` (tracking number), ``deliver`` (dealer confirms)."""
    locked = lock_one(PartsShipment.objects.select_related("dealer"), shipment.pk)
    now = timezone.now()
    steps = {
        "verify": PartsShipment.Status.REQUESTED,
        "ship": PartsShipment.Status.VERIFIED,
        "deliver": PartsShipment.Status.SHIPPED,
    }
    if action not in steps:
        raise DomainError(_("Unknown action “%(action)s”.") % {"action": action}, field="action")
    if action == "deliver":
        require_role(by, {defaults.DEALER, defaults.MANAGER})
        require_own_dealer(by, locked.dealer)
    else:
        require_role(by, defaults.PARTS_ROLES)
    if locked.status != steps[action]:
        raise ConflictError(
            _("“%(action)s” is not allowed while the shipment is %(status)s.")
            % {"action": action, "status": locked.get_status_display()},
            code="illegal_transition",
        )
    code = {"verify": VERIFIED, "ship": SHIPPED, "deliver": DELIVERED}[action]
    payload: dict[str, Any] = {"shipment": locked.number}
    if action == "verify":
        locked.verified_at = now
        locked.due_at = now + timedelta(days=DealerRules.current().parts_shipment_days)
        locked.status = PartsShipment.Status.VERIFIED
        payload["due_at"] = locked.due_at.isoformat()
    elif action == "ship":
        tracking_number = (tracking_number or "").strip()[:60]
        if not tracking_number:
            raise DomainError(_("This field is required."), field="tracking_number")
        locked.tracking_number = tracking_number
        locked.carrier = (carrier or "").strip()[:60]
        locked.shipped_at = now
        locked.status = PartsShipment.Status.SHIPPED
        payload.update(tracking_number=tracking_number, late=locked.is_overdue(now))
    else:
        locked.delivered_at = now
        locked.status = PartsShipment.Status.DELIVERED
    locked.save()
    dealer_event(locked.dealer, code=code, by=by, payload=payload)
    return locked
