"""Warranty claims (索赔单): filing from repair records, and every step of their lifecycle
through the one function :func:`claim_transition`, checked against ``ClaimTransition`` rows.

Illegal in the current status → ``ConflictError`` (409); the wrong role →
``PermissionDeniedError`` (403); bad fields → ``DomainError`` (400, per field).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Sum
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
    ReturnShipment,
    WarrantyClaim,
)
from dealers.notices import claim_notify
from dealers.periods import quarter_of
from dealers.services.common import claim_event
from dealers.services.profiles import money, profile_for
from warranty.cards import card_status
from warranty.models import WarrantyRules

CREATED = "claim.created"
AUTO_REJECTED = "claim.auto_rejected"
FEES_CANCELLED = "claim.fees_cancelled"


def event_code(action: str) -> str:
    return f"claim.{action}"


# --- rules -----------------------------------------------------------------------------


def card_problem(
    record: RepairRecord, dealer: Organisation, rules: WarrantyRules | None = None
) -> str | None:
    """Why the unit of ``record`` is not claimable by ``dealer`` (None when it is).

    A unit is claimable by a dealer only with a warranty card (三包回执卡) that this dealer
    returned on time (``warranty.cards.card_status`` is ``on_time``)."""
    unit = record.ticket.unit
    if unit is None:
        return str(_("The ticket has no registered unit."))
    card = getattr(unit, "card", None)
    if card is None or unit.sale_date is None:
        return str(_("Unit %(serial)s has no warranty card.") % {"serial": unit.serial})
    card_dealer = card.dealer_id or unit.selling_dealer_id
    if card_dealer != dealer.pk:
        return str(
            _("The warranty card of unit %(serial)s was not returned by your outlet.")
            % {"serial": unit.serial}
        )
    rules = rules or WarrantyRules.current()
    status = card_status(
        sale_date=unit.sale_date,
        filed_on=card.filed_on,
        days=rules.card_deadline_days,
        today=timezone.localdate(),
    )
    if status.state != "on_time":
        return str(
            _("The warranty card of unit %(serial)s was not returned on time.")
            % {"serial": unit.serial}
        )
    return None


def excluded_cause(claim: WarrantyClaim) -> str | None:
    """The exclusion code of the first ticket on the claim decided as an excluded cause."""
    for record in claim.records.select_related("ticket"):
        exclusion = (record.ticket.entitlement or {}).get("exclusion")
        if exclusion:
            return str(exclusion)
    return None


def falsified_quarter(dealer: Organisation, year: int, quarter: int) -> FalsifiedCardFinding | None:
    return FalsifiedCardFinding.objects.filter(dealer=dealer, year=year, quarter=quarter).first()


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


@transaction.atomic
def claim_create(
    *, by: User, records: Sequence[RepairRecord], note: str = "", at: datetime | None = None
) -> WarrantyClaim:
    """A draft claim for one or more of the dealer's repair records: labour at the agreed
    rate, the replaced parts, travel at the agreed rate per km."""
    require_role(by, {defaults.DEALER})
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
    rules = DealerRules.current()
    if rules.require_on_time_card:
        warranty_rules = WarrantyRules.current()
        problems = [p for r in locked if (p := card_problem(r, dealer, warranty_rules))]
        if problems:
            raise DomainError(" ".join(problems), field="records", code="not_claimable")
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
    total = money(sum((line.amount for line in lines), ZERO))
    if total > MONEY_MAX or any(line.amount > MONEY_MAX for line in lines):
        # Raised before any line is written: the claim row above rolls back with it.
        raise DomainError(
            _("These records add up to more than one claim can hold; claim them separately."),
            field="records",
            code="amount_too_large",
        )
    ClaimLine.objects.bulk_create(lines)
    claim.claimed_total = total
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


Handler = Callable[[WarrantyClaim, User, dict[str, Any], datetime], dict[str, Any]]


def _text(data: dict[str, Any], name: str, *, required: bool = False, limit: int = 2000) -> str:
    value = data.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str | int | Decimal):
        raise DomainError(_("Enter text."), field=name, code="invalid_fields")
    value = str(value).strip()
    if required and not value:
        raise DomainError(_("This field is required."), field=name, code="invalid_fields")
    if len(value) > limit:
        raise DomainError(
            _("At most %(n)s characters.") % {"n": limit}, field=name, code="invalid_fields"
        )
    return value


def _bool(data: dict[str, Any], name: str) -> bool:
    value = data.get(name)
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if value is not None else ""
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off"}:
        return False
    raise DomainError(_("Answer yes or no."), field=name, code="invalid_fields")


def _list(data: dict[str, Any], name: str) -> list[Any]:
    value = data.get(name)
    if value is None or value == "":
        return []
    if not isinstance(value, list | tuple):
        raise DomainError(_("Give a list."), field=name, code="invalid_fields")
    return list(value)


def _line_ref(item: Any, name: str, index: int, lines: dict[int, ClaimLine]) -> ClaimLine:
    if not isinstance(item, dict):
        raise DomainError(
            _("Each entry is an object."), field=f"{name}[{index}]", code="invalid_fields"
        )
    try:
        line = lines[int(item["line"])]
    except (TypeError, ValueError, KeyError):
        raise DomainError(
            _("Not a line of this claim."), field=f"{name}[{index}].line", code="invalid_fields"
        ) from None
    return line


def _submit(claim: WarrantyClaim, by: User, data: dict[str, Any], now: datetime) -> dict[str, Any]:
    rules = DealerRules.current()
    records = list(claim.records.select_related("ticket", "ticket__unit", "ticket__unit__card"))
    if not records:
        raise ConflictError(_("A claim needs at least one repair record."), code="no_records")
    if rules.require_on_time_card:
        problems = [p for r in records if (p := card_problem(r, claim.dealer))]
        if problems:
            raise DomainError(" ".join(problems), field="records", code="not_claimable")
    claim.submitted_at = now
    return {"note": _text(data, "note")} if data.get("note") else {}


def _cancel(claim: WarrantyClaim, by: User, data: dict[str, Any], now: datetime) -> dict[str, Any]:
    released = list(claim.records.values_list("number", flat=True))
    claim.records.update(claim=None)
    return {"released": released, "reason": _text(data, "reason")}


def _ship_parts(
    claim: WarrantyClaim, by: User, data: dict[str, Any], now: datetime
) -> dict[str, Any]:
    if ReturnShipment.objects.filter(claim=claim).exists():
        raise ConflictError(
            _("The old parts of this claim have already been shipped."), code="already_shipped"
        )
    tracking = _text(data, "tracking_number", required=True, limit=60)
    carrier = _text(data, "carrier", limit=60)
    known = set(claim.lines.exclude(tag_number="").values_list("tag_number", flat=True))
    tags = [str(t).strip() for t in _list(data, "tags")] or sorted(known)
    unknown = sorted(set(tags) - known)
    if unknown:
        raise DomainError(
            _("Not tagged parts of this claim: %(tags)s.") % {"tags": ", ".join(unknown)},
            field="tags",
            code="invalid_fields",
        )
    ReturnShipment.objects.create(
        claim=claim,
        carrier=carrier,
        tracking_number=tracking,
        tags=tags,
        shipped_at=now,
        shipped_by=by,
    )
    return {"tracking_number": tracking, "carrier": carrier, "tags": tags}


def _receive_parts(
    claim: WarrantyClaim, by: User, data: dict[str, Any], now: datetime
) -> dict[str, Any]:
    shipment = ReturnShipment.objects.filter(claim=claim).first()
    tagged = claim.lines.exclude(tag_number="").exists()
    if shipment is None and tagged:
        raise ConflictError(_("The dealer has not shipped the old parts yet."), code="not_shipped")
    payload: dict[str, Any] = {"note": _text(data, "note")}
    if shipment is not None:
        shipment.received_at = now
        shipment.received_by = by
        shipment.save(update_fields=["received_at", "received_by"])
        payload.update(tracking_number=shipment.tracking_number, tags=shipment.tags)
    return payload


def _appraise(
    claim: WarrantyClaim, by: User, data: dict[str, Any], now: datetime
) -> dict[str, Any]:
    genuine = _bool(data, "genuine")
    reason = _text(data, "reason", required=not genuine)
    part_lines = {line.pk: line for line in claim.lines.filter(kind=ClaimLine.Kind.PART)}
    verdicts: dict[int, tuple[str, str]] = {}
    for index, item in enumerate(_list(data, "parts")):
        line = _line_ref(item, "parts", index, part_lines)
        verdict = str(item.get("verdict", "")).strip()
        if verdict not in ClaimLine.Verdict.values:
            raise DomainError(
                _("Choose usable or scrap."), field=f"parts[{index}].verdict", code="invalid_fields"
            )
        verdicts[line.pk] = (verdict, str(item.get("reason") or "").strip()[:300])
    missing = [line.description for pk, line in part_lines.items() if pk not in verdicts]
    if missing:
        raise DomainError(
            _("Appraise every part: %(parts)s.") % {"parts": ", ".join(missing)},
            field="parts",
            code="invalid_fields",
        )
    for pk, (verdict, why) in verdicts.items():
        ClaimLine.objects.filter(pk=pk).update(verdict=verdict, verdict_reason=why)
    claim.genuine = genuine
    claim.appraisal_note = reason
    return {
        "genuine": genuine,
        "reason": reason,
        "parts": {str(pk): {"verdict": v, "reason": r} for pk, (v, r) in verdicts.items()},
    }


def _approve(claim: WarrantyClaim, by: User, data: dict[str, Any], now: datetime) -> dict[str, Any]:
    if claim.genuine is False:
        raise DomainError(
            _("The case was appraised as not genuine: reject the claim instead."),
            field="action",
            code="not_genuine",
        )
    rules = DealerRules.current()
    exclusion = excluded_cause(claim) if rules.reject_excluded_causes else None
    if exclusion:
        raise DomainError(
            _("The fault is an excluded cause: reject the claim instead."),
            field="action",
            code="excluded_cause",
        )
    lines = {line.pk: line for line in claim.lines.all()}
    approved = {pk: line.amount for pk, line in lines.items()}
    for index, item in enumerate(_list(data, "lines")):
        line = _line_ref(item, "lines", index, lines)
        field = f"lines[{index}].approved_amount"
        try:
            amount = Decimal(str(item.get("approved_amount")).strip())
        except (InvalidOperation, ValueError, TypeError):
            raise DomainError(_("Enter an amount."), field=field, code="invalid_fields") from None
        if not amount.is_finite() or amount < 0 or amount > line.amount:
            raise DomainError(
                _("The approved amount must be between 0 and the claimed %(amount)s.")
                % {"amount": line.amount},
                field=field,
                code="invalid_fields",
            )
        if amount != amount.quantize(Decimal("0.01")):
            raise DomainError(
                _("Amounts have at most two decimals."), field=field, code="invalid_fields"
            )
        approved[line.pk] = money(amount)
    for pk, amount in approved.items():
        ClaimLine.objects.filter(pk=pk).update(approved_amount=amount)
    claim.approved_total = money(sum(approved.values(), ZERO))
    full = all(approved[pk] == line.amount for pk, line in lines.items())
    claim.outcome = WarrantyClaim.Outcome.FULL if full else WarrantyClaim.Outcome.PARTIAL
    claim.review_note = _text(data, "note")
    return {
        "outcome": claim.outcome,
        "approved": str(claim.approved_total),
        "lines": {str(pk): str(a) for pk, a in approved.items()},
        "note": claim.review_note,
    }


def _reject(claim: WarrantyClaim, by: User, data: dict[str, Any], now: datetime) -> dict[str, Any]:
    code = _text(data, "reason", required=True, limit=40)
    reason = ClaimRejectionReason.objects.filter(code=code, is_active=True).first()
    if reason is None:
        raise DomainError(_("Choose a rejection reason."), field="reason", code="invalid_fields")
    _rejected(claim, reason, _text(data, "note"))
    return {"reason": reason.code, "note": claim.review_note}


def _rejected(claim: WarrantyClaim, reason: ClaimRejectionReason, note: str) -> None:
    claim.outcome = WarrantyClaim.Outcome.REJECTED
    claim.rejection_reason = reason
    claim.review_note = note
    claim.approved_total = ZERO
    claim.lines.update(approved_amount=ZERO)


def _cancel_labour(claim: WarrantyClaim) -> Decimal:
    """Zero the labour (repair fees) of a claim; returns the amount taken off."""
    labour = claim.lines.filter(kind=ClaimLine.Kind.LABOUR)
    taken = labour.aggregate(total=Sum("approved_amount"))["total"] or ZERO
    labour.update(approved_amount=ZERO)
    claim.approved_total = money((claim.approved_total or ZERO) - taken)
    claim.fees_cancelled = True
    return money(taken)


def _settle(claim: WarrantyClaim, by: User, data: dict[str, Any], now: datetime) -> dict[str, Any]:
    year, quarter = quarter_of(timezone.localdate(now))
    payload: dict[str, Any] = {"quarter": f"{year}Q{quarter}"}
    finding = falsified_quarter(claim.dealer, year, quarter)
    if finding is not None and DealerRules.current().falsified_card_cancels_quarter:
        payload["fees_cancelled"] = str(_cancel_labour(claim))
        payload["reason"] = "falsified_card"
    claim.settled_at = now
    claim.settled_year, claim.settled_quarter = year, quarter
    ReceivableLedgerEntry.objects.create(
        dealer=claim.dealer,
        kind=ReceivableLedgerEntry.Kind.SETTLEMENT,
        amount=claim.approved_total or ZERO,
        reference=claim.number,
        claim=claim,
        at=now,
        created_by=by,
    )
    payload["settled"] = str(claim.approved_total)
    return payload


def _note(claim: WarrantyClaim, by: User, data: dict[str, Any], now: datetime) -> dict[str, Any]:
    return {"note": _text(data, "note", required=True)}


HANDLERS: dict[str, Handler] = {
    "submit": _submit,
    "cancel": _cancel,
    "ship_parts": _ship_parts,
    "receive_parts": _receive_parts,
    "appraise": _appraise,
    "approve": _approve,
    "reject": _reject,
    "settle": _settle,
    "add_note": _note,
}


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
