"""What other apps add to ticket intake, registered from their ``AppConfig.ready()``.

Tickets never import the apps that extend them: the warranty app registers an intake hook
that links the registered unit with the call's serial number and stores its three-guarantees
decision; ``ticket_create`` asks every registered hook, in order, and takes the first answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class IntakeFacts:
    """What a hook knows of the unit a call is about."""

    #: The registered unit (a ``warranty.Unit``, which tickets do not import).
    unit: Any
    #: The decision to store on the ticket (``Ticket.entitlement``), if any.
    entitlement: dict[str, Any] | None
    #: The unit's product model code, used when the caller named none.
    product_model: str


#: ``hook(serial_number, received_at)`` → the facts, or ``None`` when it knows nothing.
IntakeHook = Callable[[str, datetime], IntakeFacts | None]
INTAKE_HOOKS: list[IntakeHook] = []


def register_intake_hook(hook: IntakeHook) -> None:
    if hook not in INTAKE_HOOKS:
        INTAKE_HOOKS.append(hook)


def intake_facts(serial_number: str, received_at: datetime) -> IntakeFacts | None:
    """The first registered hook's facts about the unit with ``serial_number``."""
    for hook in INTAKE_HOOKS:
        facts = hook(serial_number, received_at)
        if facts is not None:
            return facts
    return None
