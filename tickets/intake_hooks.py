"""Extension point of ticket intake: how a serial number becomes a registered unit and its
warranty decision. The warranty app registers its lookup in ``WarrantyConfig.ready`` (tickets
never imports warranty). The lookup is given the creator, and finds only units within the
creator's scope: another dealer's unit is as unknown as a missing one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accounts.models import User

#: (creator or None for the system, serial number, time of the fault) → (unit, decision)
UnitLookup = Callable[["User | None", str, datetime], tuple[Any, "dict[str, Any] | None"]]
_LOOKUPS: list[UnitLookup] = []


def register_unit_lookup(lookup: UnitLookup) -> None:
    if lookup not in _LOOKUPS:
        _LOOKUPS.append(lookup)


def unit_for_intake(
    by: User | None, serial: str, at: datetime
) -> tuple[Any, dict[str, Any] | None]:
    """The first registered lookup's answer, or no unit when no app registered one."""
    for lookup in _LOOKUPS:
        return lookup(by, serial, at)
    return None, None
