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
:data:`REASON_CODES` (the English templates, which are also the gettext message ids: the
Chinese lives in the warranty app's catalogue) and :func:`render_reason`, which takes the
caller's translation function.

:func:`decide` applies the rules above as named steps: the inputs are checked
(:func:`_check_inputs`), the exclusions gathered (:func:`_exclusions`), the periods laid
out (:func:`_unit_periods`, :func:`_component_coverages`), the fault date placed in them
(:func:`_phase`), and the precedence rules pick the terms (:func:`_terms`).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "DEFAULT_EXCLUSIONS",
    "EXCLUSION_TEXT",
    "NO_CARD_EXCLUSION",
    "REASON_CODES",
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


def gettext_noop(message: str) -> str:
    """Marks a message for the translation catalogue (extracted by ``makemessages``); the
    text itself is translated by the caller's function at display time."""
    return message


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

#: English labels for the default exclusion codes (used by :func:`render_reason`; message ids
#: of the catalogue).
EXCLUSION_TEXT: Mapping[str, str] = MappingProxyType(
    {
        "misuse": gettext_noop("misuse"),
        "improper_storage": gettext_noop("improper storage"),
        "unauthorised_repair": gettext_noop("unauthorised repair or modification"),
        "force_majeure": gettext_noop("force majeure"),
        NO_CARD_EXCLUSION: gettext_noop("no valid invoice or warranty card"),
        "altered_card": gettext_noop("altered warranty card"),
        "normal_wear": gettext_noop("normal wear"),
    }
)

#: Every reason code :func:`decide` can emit, with an English template (a message id of the
#: catalogue). Placeholders are the reason's parameter names.
REASON_CODES: Mapping[str, str] = MappingProxyType(
    {
        "period_start_sale": gettext_noop("Warranty period starts at the sale date {start}"),
        "period_start_acceptance": gettext_noop(
            "Warranty period starts at the acceptance date {start}"
        ),
        "acceptance_date_missing": gettext_noop(
            "No acceptance date recorded; the period starts at the sale date {start}"
        ),
        "no_sale_record": gettext_noop(
            "No sale record for this unit; it cannot be treated as in warranty"
        ),
        "fault_before_period_start": gettext_noop(
            "The fault date {fault_date} is before the warranty period starts ({start})"
        ),
        "in_quality_period": gettext_noop("In the quality-guarantee period until {until}"),
        "component_in_quality_period": gettext_noop(
            "Component {component} is in its quality-guarantee period until {until}"
        ),
        "component_quality_expired": gettext_noop(
            "The quality-guarantee period of component {component} ended on {ended}"
        ),
        "component_uses_unit_period": gettext_noop(
            "Component {component} has no period of its own; the unit period applies"
        ),
        "in_maintenance_period": gettext_noop(
            "Quality-guarantee period ended on {quality_end}; "
            "in the maintenance period until {until}: parts at cost, labour charged"
        ),
        "warranty_expired": gettext_noop("Warranty expired on {ended}"),
        "excluded": gettext_noop(
            "Excluded from free service: {exclusion}; serviced as paid service"
        ),
        "card_missing_not_excluded": gettext_noop(
            "No valid invoice or warranty card, but the policy does not exclude such units"
        ),
        "under_contract": gettext_noop("Covered by maintenance contract {contract} until {until}"),
        "contract_also_applies": gettext_noop(
            "Maintenance contract {contract} (until {until}) also applies"
        ),
        "contract_not_covering": gettext_noop(
            "Maintenance contract {contract} ({start} to {end}) does not cover the fault date"
        ),
        "repeat_repair_replacement": gettext_noop(
            "Same fault already repaired {count} times in warranty (threshold {threshold}): "
            "replace with the same model"
        ),
        "labour_rate_capped": gettext_noop("Labour charged at no more than {cap} yuan per hour"),
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


def _untranslated(message: str) -> str:
    return message


def render_reason(reason: Reason, translate: Callable[[str], str] = _untranslated) -> str:
    """Fill the template of ``reason``, translated by ``translate`` (e.g. Django's
    ``gettext``; English as it stands by default).

    Known exclusion codes in the ``exclusion`` parameter are replaced by their label.
    An unknown reason code renders as the bare code (so a UI never crashes on one).
    """
    template = REASON_CODES.get(reason.code)
    if template is None:
        return reason.code
    params = dict(reason.params)
    if params.get("exclusion") in EXCLUSION_TEXT:
        params["exclusion"] = translate(EXCLUSION_TEXT[params["exclusion"]])
    try:
        return translate(template).format_map(params)
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
    coverages = _component_coverages(policy, start, fault_date, excluded=bool(exclusions))
    reasons = [start_reason]
    comp_spec = policy.component(component) if component is not None else None
    if component is not None and comp_spec is None:
        reasons.append(_reason("component_uses_unit_period", component=component))
    phase, phase_reasons = _phase(periods, comp_spec, fault_date)
    reasons.extend(phase_reasons)
    if card_reason is not None:
        reasons.append(card_reason)
    contract = next((c for c in contracts if c.covers(fault_date)), None)
    if contract is None:
        reasons.extend(
            _reason("contract_not_covering", contract=c.number, start=c.start, end=c.end)
            for c in contracts
        )
    terms, term_reasons = _terms(
        policy, phase, exclusions, contract, same_fault_repairs_in_warranty
    )
    reasons.extend(term_reasons)
    cap: Decimal | None = None
    if terms.labour == "charged" and policy.labour_rate_cap is not None:
        cap = policy.labour_rate_cap
        reasons.append(_reason("labour_rate_capped", cap=cap))
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
