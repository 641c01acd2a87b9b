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
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from tickets.models import Ticket

#: ``apply(ticket, by, values, now)``: change the (locked, not yet saved) ticket, write any
#: rows of its own, and return the event's payload.
Apply = Callable[[Ticket, User, dict[str, Any], datetime], dict[str, Any]]


#: What the user is told after an action that registered no text of its own: the rule's
#: label and the ticket's number.
DEFAULT_DONE = _("%(action)s done: ticket %(number)s")


@dataclass(frozen=True)
class TicketAction:
    code: str
    form: type[forms.Form]
    apply: Apply
    #: "Arranged ticket %(number)s": the success message, naming the ticket.
    done: Promise | None = None

    def done_message(self, *, number: str, label: str) -> str:
        """The message shown once the action is done on ticket ``number``."""
        if self.done is not None:
            return str(self.done) % {"number": number}
        return str(DEFAULT_DONE) % {"action": label, "number": number}


REGISTRY: dict[str, TicketAction] = {}


def register(
    code: str, *, form: type[forms.Form], done: Promise | None = None
) -> Callable[[Apply], Apply]:
    """Decorator: register ``apply`` as the handler of action ``code`` with its form and the
    text that confirms it (``%(number)s`` is the ticket's number; without one the rule's
    label is used)."""

    def decorate(apply: Apply) -> Apply:
        if code in REGISTRY and REGISTRY[code].apply is not apply:
            raise ValueError(f"ticket action {code!r} is registered twice")
        REGISTRY[code] = TicketAction(code=code, form=form, apply=apply, done=done)
        return apply

    return decorate


def action_for(code: str) -> TicketAction:
    """The registered action ``code``; ``KeyError`` for an unknown one."""
    return REGISTRY[code]


def form_for(code: str) -> type[forms.Form]:
    return REGISTRY[code].form
