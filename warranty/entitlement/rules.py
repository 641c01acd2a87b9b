"""The decision rules, as named steps in order of precedence (see the package docstring)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from warranty.entitlement.dates import fault_local_date, period_last_day
from warranty.entitlement.facts import (
    ComponentCoverage,
    ComponentPeriod,
    ContractFacts,
    Decision,
    LabourCharge,
    PartsCharge,
    Reason,
    ServiceType,
    UnitFacts,
    WarrantyPolicySpec,
)
from warranty.entitlement.texts import NO_CARD_EXCLUSION

# --------------------------------------------------------------------------- decision


def _reason(code: str, **params: object) -> Reason:
    return Reason(code, tuple((k, str(v)) for k, v in params.items()))


def _period_start(policy: WarrantyPolicySpec, unit: UnitFacts) -> tuple[date | None, Reason]:
    if policy.start_basis == "acceptance":
        if unit.acceptance_date is not None:
            return unit.acceptance_date, _reason(
                "period_start_acceptance", start=unit.acceptance_date
            )
        if unit.sale_date is not None:
            return unit.sale_date, _reason("acceptance_date_missing", start=unit.sale_date)
    elif unit.sale_date is not None:
        return unit.sale_date, _reason("period_start_sale", start=unit.sale_date)
    return None, _reason("no_sale_record")


Phase = Literal["unknown", "before_start", "quality", "maintenance", "expired"]


@dataclass(frozen=True, slots=True)
class _Periods:
    start: date | None
    quality_end: date | None
    maintenance_end: date | None


@dataclass(frozen=True, slots=True)
class _Terms:
    service_type: ServiceType
    parts: PartsCharge
    labour: LabourCharge
    replacement_due: bool = False


def _check_inputs(policy: WarrantyPolicySpec, exclusion: str | None, repairs: int) -> None:
    if exclusion is not None and exclusion not in policy.exclusions:
        raise ValueError(
            f"exclusion {exclusion!r} is not recognised by the policy "
            f"(known: {', '.join(policy.exclusions) or 'none'})"
        )
    if isinstance(repairs, bool) or not isinstance(repairs, int) or repairs < 0:
        raise ValueError("same_fault_repairs_in_warranty must be a non-negative int")


def _exclusions(
    policy: WarrantyPolicySpec, exclusion: str | None, has_valid_card: bool
) -> tuple[list[str], Reason | None]:
    """Rule 1's inputs: the explicit exclusion first; a missing card is one too if the policy
    lists it, else only a remark."""
    exclusions = [exclusion] if exclusion is not None else []
    if has_valid_card:
        return exclusions, None
    if NO_CARD_EXCLUSION not in policy.exclusions:
        return exclusions, _reason("card_missing_not_excluded")
    if NO_CARD_EXCLUSION not in exclusions:
        exclusions.append(NO_CARD_EXCLUSION)
    return exclusions, None


def _unit_periods(policy: WarrantyPolicySpec, start: date | None) -> _Periods:
    if start is None:
        return _Periods(None, None, None)
    return _Periods(
        start,
        period_last_day(start, policy.quality_months),
        period_last_day(start, policy.quality_months + policy.maintenance_months),
    )


def _component_coverages(
    policy: WarrantyPolicySpec, start: date | None, fault_date: date, excluded: bool
) -> tuple[ComponentCoverage, ...]:
    """Each component's own period, counted from the unit's start."""
    if start is None:
        return ()
    coverages = []
    for comp in policy.components:
        end = period_last_day(start, comp.quality_months)
        coverages.append(
            ComponentCoverage(
                code=comp.code,
                name_en=comp.name_en,
                name_zh=comp.name_zh,
                end=end,
                covered=not excluded and start <= fault_date <= end,
            )
        )
    return tuple(coverages)


def _phase(
    periods: _Periods, comp_spec: ComponentPeriod | None, fault_date: date
) -> tuple[Phase, list[Reason]]:
    """Where the fault date falls: before the start, in the (component's) quality period, in
    the maintenance period, after it — or unknown without a sale record."""
    start, quality_end, maintenance_end = (
        periods.start,
        periods.quality_end,
        periods.maintenance_end,
    )
    if start is None or quality_end is None or maintenance_end is None:
        return "unknown", []
    if fault_date < start:
        return "before_start", [
            _reason("fault_before_period_start", fault_date=fault_date, start=start)
        ]
    free_end = quality_end
    if comp_spec is not None:
        free_end = period_last_day(start, comp_spec.quality_months)
    if fault_date <= free_end:
        if comp_spec is not None:
            return "quality", [
                _reason("component_in_quality_period", component=comp_spec.code, until=free_end)
            ]
        return "quality", [_reason("in_quality_period", until=free_end)]
    reasons = []
    if comp_spec is not None:
        reasons.append(
            _reason("component_quality_expired", component=comp_spec.code, ended=free_end)
        )
    if fault_date <= maintenance_end:
        reasons.append(
            _reason("in_maintenance_period", quality_end=free_end, until=maintenance_end)
        )
        return "maintenance", reasons
    reasons.append(_reason("warranty_expired", ended=max(free_end, maintenance_end)))
    return "expired", reasons


def _contract_also(contract: ContractFacts | None) -> list[Reason]:
    if contract is None:
        return []
    return [_reason("contract_also_applies", contract=contract.number, until=contract.end)]


def _terms(
    policy: WarrantyPolicySpec,
    phase: Phase,
    exclusions: list[str],
    contract: ContractFacts | None,
    repairs: int,
) -> tuple[_Terms, list[Reason]]:
    """Rules 1–5 of the module docstring, in order of precedence."""
    if exclusions:  # 1. an exclusion: paid service even inside the warranty
        reasons = [_reason("excluded", exclusion=code) for code in exclusions]
        in_warranty = phase in ("quality", "maintenance")
        parts: PartsCharge = "cost" if in_warranty else policy.parts_pricing_after_warranty
        return _Terms("A", parts, "charged"), reasons + _contract_also(contract)
    if phase == "quality":  # 2. quality period: free; replacement after repeated repairs
        reasons = _contract_also(contract)
        threshold = policy.repeat_repair_threshold
        if repairs < threshold:
            return _Terms("C", "free", "free"), reasons
        reasons.append(_reason("repeat_repair_replacement", count=repairs, threshold=threshold))
        return _Terms("C", "free", "free", replacement_due=True), reasons
    if contract is not None:  # 3. a contract: labour included, parts at contract price
        until = contract.end
        return _Terms("B", "cost", "free"), [
            _reason("under_contract", contract=contract.number, until=until)
        ]
    if phase == "maintenance":  # 4. maintenance period: parts at cost, labour charged
        return _Terms("A", "cost", "charged"), []
    # 5. after it, no sale record, or before the start
    return _Terms("A", policy.parts_pricing_after_warranty, "charged"), []


def _component_period(
    policy: WarrantyPolicySpec, component: str | None
) -> tuple[ComponentPeriod | None, list[Reason]]:
    """The component's own period; one the policy does not know uses the unit's."""
    if component is None:
        return None, []
    period = policy.component(component)
    if period is None:
        return None, [_reason("component_uses_unit_period", component=component)]
    return period, []


def _covering_contract(
    contracts: Sequence[ContractFacts], fault_date: date
) -> tuple[ContractFacts | None, list[Reason]]:
    """The first contract in force on the fault date; when none is, why each one is not."""
    contract = next((c for c in contracts if c.covers(fault_date)), None)
    if contract is not None:
        return contract, []
    return None, [
        _reason("contract_not_covering", contract=c.number, start=c.start, end=c.end)
        for c in contracts
    ]


def _labour_cap(policy: WarrantyPolicySpec, terms: _Terms) -> tuple[Decimal | None, list[Reason]]:
    """The policy's cap on the labour rate, when labour is charged."""
    if terms.labour != "charged" or policy.labour_rate_cap is None:
        return None, []
    cap = policy.labour_rate_cap
    return cap, [_reason("labour_rate_capped", cap=cap)]


def decide(
    *,
    policy: WarrantyPolicySpec,
    unit: UnitFacts,
    fault_at: datetime,
    tz: str = "Asia/Shanghai",
    component: str | None = None,
    exclusion: str | None = None,
    contracts: Sequence[ContractFacts] = (),
    same_fault_repairs_in_warranty: int = 0,
    has_valid_card: bool = True,
) -> Decision:
    """Decide the three-guarantees entitlement for a fault (see the module docstring).

    Raises ValueError for a naive ``fault_at``, an unknown time zone, an exclusion the
    policy does not recognise, or a negative repair count.
    """
    fault_date = fault_local_date(fault_at, tz)
    _check_inputs(policy, exclusion, same_fault_repairs_in_warranty)
    exclusions, card_reason = _exclusions(policy, exclusion, has_valid_card)
    start, start_reason = _period_start(policy, unit)
    periods = _unit_periods(policy, start)
    coverages = _component_coverages(
        policy, start, fault_date, excluded=bool(exclusions) or unit.retired
    )
    comp_spec, comp_reasons = _component_period(policy, component)
    phase, phase_reasons = _phase(periods, comp_spec, fault_date)
    if unit.retired:  # exchanged or returned (包换/包退): its warranty is spent
        phase, phase_reasons = "expired", [_reason("unit_retired")]
    contract, contract_reasons = _covering_contract(contracts, fault_date)
    terms, term_reasons = _terms(
        policy, phase, exclusions, contract, same_fault_repairs_in_warranty
    )
    cap, cap_reasons = _labour_cap(policy, terms)
    reasons = [
        start_reason,
        *comp_reasons,
        *phase_reasons,
        *([card_reason] if card_reason is not None else []),
        *contract_reasons,
        *term_reasons,
        *cap_reasons,
    ]
    return Decision(
        covered=terms.service_type == "C",
        service_type=terms.service_type,
        period_start=start,
        quality_end=periods.quality_end,
        maintenance_end=periods.maintenance_end,
        components=coverages,
        component=component,
        parts_charge=terms.parts,
        labour_charge=terms.labour,
        labour_rate_cap=cap,
        replacement_due=terms.replacement_due,
        exclusion=exclusions[0] if exclusions else None,
        contract=contract.number if contract is not None else None,
        reasons=tuple(reasons),
    )
