"""The tickets app's reference tables, kept per process (:mod:`aftersales.reference`):
what every registration reads (the severity by its code, the region class, the creator's
intake rules) without a query each."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from aftersales.reference import fresh, rows_by
from tickets.access_models import IntakeRule
from tickets.models import FaultSeverity, RegionClass

_SEVERITIES = rows_by(FaultSeverity, "code", is_active=True)
_REGION_CLASSES = rows_by(RegionClass, "code", is_active=True)
_INTAKE_RULES = rows_by(IntakeRule, "role")


def active_severity(code: str) -> FaultSeverity | None:
    """The active fault severity with this code (a copy the caller may keep), or None."""
    row = _SEVERITIES.get().get(code)
    return cast(FaultSeverity, fresh(row)) if row is not None else None


def active_region_class(code: str) -> RegionClass | None:
    """The active region class with this code (a copy the caller may keep), or None."""
    row = _REGION_CLASSES.get().get(code)
    return cast(RegionClass, fresh(row)) if row is not None else None


def intake_rules(roles: Iterable[str]) -> list[IntakeRule]:
    """The intake rules of these roles (read-only: shared by the process's requests)."""
    rules = _INTAKE_RULES.get()
    return [cast(IntakeRule, rules[role]) for role in sorted(roles) if role in rules]
