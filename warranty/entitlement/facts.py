"""What goes into a decision (policy, unit, contract) and what comes out (the decision,
its reasons, component coverage), as frozen dataclasses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal, get_args

from warranty.entitlement.dates import _check_date, _check_months
from warranty.entitlement.texts import DEFAULT_EXCLUSIONS, EXCLUSION_TEXT, REASON_CODES

StartBasis = Literal["sale", "acceptance"]
PartsPricing = Literal["cost", "list"]
ServiceType = Literal["A", "B", "C"]
PartsCharge = Literal["free", "cost", "list"]
LabourCharge = Literal["free", "charged"]


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
    #: The unit left service (exchanged for a new one, or returned for a refund): its
    #: warranty no longer applies, whatever its dates say.
    retired: bool = False

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
