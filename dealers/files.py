"""Repair records and claims carry attachments: registered with the attachments app (in
``DealersConfig.ready``), with the same scope as their own pages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import require_role
from aftersales.errors import ConflictError, PermissionDeniedError
from attachments.events import AttachmentEvent
from attachments.models import Attachment
from attachments.registry import AttachmentTarget, register
from attachments.services import event_payload
from dealers import defaults, selectors
from dealers.models import ClaimEvent, ClaimStatus, RepairRecord, WarrantyClaim
from dealers.services.records import RECORD_TARGET, record_check_add, record_event

CLAIM_TARGET = "claim"
#: Claim statuses in which appraisers add their evidence (old parts as received, …).
APPRAISAL_STATUSES = frozenset({ClaimStatus.SUBMITTED, ClaimStatus.PARTS_RECEIVED})


def _by_number_or_pk(rows: QuerySet[Any], value: str) -> Any:
    if value.isdigit():
        found = rows.filter(pk=int(value)).first()
        if found is not None:
            return found
    return rows.filter(number=value).first()


def claim_check_add(by: User, claim: WarrantyClaim) -> None:
    """The dealer adds invoices and scans while the claim is a draft; appraisers add their
    evidence while they appraise it."""
    require_role(by, {defaults.DEALER, defaults.APPRAISER})
    if by.has_role(defaults.APPRAISER) and claim.status in APPRAISAL_STATUSES:
        return
    if not by.has_role(defaults.DEALER):
        raise ConflictError(
            _("Appraisers add files while the claim is being appraised."), code="claim_closed"
        )
    if not by.is_superuser and by.organisation_id != claim.dealer_id:
        raise PermissionDeniedError(_("You may act only for your own organisation."))
    if claim.status != ClaimStatus.DRAFT:
        raise ConflictError(
            _("The claim is %(status)s: its files can no longer change.")
            % {"status": claim.get_status_display()},
            code="claim_submitted",
        )


def claim_event(
    claim: WarrantyClaim, by: User | None, rows: Sequence[Attachment], at: datetime
) -> None:
    ClaimEvent.objects.create(
        claim=claim,
        code=AttachmentEvent.ADDED,
        actor=by,
        at=at,
        payload=event_payload(CLAIM_TARGET, claim.number, rows),
    )


def register_targets() -> None:
    register(
        AttachmentTarget(
            key=RECORD_TARGET,
            model=RepairRecord,
            label=_("Repair record"),
            scope=selectors.record_scope,
            check_add=record_check_add,
            record_event=record_event,
            lookup=_by_number_or_pk,
            reference=lambda r: r.number,
            url=lambda r: reverse("dealers:record-detail", args=[r.pk]),
        )
    )
    register(
        AttachmentTarget(
            key=CLAIM_TARGET,
            model=WarrantyClaim,
            label=_("Claim"),
            scope=selectors.claim_scope,
            check_add=claim_check_add,
            record_event=claim_event,
            lookup=_by_number_or_pk,
            reference=lambda c: c.number,
            related=lambda c: [(RECORD_TARGET, c.records.all())],
            url=lambda c: reverse("dealers:claim-detail", args=[c.pk]),
        )
    )
