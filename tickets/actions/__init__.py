"""Ticket actions: one registry (:mod:`.registry`), one handler per action with its form
(:mod:`.handlers`, :mod:`.forms`), one workflow that takes them (:mod:`.workflow`).

``perform_action`` is the only writer of workflow steps, for pages, API and admin alike.
"""

from tickets.actions import handlers as _handlers  # noqa: F401 - registers the actions
from tickets.actions.people import TECHNICIAN_CHECKS, check_member, register_technician_check
from tickets.actions.registry import REGISTRY, TicketAction, action_for, form_for, register
from tickets.actions.workflow import (
    available_actions,
    done_message,
    event_code,
    perform_action,
)

__all__ = [
    "REGISTRY",
    "TECHNICIAN_CHECKS",
    "TicketAction",
    "action_for",
    "available_actions",
    "check_member",
    "done_message",
    "event_code",
    "form_for",
    "perform_action",
    "register",
    "register_technician_check",
]
