"""Warranty entitlement: the three-guarantees (三包) decision an agent sees at intake.

Pure Python, no Django and no database: frozen dataclasses in, a frozen
:class:`Decision` out. Every figure (months, threshold, labour cap, the exclusion
codes a policy recognises) is data passed in by the caller.

Date rule
---------
* The **fault date** is the *local calendar date* of ``fault_at`` in the time zone
  ``tz`` (default ``Asia/Shanghai``). ``fault_at`` must be timezone-aware; a naive
  datetime raises :class:`ValueError`. So ``2025-03-14T15:30Z`` (=23:30 in Shanghai)
  falls on 2025-03-14 and ``2025-03-14T16:30Z`` (=00:30 in Shanghai) on 2025-03-15.
* A period of ``N`` months starting on date ``S`` covers ``S`` up to and including
  ``add_months(S, N) - 1 day``. :func:`add_months` clamps to the end of the month
  (2024-01-31 + 1 month = 2024-02-29). The last covered day is therefore covered and
  the day after is not. ``N = 0`` is an empty period.
* The period starts at the sale date, or - for a policy with
  ``start_basis="acceptance"`` (projects) - at the acceptance/installation date; an
  acceptance-basis unit without an acceptance date falls back to its sale date and
  the decision says so (reason ``acceptance_date_missing``).
* The quality (free) period is ``quality_months`` from the start; the maintenance
  period runs on to ``quality_months + maintenance_months`` months *from the start*
  (one :func:`add_months` call, so month-end clamping is applied once).
* A component with its own period (e.g. a solar lamp's battery, 60 months) uses that
  period, counted from the same start, instead of the unit's quality period; the
  unit's maintenance period still follows if it ends later. Component codes the
  policy does not list use the unit period.
* A maintenance contract covers ``start .. end`` inclusive.

Decision rules, in order of precedence
--------------------------------------
1. An exclusion (one of ``policy.exclusions``; anything else is a ``ValueError``) makes
   the fault paid service, type **A**, even inside the warranty. A missing card
   (``has_valid_card=False``) counts as the exclusion ``no_invoice_or_card`` only if
   the policy lists that code.
2. Inside the quality period: type **C**, free parts and labour. A contract covering
   the fault date is noted (reason ``contract_also_applies``) but C wins. If the same
   fault was already repaired ``repeat_repair_threshold`` times in warranty, a
   replacement with the same model is due.
3. Otherwise a contract covering the fault date: type **B** (labour included in the
   contract, parts at contract price, reported as ``"cost"``).
4. Inside the maintenance period: type **A**, parts at cost, labour charged.
5. After it, with no sale record, or a fault dated before the period start: type
   **A**, parts per ``parts_pricing_after_warranty``, labour charged.

Whenever labour is charged under type A, ``labour_rate_cap`` (yuan/hour) applies.

Reasons are stable codes with string parameters, never translated text: see
:data:`REASON_CODES` (English templates), :data:`REASON_TEXT_ZH` (Chinese) and
:func:`render_reason`.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "DEFAULT_EXCLUSIONS",
    "EXCLUSION_TEXT",
    "EXCLUSION_TEXT_ZH",
    "NO_CARD_EXCLUSION",
    "REASON_CODES",
    "REASON_TEXT_ZH",
    "ComponentCoverage",
    "ComponentPeriod",
    "ContractFacts",
    "Decision",
    "LabourCharge",
    "PartsCharge",
    "PartsPricing",
    "Reason",
    "ServiceType",
    "StartBasis",
    "UnitFacts",
    "WarrantyPolicySpec",
    "add_months",
    "decide",
    "fault_local_date",
    "period_last_day",
    "render_reason",
]

StartBasis = Literal["sale", "acceptance"]
PartsPricing = Literal["cost", "list"]
ServiceType = Literal["A", "B", "C"]
PartsCharge = Literal["free", "cost", "list"]
LabourCharge = Literal["free", "charged"]

NO_CARD_EXCLUSION = "no_invoice_or_card"

#: The exclusion codes named in the domain brief (000 P1, 001, 002, 004).
DEFAULT_EXCLUSIONS: tuple[str, ...] = (
    "misuse",
    "improper_storage",
    "unauthorised_repair",
    "force_majeure",
    NO_CARD_EXCLUSION,
    "altered_card",
    "normal_wear",
)

#: English labels for the default exclusion codes (used by :func:`render_reason`).
EXCLUSION_TEXT: Mapping[str, str] = MappingProxyType(
    {
        "misuse": "misuse",
        "improper_storage": "improper storage",
        "unauthorised_repair": "unauthorised repair or modification",
        "force_majeure": "force majeure",
        NO_CARD_EXCLUSION: "no valid invoice or warranty card",
        "altered_card": "altered warranty card",
        "normal_wear": "normal wear",
    }
)

#: Chinese labels for the default exclusion codes.
EXCLUSION_TEXT_ZH: Mapping[str, str] = MappingProxyType(
    {
        "misuse": "使用不当",
        "improper_storage": "保管不当",
        "unauthorised_repair": "擅自拆修或改装",
        "force_majeure": "不可抗力",
        NO_CARD_EXCLUSION: "无有效发票或三包凭证",
        "altered_card": "三包凭证被涂改",
        "normal_wear": "正常磨损",
    }
)

#: Every reason code :func:`decide` can emit, with an English template.
#: Placeholders are the reason's parameter names.
REASON_CODES: Mapping[str, str] = MappingProxyType(
    {
        "period_start_sale": "Warranty period starts at the sale date {start}",
        "period_start_acceptance": "Warranty period starts at the acceptance date {start}",
        "acceptance_date_missing": (
            "No acceptance date recorded; the period starts at the sale date {start}"
        ),
        "no_sale_record": "No sale record for this unit; it cannot be treated as in warranty",
        "fault_before_period_start": (
            "The fault date {fault_date} is before the warranty period starts ({start})"
        ),
        "in_quality_period": "In the quality-guarantee period until {until}",
        "component_in_quality_period": (
            "Component {component} is in its quality-guarantee period until {until}"
        ),
        "component_quality_expired": (
            "The quality-guarantee period of component {component} ended on {ended}"
        ),
        "component_uses_unit_period": (
            "Component {component} has no period of its own; the unit period applies"
        ),
        "in_maintenance_period": (
            "Quality-guarantee period ended on {quality_end}; "
            "in the maintenance period until {until}: parts at cost, labour charged"
        ),
        "warranty_expired": "Warranty expired on {ended}",
        "excluded": "Excluded from free service: {exclusion}; serviced as paid service",
        "card_missing_not_excluded": (
            "No valid invoice or warranty card, but the policy does not exclude such units"
        ),
        "under_contract": "Covered by maintenance contract {contract} until {until}",
        "contract_also_applies": "Maintenance contract {contract} (until {until}) also applies",
        "contract_not_covering": (
            "Maintenance contract {contract} ({start} to {end}) does not cover the fault date"
        ),
        "repeat_repair_replacement": (
            "Same fault already repaired {count} times in warranty (threshold {threshold}): "
            "replace with the same model"
        ),
        "labour_rate_capped": "Labour charged at no more than {cap} yuan per hour",
    }
)

#: Chinese templates for the same codes.
REASON_TEXT_ZH: Mapping[str, str] = MappingProxyType(
    {
        "period_start_sale": "三包期自销售日期 {start} 起算",
        "period_start_acceptance": "三包期自验收日期 {start} 起算",
        "acceptance_date_missing": "无验收日期记录，三包期自销售日期 {start} 起算",
        "no_sale_record": "无销售记录，不能按三包处理",
        "fault_before_period_start": "故障日期 {fault_date} 早于三包期起始日 {start}",
        "in_quality_period": "在质保期内（至 {until}）",
        "component_in_quality_period": "部件 {component} 在其质保期内（至 {until}）",
        "component_quality_expired": "部件 {component} 的质保期已于 {ended} 结束",
        "component_uses_unit_period": "部件 {component} 无单独质保期，按整机质保期处理",
        "in_maintenance_period": (
            "质保期已于 {quality_end} 结束；在维修期内（至 {until}）：配件按成本价，收取工时费"
        ),
        "warranty_expired": "三包期已于 {ended} 届满",
        "excluded": "不属于免费三包范围：{exclusion}；按有偿服务处理",
        "card_missing_not_excluded": "无有效发票或三包凭证，但本政策不因此拒绝三包",
        "under_contract": "由维护合同 {contract} 保障（至 {until}）",
        "contract_also_applies": "维护合同 {contract}（至 {until}）同时有效",
        "contract_not_covering": "维护合同 {contract}（{start} 至 {end}）不覆盖故障日期",
        "repeat_repair_replacement": (
            "同一故障在三包期内已修理 {count} 次（阈值 {threshold}）：予以更换同型号产品"
        ),
        "labour_rate_capped": "工时费每小时不超过 {cap} 元",
    }
)


# --------------------------------------------------------------------------- dates


def add_months(start: date, months: int) -> date:
    """Return ``start`` moved by ``months`` calendar months, clamped to the month end.

    >>> add_months(date(2024, 1, 31), 1)
    datetime.date(2024, 2, 29)
    """
    index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def period_last_day(start: date, months: int) -> date:
    """Last covered day of a ``months``-month period starting on ``start`` (inclusive).

    For ``months == 0`` the period is empty and this is the day before ``start``.
    """
    return add_months(start, months) - timedelta(days=1)


def fault_local_date(fault_at: datetime, tz: str = "Asia/Shanghai") -> date:
    """The local calendar date of an aware instant in the IANA zone ``tz``."""
    if not isinstance(fault_at, datetime):
        raise TypeError("fault_at must be a datetime")
    if fault_at.tzinfo is None or fault_at.tzinfo.utcoffset(fault_at) is None:
        raise ValueError("fault_at must be timezone-aware; naive datetimes are ambiguous")
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {tz!r}") from exc
    return fault_at.astimezone(zone).date()


def _check_date(value: object, name: str, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    # datetime is a subclass of date; comparing the two raises, so refuse it early.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime.date (not a datetime)")


def _check_months(value: int, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a non-negative int, got {value!r}")


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class ComponentPeriod:
    """A component with its own quality-guarantee period (e.g. battery, 60 months)."""

    code: str
    name_en: str
    name_zh: str
    quality_months: int

    def __post_init__(self) -> None:
        if not self.code:
            raise ValueError("component code must not be empty")
        _check_months(self.quality_months, "quality_months")


@dataclass(frozen=True, slots=True)
class WarrantyPolicySpec:
    """The three-guarantees policy of a product model (all figures are data)."""

    quality_months: int
    maintenance_months: int
    start_basis: StartBasis = "sale"
    components: tuple[ComponentPeriod, ...] = ()
    parts_pricing_after_warranty: PartsPricing = "cost"
    labour_rate_cap: Decimal | None = None
    repeat_repair_threshold: int = 3
    exclusions: tuple[str, ...] = DEFAULT_EXCLUSIONS

    def __post_init__(self) -> None:
        _check_months(self.quality_months, "quality_months")
        _check_months(self.maintenance_months, "maintenance_months")
        if self.start_basis not in get_args(StartBasis):
            raise ValueError(
                f"start_basis must be 'sale' or 'acceptance', got {self.start_basis!r}"
            )
        if self.parts_pricing_after_warranty not in get_args(PartsPricing):
            raise ValueError(
                "parts_pricing_after_warranty must be 'cost' or 'list', "
                f"got {self.parts_pricing_after_warranty!r}"
            )
        if self.labour_rate_cap is not None and (
            not isinstance(self.labour_rate_cap, Decimal)
            or not self.labour_rate_cap.is_finite()
            or self.labour_rate_cap < 0
        ):
            raise ValueError("labour_rate_cap must be a non-negative Decimal or None")
        if (
            isinstance(self.repeat_repair_threshold, bool)
            or not isinstance(self.repeat_repair_threshold, int)
            or self.repeat_repair_threshold < 1
        ):
            raise ValueError("repeat_repair_threshold must be an int >= 1")
        # Accept any sequence from callers (e.g. a list read from the database) but store
        # tuples so the spec stays immutable and hashable.
        object.__setattr__(self, "components", tuple(self.components))
        object.__setattr__(self, "exclusions", tuple(self.exclusions))
        codes = [c.code for c in self.components]
        if len(codes) != len(set(codes)):
            raise ValueError("component codes must be unique")
        if any(not isinstance(e, str) or not e for e in self.exclusions):
            raise ValueError("exclusion codes must be non-empty strings")

    def component(self, code: str) -> ComponentPeriod | None:
        """The component period with this code, or None if the policy has none."""
        for comp in self.components:
            if comp.code == code:
                return comp
        return None


@dataclass(frozen=True, slots=True)
class UnitFacts:
    """What the register knows about the unit (serial number, dates)."""

    serial: str
    sale_date: date | None = None
    acceptance_date: date | None = None
    #: (component code, component serial) pairs; informational.
    component_serials: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        _check_date(self.sale_date, "sale_date", optional=True)
        _check_date(self.acceptance_date, "acceptance_date", optional=True)
        object.__setattr__(
            self, "component_serials", tuple((c, s) for c, s in self.component_serials)
        )


@dataclass(frozen=True, slots=True)
class ContractFacts:
    """A maintenance contract (service type B) covering the unit, ``start..end`` inclusive."""

    number: str
    start: date
    end: date

    def __post_init__(self) -> None:
        _check_date(self.start, "start")
        _check_date(self.end, "end")
        if self.end < self.start:
            raise ValueError(f"contract {self.number}: end {self.end} is before start {self.start}")

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


# --------------------------------------------------------------------------- outputs


@dataclass(frozen=True, slots=True)
class Reason:
    """A stable reason code with string parameters; translate with :func:`render_reason`."""

    code: str
    params: tuple[tuple[str, str], ...] = ()

    def param(self, name: str) -> str | None:
        for key, value in self.params:
            if key == name:
                return value
        return None

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "params": dict(self.params)}


@dataclass(frozen=True, slots=True)
class ComponentCoverage:
    """A component's own period for this unit.

    ``end`` is the last day of the component's quality period; ``covered`` is True
    when free repair of that component applies on the fault date (inside its period,
    a sale record exists and no exclusion applies).
    """

    code: str
    name_en: str
    name_zh: str
    end: date
    covered: bool


@dataclass(frozen=True, slots=True)
class Decision:
    """The entitlement decision shown to the agent and stored on the ticket.

    ``covered`` means free repair and is True exactly when ``service_type == "C"``.
    ``quality_end`` / ``maintenance_end`` are the unit's last covered days (None
    without a sale record); component periods are in ``components``. ``contract`` is
    the number of a contract covering the fault date, also when C or an exclusion wins.
    """

    covered: bool
    service_type: ServiceType
    period_start: date | None
    quality_end: date | None
    maintenance_end: date | None
    components: tuple[ComponentCoverage, ...]
    component: str | None
    parts_charge: PartsCharge
    labour_charge: LabourCharge
    labour_rate_cap: Decimal | None
    replacement_due: bool
    exclusion: str | None
    contract: str | None
    reasons: tuple[Reason, ...]

    @property
    def reason_codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)

    def to_dict(self) -> dict[str, object]:
        """JSON-safe form (dates ISO 8601, Decimal as string) for storing on a ticket."""

        def iso(value: date | None) -> str | None:
            return None if value is None else value.isoformat()

        return {
            "covered": self.covered,
            "service_type": self.service_type,
            "period_start": iso(self.period_start),
            "quality_end": iso(self.quality_end),
            "maintenance_end": iso(self.maintenance_end),
            "components": [
                {
                    "code": c.code,
                    "name_en": c.name_en,
                    "name_zh": c.name_zh,
                    "end": c.end.isoformat(),
                    "covered": c.covered,
                }
                for c in self.components
            ],
            "component": self.component,
            "parts_charge": self.parts_charge,
            "labour_charge": self.labour_charge,
            "labour_rate_cap": None if self.labour_rate_cap is None else str(self.labour_rate_cap),
            "replacement_due": self.replacement_due,
            "exclusion": self.exclusion,
            "contract": self.contract,
            "reasons": [r.to_dict() for r in self.reasons],
        }


def render_reason(reason: Reason, lang: Literal["en", "zh"] = "en") -> str:
    """Fill the template of ``reason`` in English or Chinese.

    Known exclusion codes in the ``exclusion`` parameter are replaced by their label.
    An unknown reason code renders as the bare code (so a UI never crashes on one).
    """
    templates = REASON_TEXT_ZH if lang == "zh" else REASON_CODES
    labels = EXCLUSION_TEXT_ZH if lang == "zh" else EXCLUSION_TEXT
    template = templates.get(reason.code)
    if template is None:
        return reason.code
    params = dict(reason.params)
    if "exclusion" in params:
        params["exclusion"] = labels.get(params["exclusion"], params["exclusion"])
    try:
        return template.format_map(params)
    except (KeyError, IndexError, ValueError):
        return reason.code


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
    if exclusion is not None and exclusion not in policy.exclusions:
        raise ValueError(
            f"exclusion {exclusion!r} is not recognised by the policy "
            f"(known: {', '.join(policy.exclusions) or 'none'})"
        )
    if (
        isinstance(same_fault_repairs_in_warranty, bool)
        or not isinstance(same_fault_repairs_in_warranty, int)
        or same_fault_repairs_in_warranty < 0
    ):
        raise ValueError("same_fault_repairs_in_warranty must be a non-negative int")

    reasons: list[Reason] = []

    # Exclusions: the explicit one is primary; a missing card is one too if the policy says so.
    exclusions: list[str] = [exclusion] if exclusion is not None else []
    card_reason: Reason | None = None
    if not has_valid_card:
        if NO_CARD_EXCLUSION in policy.exclusions:
            if NO_CARD_EXCLUSION not in exclusions:
                exclusions.append(NO_CARD_EXCLUSION)
        else:
            card_reason = _reason("card_missing_not_excluded")
    effective_exclusion = exclusions[0] if exclusions else None

    # Period start and the unit's periods.
    start, start_reason = _period_start(policy, unit)
    reasons.append(start_reason)
    quality_end = maintenance_end = None
    if start is not None:
        quality_end = period_last_day(start, policy.quality_months)
        maintenance_end = period_last_day(start, policy.quality_months + policy.maintenance_months)

    # Component periods, counted from the same start.
    coverages: list[ComponentCoverage] = []
    if start is not None:
        for comp in policy.components:
            end = period_last_day(start, comp.quality_months)
            coverages.append(
                ComponentCoverage(
                    code=comp.code,
                    name_en=comp.name_en,
                    name_zh=comp.name_zh,
                    end=end,
                    covered=effective_exclusion is None and start <= fault_date <= end,
                )
            )
    comp_spec = policy.component(component) if component is not None else None
    if component is not None and comp_spec is None:
        reasons.append(_reason("component_uses_unit_period", component=component))

    # Where does the fault date fall?
    phase: Literal["unknown", "before_start", "quality", "maintenance", "expired"]
    if start is None or quality_end is None or maintenance_end is None:
        phase = "unknown"
    elif fault_date < start:
        phase = "before_start"
        reasons.append(_reason("fault_before_period_start", fault_date=fault_date, start=start))
    else:
        free_end = quality_end
        if comp_spec is not None:
            free_end = period_last_day(start, comp_spec.quality_months)
        if fault_date <= free_end:
            phase = "quality"
            if comp_spec is not None:
                reasons.append(
                    _reason("component_in_quality_period", component=comp_spec.code, until=free_end)
                )
            else:
                reasons.append(_reason("in_quality_period", until=free_end))
        else:
            if comp_spec is not None:
                reasons.append(
                    _reason("component_quality_expired", component=comp_spec.code, ended=free_end)
                )
            if fault_date <= maintenance_end:
                phase = "maintenance"
                reasons.append(
                    _reason("in_maintenance_period", quality_end=free_end, until=maintenance_end)
                )
            else:
                phase = "expired"
                reasons.append(_reason("warranty_expired", ended=max(free_end, maintenance_end)))

    if card_reason is not None:
        reasons.append(card_reason)

    contract = next((c for c in contracts if c.covers(fault_date)), None)
    if contract is None:
        reasons.extend(
            _reason("contract_not_covering", contract=c.number, start=c.start, end=c.end)
            for c in contracts
        )

    service_type: ServiceType
    parts: PartsCharge
    labour: LabourCharge
    replacement_due = False
    if exclusions:
        service_type = "A"
        reasons.extend(_reason("excluded", exclusion=code) for code in exclusions)
        if contract is not None:
            reasons.append(
                _reason("contract_also_applies", contract=contract.number, until=contract.end)
            )
        parts = (
            "cost" if phase in ("quality", "maintenance") else policy.parts_pricing_after_warranty
        )
        labour = "charged"
    elif phase == "quality":
        service_type, parts, labour = "C", "free", "free"
        if contract is not None:
            reasons.append(
                _reason("contract_also_applies", contract=contract.number, until=contract.end)
            )
        threshold = policy.repeat_repair_threshold
        if same_fault_repairs_in_warranty >= threshold:
            replacement_due = True
            reasons.append(
                _reason(
                    "repeat_repair_replacement",
                    count=same_fault_repairs_in_warranty,
                    threshold=threshold,
                )
            )
    elif contract is not None:
        # Labour is included in the contract; parts at contract price (<= cost).
        service_type, parts, labour = "B", "cost", "free"
        reasons.append(_reason("under_contract", contract=contract.number, until=contract.end))
    elif phase == "maintenance":
        service_type, parts, labour = "A", "cost", "charged"
    else:
        service_type, parts, labour = "A", policy.parts_pricing_after_warranty, "charged"

    cap: Decimal | None = None
    if labour == "charged" and policy.labour_rate_cap is not None:
        cap = policy.labour_rate_cap
        reasons.append(_reason("labour_rate_capped", cap=cap))

    return Decision(
        covered=service_type == "C",
        service_type=service_type,
        period_start=start,
        quality_end=quality_end,
        maintenance_end=maintenance_end,
        components=tuple(coverages),
        component=component,
        parts_charge=parts,
        labour_charge=labour,
        labour_rate_cap=cap,
        replacement_due=replacement_due,
        exclusion=effective_exclusion,
        contract=contract.number if contract is not None else None,
        reasons=tuple(reasons),
    )
