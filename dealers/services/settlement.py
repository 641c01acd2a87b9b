"""Quarterly settlement: falsified-card findings, the settlement notice (三包费用核销通知)
and its deduction against the dealer's receivables (应收账款)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from accounts.roles import require_role
from aftersales.errors import ConflictError, DomainError
from aftersales.locks import lock_objects
from aftersales.numbering import next_number
from dealers import defaults
from dealers.models import (
    ZERO,
    ClaimLine,
    ClaimStatus,
    FalsifiedCardFinding,
    ReceivableLedgerEntry,
    SettlementStatement,
    WarrantyClaim,
)
from dealers.notices import statement_notify
from dealers.periods import quarter_bounds, quarter_of
from dealers.services.claims import quarter_fees_cancel
from dealers.services.common import dealer_event
from dealers.services.profiles import money
from warranty.models import WarrantyCard

FINDING_RECORDED = "dealer.falsified_card_found"
STATEMENT_ISSUED = "dealer.statement_issued"


@transaction.atomic
def falsified_card_record(
    *,
    by: User,
    card: WarrantyCard,
    note: str = "",
    year: int | None = None,
    quarter: int | None = None,
) -> FalsifiedCardFinding:
    """Record a falsified warranty card found in a quarter (default: this quarter): the
    dealer's repair fees of that quarter are cancelled."""
    require_role(by, defaults.FINDING_ROLES)
    dealer = card.dealer or card.unit.selling_dealer
    if dealer is None or dealer.kind != Organisation.Kind.DEALER:
        raise DomainError(_("This card was not filed by a dealer."), field="card")
    if (year is None) != (quarter is None):
        raise DomainError(_("Give both the year and the quarter."), field="quarter")
    if year is None or quarter is None:
        year, quarter = quarter_of(timezone.localdate())
    if quarter not in (1, 2, 3, 4) or not 2000 <= year <= 2100:
        raise DomainError(_("Choose a quarter 1 to 4 of a valid year."), field="quarter")
    if SettlementStatement.objects.filter(dealer=dealer, year=year, quarter=quarter).exists():
        raise ConflictError(
            _("The settlement notice of that quarter has already been issued."),
            code="quarter_closed",
        )
    try:
        with transaction.atomic():
            finding = FalsifiedCardFinding.objects.create(
                dealer=dealer,
                card=card,
                year=year,
                quarter=quarter,
                found_by=by,
                note=(note or "").strip(),
            )
    except IntegrityError:
        raise ConflictError(_("This finding is already recorded."), code="duplicate") from None
    cancelled = quarter_fees_cancel(finding=finding, by=by)
    dealer_event(
        dealer,
        code=FINDING_RECORDED,
        by=by,
        payload={"card": card.pk, "quarter": f"{year}Q{quarter}", "claims": cancelled},
    )
    return finding


@dataclass
class StatementDraft:
    """What a quarter's notice adds up to (before or after issue)."""

    dealer: Organisation
    year: int
    quarter: int
    claims: list[WarrantyClaim] = field(default_factory=list)
    labour: Decimal = ZERO
    parts: Decimal = ZERO
    travel: Decimal = ZERO
    claimed: Decimal = ZERO
    total: Decimal = ZERO

    @property
    def period(self) -> str:
        return f"{self.year}Q{self.quarter}"


def settled_claims(dealer: Organisation, year: int, quarter: int) -> QuerySet[WarrantyClaim]:
    return WarrantyClaim.objects.filter(
        dealer=dealer,
        status=ClaimStatus.SETTLED,
        settled_year=year,
        settled_quarter=quarter,
    ).order_by("settled_at", "pk")


def statement_draft(
    dealer: Organisation, year: int, quarter: int, claims: list[WarrantyClaim] | None = None
) -> StatementDraft:
    rows = (
        claims
        if claims is not None
        else list(settled_claims(dealer, year, quarter).prefetch_related("lines"))
    )
    draft = StatementDraft(dealer=dealer, year=year, quarter=quarter, claims=rows)
    for claim in rows:
        draft.claimed += claim.claimed_total
        draft.total += claim.approved_total or ZERO
        for line in claim.lines.all():
            amount = line.approved_amount or ZERO
            if line.kind == ClaimLine.Kind.LABOUR:
                draft.labour += amount
            elif line.kind == ClaimLine.Kind.PART:
                draft.parts += amount
            else:
                draft.travel += amount
    return draft


@transaction.atomic
def statement_issue(
    *, by: User, dealer: Organisation, year: int, quarter: int, at: datetime | None = None
) -> SettlementStatement:
    """Issue the quarter's settlement notice once the quarter has ended: it lists the claims
    settled in the quarter and deducts their total from the dealer's receivables."""
    require_role(by, defaults.STATEMENT_ROLES)
    if dealer.kind != Organisation.Kind.DEALER:
        raise DomainError(_("%(org)s is not a dealer.") % {"org": dealer}, field="dealer")
    if quarter not in (1, 2, 3, 4) or not 2000 <= year <= 2100:
        raise DomainError(_("Choose a quarter 1 to 4 of a valid year."), field="quarter")
    now = at or timezone.now()
    _first, last = quarter_bounds(year, quarter)
    if timezone.localdate(now) <= last:
        raise ConflictError(_("A quarter is settled after it has ended."), code="quarter_open")
    lock_objects(Organisation.objects.filter(pk=dealer.pk))
    if SettlementStatement.objects.filter(dealer=dealer, year=year, quarter=quarter).exists():
        raise ConflictError(
            _("The settlement notice of this quarter has already been issued."),
            code="already_issued",
        )
    claims = lock_objects(settled_claims(dealer, year, quarter).filter(statement__isnull=True))
    draft = statement_draft(dealer, year, quarter, claims)
    statement = SettlementStatement.objects.create(
        number=next_number("SN", at=now),
        dealer=dealer,
        year=year,
        quarter=quarter,
        claims_count=len(claims),
        claimed_total=money(draft.claimed),
        labour_total=money(draft.labour),
        parts_total=money(draft.parts),
        travel_total=money(draft.travel),
        total=money(draft.total),
        issued_at=now,
        issued_by=by,
    )
    WarrantyClaim.objects.filter(pk__in=[c.pk for c in claims]).update(statement=statement)
    ReceivableLedgerEntry.objects.create(
        dealer=dealer,
        kind=ReceivableLedgerEntry.Kind.DEDUCTION,
        amount=-statement.total,
        reference=statement.number,
        statement=statement,
        at=now,
        created_by=by,
    )
    dealer_event(
        dealer,
        code=STATEMENT_ISSUED,
        by=by,
        payload={"statement": statement.number, "total": str(statement.total)},
    )
    statement_notify(statement)
    return statement
