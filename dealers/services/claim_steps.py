"""The steps of a claim's workflow: each action's checks and changes, and the table that
names them (:data:`HANDLERS`, used by :class:`dealers.services.claims.ClaimWorkflow`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from aftersales.errors import ConflictError, DomainError
from dealers.models import (
    ZERO,
    ClaimLine,
    ClaimRejectionReason,
    DealerRules,
    ReceivableLedgerEntry,
    ReturnShipment,
    WarrantyClaim,
)
from dealers.periods import quarter_of
from dealers.services.claim_rules import claim_problem, excluded_cause, falsified_quarter
from dealers.services.profiles import money

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
    problems = [p for r in records if (p := claim_problem(r, claim.dealer, dealer_rules=rules))]
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
