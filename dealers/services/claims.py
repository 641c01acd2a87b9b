"""Warranty claims (索赔单): filing from repair records, and every step of their lifecycle
through the one function :func:`claim_transition`, checked against ``ClaimTransition`` rows.

Illegal in the current status → ``ConflictError`` (409); the wrong role →
``PermissionDeniedError`` (403); bad fields → ``DomainError`` (400, per field).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from accounts.roles import require_role
from aftersales.errors import ConflictError, DomainError, PermissionDeniedError
from aftersales.locks import lock_objects, lock_one
from aftersales.numbering import next_number
from aftersales.workflow import Workflow
from dealers import defaults
from dealers.models import (
    MONEY_MAX,
    ZERO,
    ClaimEvent,
    ClaimLine,
    ClaimRejectionReason,
    ClaimStatus,
    ClaimTransition,
    DealerRules,
    FalsifiedCardFinding,
    ReceivableLedgerEntry,
    RepairRecord,
    WarrantyClaim,
)
from dealers.notices import claim_notify
from dealers.services.claim_rules import claim_problem, excluded_cause
from dealers.services.claim_steps import HANDLERS, _cancel_labour, _rejected
from dealers.services.common import claim_event
from dealers.services.profiles import money, profile_for
from warranty.models import WarrantyRules

CREATED = "claim.created"
AUTO_REJECTED = "claim.auto_rejected"
FEES_CANCELLED = "claim.fees_cancelled"


def event_code(action: str) -> str:
    return f"claim.{action}"


# --- filing ----------------------------------------------------------------------------


def _lines_for(claim: WarrantyClaim, records: Sequence[RepairRecord]) -> list[ClaimLine]:
    lines = []
    for record in records:
        if record.labour_hours:
            lines.append(
                ClaimLine(
                    claim=claim,
                    record=record,
                    kind=ClaimLine.Kind.LABOUR,
                    description=str(_("Labour %(record)s") % {"record": record.number}),
                    quantity=record.labour_hours,
                    unit_price=claim.labour_rate,
                    amount=money(record.labour_hours * claim.labour_rate),
                )
            )
        for part in record.parts.all():
            lines.append(
                ClaimLine(
                    claim=claim,
                    record=record,
                    part=part,
                    kind=ClaimLine.Kind.PART,
                    description=f"{part.part_number} {part.name}"[:200],
                    quantity=part.quantity,
                    unit_price=part.unit_price,
                    amount=part.amount,
                    tag_number=part.tag_number if part.old_part_retained else "",
                )
            )
        if record.travel_km:
            lines.append(
                ClaimLine(
                    claim=claim,
                    record=record,
                    kind=ClaimLine.Kind.TRAVEL,
                    description=str(_("Travel %(km)s km") % {"km": record.travel_km}),
                    quantity=record.travel_km,
                    unit_price=claim.travel_rate,
                    amount=money(record.travel_km * claim.travel_rate),
                )
            )
    return lines


def _lock_claimable(by: User, records: Sequence[RepairRecord]) -> list[RepairRecord]:
    """The records, locked: all of one dealer (the caller's own), none claimed yet, and each
    on an on-time warranty card when the dealer rules require it."""
    if not records:
        raise DomainError(_("Choose at least one repair record."), field="records")
    locked = lock_objects(
        RepairRecord.objects.filter(pk__in=[r.pk for r in records]).select_related(
            "ticket", "ticket__unit", "ticket__unit__card"
        )
    )
    dealer = locked[0].dealer
    if any(r.dealer_id != dealer.pk for r in locked):
        raise DomainError(_("All records of a claim must be of one dealer."), field="records")
    if not by.is_superuser and by.organisation_id != dealer.pk:
        raise PermissionDeniedError(_("You may act only for your own organisation."))
    taken = [r.number for r in locked if r.claim_id is not None]
    if taken:
        raise ConflictError(
            _("Already claimed: %(records)s.") % {"records": ", ".join(taken)},
            code="already_claimed",
        )
    dealer_rules, warranty_rules = DealerRules.current(), WarrantyRules.current()
    problems = [
        p
        for r in locked
        if (p := claim_problem(r, dealer, dealer_rules=dealer_rules, warranty_rules=warranty_rules))
    ]
    if problems:
        raise DomainError(" ".join(problems), field="records", code="not_claimable")
    return locked


def _claimed_total(lines: Sequence[ClaimLine]) -> Decimal:
    """The sum of the lines, refused when it or one line is more than a claim can hold."""
    total = money(sum((line.amount for line in lines), ZERO))
    if total > MONEY_MAX or any(line.amount > MONEY_MAX for line in lines):
        raise DomainError(
            _("These records add up to more than one claim can hold; claim them separately."),
            field="records",
            code="amount_too_large",
        )
    return total


@transaction.atomic
def claim_create(
    *, by: User, records: Sequence[RepairRecord], note: str = "", at: datetime | None = None
) -> WarrantyClaim:
    """A draft claim for one or more of the dealer's repair records: labour at the agreed
    rate, the replaced parts, travel at the agreed rate per km."""
    require_role(by, {defaults.DEALER})
    locked = _lock_claimable(by, records)
    dealer = locked[0].dealer
    profile = profile_for(dealer)
    now = at or timezone.now()
    claim = WarrantyClaim.objects.create(
        number=next_number("WC", at=now),
        dealer=dealer,
        labour_rate=profile.labour_rate,
        travel_rate=profile.travel_rate,
        note=(note or "").strip(),
        created_by=by,
        created_at=now,
    )
    lines = _lines_for(claim, locked)
    # Refused before any line is written: the claim row above rolls back with it.
    claim.claimed_total = _claimed_total(lines)
    ClaimLine.objects.bulk_create(lines)
    claim.save(update_fields=["claimed_total"])
    RepairRecord.objects.filter(pk__in=[r.pk for r in locked]).update(claim=claim)
    claim_event(
        claim,
        code=CREATED,
        by=by,
        at=now,
        to_status=claim.status,
        payload={"records": [r.number for r in locked], "claimed": str(claim.claimed_total)},
    )
    return claim


# --- transitions -----------------------------------------------------------------------


class ClaimWorkflow(Workflow[WarrantyClaim, ClaimTransition, dict[str, Any], ClaimEvent, User]):
    """The claim lifecycle on the shared skeleton: ``ClaimTransition`` rows for the rules,
    :data:`HANDLERS` (below) for each step's checks and changes."""

    not_allowed_text = _("“%(action)s” is not allowed while the claim is %(status)s.")
    forbidden_text = _("Your role may not perform “%(action)s” on this claim.")

    def lock(self, subject: WarrantyClaim) -> WarrantyClaim:
        return lock_one(WarrantyClaim.objects.select_related("dealer"), subject.pk)

    def is_known(self, action: object) -> bool:
        return isinstance(action, str) and action in HANDLERS

    def rules_for(self, subject: WarrantyClaim) -> list[ClaimTransition]:
        return list(ClaimTransition.objects.filter(is_active=True, from_status=subject.status))

    def may_act(self, rule: ClaimTransition, subject: WarrantyClaim, user: User) -> bool:
        if user.is_superuser:
            return True
        if not user.roles & set(rule.roles):
            return False
        organisation = user.organisation
        if organisation.is_internal:
            return True
        return (
            organisation.kind == Organisation.Kind.DEALER and subject.dealer_id == organisation.pk
        )

    def validate(self, action: str, data: Any) -> dict[str, Any]:
        if data is not None and not isinstance(data, dict):
            raise DomainError(
                _("Send an object with the action and its fields."), code="invalid_fields"
            )
        return dict(data or {})

    def apply(
        self,
        *,
        rule: ClaimTransition,
        subject: WarrantyClaim,
        by: User,
        values: dict[str, Any],
        now: datetime,
    ) -> ClaimEvent:
        from_status = subject.status
        payload = HANDLERS[rule.action](subject, by, values, now)
        to_status = rule.to_status
        if to_status:
            subject.status = to_status
        subject.save()
        event = claim_event(
            subject,
            code=event_code(rule.action),
            by=by,
            at=now,
            from_status=from_status if to_status else "",
            to_status=to_status,
            payload=payload,
        )
        claim_notify(subject, event.code)
        if rule.action == "submit":
            _auto_reject_excluded(subject, now)
        return event


WORKFLOW = ClaimWorkflow()


def available_transitions(claim: WarrantyClaim, user: User) -> list[ClaimTransition]:
    return WORKFLOW.available(claim, user)


def claim_transition(
    *,
    claim: WarrantyClaim,
    by: User,
    action: str,
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> ClaimEvent:
    """Perform ``action`` on ``claim``: check the table and the role, validate, write the
    event. Nothing is written when it refuses."""
    return WORKFLOW.perform(subject=claim, by=by, action=action, data=data, at=at)


def _auto_reject_excluded(claim: WarrantyClaim, now: datetime) -> None:
    """A claim for an excluded cause (the ticket's warranty decision) is rejected at once."""
    if not DealerRules.current().reject_excluded_causes:
        return
    exclusion = excluded_cause(claim)
    if not exclusion:
        return
    reason = ClaimRejectionReason.objects.filter(code="excluded_cause").first()
    if reason is None:
        return
    _rejected(claim, reason, str(_("Excluded cause: %(code)s") % {"code": exclusion}))
    previous = claim.status
    claim.status = ClaimStatus.REJECTED
    claim.save()
    claim_event(
        claim,
        code=AUTO_REJECTED,
        by=None,
        at=now,
        from_status=previous,
        to_status=claim.status,
        payload={"reason": reason.code, "exclusion": exclusion},
    )
    claim_notify(claim, AUTO_REJECTED)


def quarter_fees_cancel(*, finding: FalsifiedCardFinding, by: User) -> list[str]:
    """Cancel the labour of the dealer's claims already settled in the finding's quarter and
    not yet on a statement (claims settling later in the quarter are cancelled at settling)."""
    claims = lock_objects(
        WarrantyClaim.objects.filter(
            dealer=finding.dealer,
            status=ClaimStatus.SETTLED,
            settled_year=finding.year,
            settled_quarter=finding.quarter,
            statement__isnull=True,
            fees_cancelled=False,
        )
    )
    done = []
    now = timezone.now()
    for claim in claims:
        taken = _cancel_labour(claim)
        claim.save(update_fields=["approved_total", "fees_cancelled"])
        if taken:
            ReceivableLedgerEntry.objects.create(
                dealer=claim.dealer,
                kind=ReceivableLedgerEntry.Kind.SETTLEMENT,
                amount=-taken,
                reference=f"{claim.number}/F{finding.pk}",
                claim=claim,
                at=now,
                created_by=by,
            )
        claim_event(
            claim,
            code=FEES_CANCELLED,
            by=by,
            at=now,
            payload={"reason": "falsified_card", "amount": str(taken), "finding": finding.pk},
        )
        done.append(claim.number)
    return done
