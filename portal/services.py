"""Writes of the customer portal: a customer reports a fault through the same intake service
as the phone desk (``tickets.services.ticket_register``: same validation, same number), and
takes the actions their role allows through the same workflow."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from aftersales.errors import DomainError, PermissionDeniedError
from attachments.services import attachments_add
from portal.customer_actions import PORTAL_ACTIONS
from tickets import hooks
from tickets.actions import perform_action
from tickets.models import Customer, FaultSeverity, Ticket, TicketEvent
from tickets.services import ticket_register

PREFERRED_VISIT = "portal.preferred_visit"
PHOTO_KIND = "fault_photo"
#: How far ahead a customer may ask for a visit.
PREFERRED_VISIT_HORIZON = timedelta(days=90)


def _check_preferred(preferred_at: datetime | None, now: datetime) -> None:
    if preferred_at is None:
        return
    if preferred_at <= now:
        raise DomainError(_("Choose a visit time in the future."), field="preferred_visit_at")
    if preferred_at > now + PREFERRED_VISIT_HORIZON:
        raise DomainError(
            _("Choose a visit time within the next 90 days."), field="preferred_visit_at"
        )


def fault_report(
    *,
    by: User,
    fault_description: str,
    severity: FaultSeverity,
    serial_number: str = "",
    product_model: str = "",
    contact_phone: str = "",
    preferred_visit_at: datetime | None = None,
    language: str = "",
    photos: Sequence[UploadedFile] = (),
) -> Ticket:
    """Register the customer's own request (channel web) with, if they gave them, their
    preferred visit time (a public step of its timeline) and photos (checked by content by
    the attachments app); all or nothing."""
    now = timezone.now()
    _check_preferred(preferred_visit_at, now)
    with transaction.atomic():
        if language:  # the language they use here is the one they read our mail in
            Customer.objects.filter(account=by.organisation_id).exclude(language=language).update(
                language=language
            )
        ticket = ticket_register(
            by=by,
            customer={},
            fault_description=fault_description,
            severity=severity,
            channel=Ticket.Channel.WEB,
            serial_number=serial_number,
            product_model=product_model,
            contact_name=str(by),
            contact_phone=contact_phone or by.phone,
        )
        after = timezone.now()  # the steps that follow the registration, in order
        if preferred_visit_at is not None:
            event = TicketEvent.objects.create(
                ticket=ticket,
                code=PREFERRED_VISIT,
                actor=by,
                at=after,
                payload={"preferred_visit_at": preferred_visit_at.isoformat()},
                public=True,
            )
            hooks.event_recorded(ticket, event)
        if photos:
            attachments_add(
                by=by,
                target="ticket",
                record=ticket,
                files=photos,
                kind=PHOTO_KIND,
                field="photos",
                at=after,
            )
    return ticket


def customer_act(*, ticket: Ticket, by: User, action: str, data: dict[str, Any]) -> TicketEvent:
    """One of the portal's actions (add information, confirm the repair, reopen) through the
    workflow; what the customer writes is public."""
    if action not in PORTAL_ACTIONS:
        raise PermissionDeniedError(_("This is not something you can do here."))
    return perform_action(ticket=ticket, by=by, action=action, data={**data, "public": True})
