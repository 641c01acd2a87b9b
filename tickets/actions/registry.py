"""The one registry of ticket actions: code → handler with its form.

A ``WorkflowAction`` row (data) says from which status an action may be taken, into which
status it moves the ticket and which roles may take it; the registered :class:`TicketAction`
says which fields it takes (a Django form, used by pages, API and admin alike) and what it
does to the ticket. An app that adds an action registers it here from its
``AppConfig.ready()`` and seeds its rule row by migration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms

from accounts.models import User
from tickets.models import Ticket

#: ``apply(ticket, by, values, now)``: change the (locked, not yet saved) ticket, write any
#: rows of its own, and return the event's payload.
Apply = Callable[[Ticket, User, dict[str, Any], datetime], dict[str, Any]]


@dataclass(frozen=True)
class TicketAction:
    code: str
    form: type[forms.Form]
    apply: Apply


REGISTRY: dict[str, TicketAction] = {}


def register(code: str, *, form: type[forms.Form]) -> Callable[[Apply], Apply]:
    """Decorator: register ``apply`` as the handler of action ``code`` with its form."""

    def decorate(apply: Apply) -> Apply:
        if code in REGISTRY and REGISTRY[code].apply is not apply:
            raise ValueError(f"ticket action {code!r} is registered twice")
        REGISTRY[code] = TicketAction(code=code, form=form, apply=apply)
        return apply

    return decorate


def action_for(code: str) -> TicketAction:
    """The registered action ``code``; ``KeyError`` for an unknown one."""
    return REGISTRY[code]


def form_for(code: str) -> type[forms.Form]:
    return REGISTRY[code].form
