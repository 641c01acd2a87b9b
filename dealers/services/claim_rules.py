"""What makes a repair record claimable and a claim's cause excluded: the rules both filing
and the workflow steps check."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from dealers.models import (
    DealerRules,
    FalsifiedCardFinding,
    RepairRecord,
    WarrantyClaim,
)
from warranty.cards import card_status
from warranty.models import WarrantyRules


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


def claim_problem(
    record: RepairRecord,
    dealer: Organisation,
    *,
    dealer_rules: DealerRules | None = None,
    warranty_rules: WarrantyRules | None = None,
) -> str | None:
    """Why ``record`` cannot be claimed by ``dealer`` (None when it can): the one rule of
    the claim form's choice list, of filing and of submitting. Today the warranty card, when
    the dealer rules require an on-time card."""
    dealer_rules = dealer_rules or DealerRules.current()
    if not dealer_rules.require_on_time_card:
        return None
    return card_problem(record, dealer, warranty_rules)


def split_claimable(
    records: Iterable[RepairRecord],
) -> tuple[list[RepairRecord], list[tuple[RepairRecord, str]]]:
    """Unclaimed ``records`` in two: those their dealer can claim, and the others with why
    not (for the claim form: it offers only the first)."""
    dealer_rules = DealerRules.current()
    warranty_rules = WarrantyRules.current()
    claimable: list[RepairRecord] = []
    blocked: list[tuple[RepairRecord, str]] = []
    for record in records:
        problem = claim_problem(
            record, record.dealer, dealer_rules=dealer_rules, warranty_rules=warranty_rules
        )
        if problem:
            blocked.append((record, problem))
        else:
            claimable.append(record)
    return claimable, blocked


def excluded_cause(claim: WarrantyClaim) -> str | None:
    """The exclusion code of the first ticket on the claim decided as an excluded cause."""
    for record in claim.records.select_related("ticket"):
        exclusion = (record.ticket.entitlement or {}).get("exclusion")
        if exclusion:
            return str(exclusion)
    return None


def falsified_quarter(dealer: Organisation, year: int, quarter: int) -> FalsifiedCardFinding | None:
    return FalsifiedCardFinding.objects.filter(dealer=dealer, year=year, quarter=quarter).first()
