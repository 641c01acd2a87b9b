"""Notification texts of the workshop, in the reader's language."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _

from aftersales.templatetags.money import money
from workshop.events import EXCHANGE_NOTICE, REFUND_NOTICE, STANDBY_OVERDUE


def _exchanged(p: dict[str, Any]) -> str:
    return _(
        "Ticket %(number)s: unit %(old)s exchanged for %(new)s (exchange order %(order)s)."
    ) % {
        "number": p.get("number", ""),
        "old": p.get("old_serial", ""),
        "new": p.get("new_serial", ""),
        "order": p.get("exchange", ""),
    }


def _refunded(p: dict[str, Any]) -> str:
    return _(
        "Ticket %(number)s: unit %(serial)s returned for a refund of %(refund)s "
        "(return order %(order)s)."
    ) % {
        "number": p.get("number", ""),
        "serial": p.get("serial", ""),
        "refund": money(p.get("refund", "")),
        "order": p.get("return_order", ""),
    }


def _standby_overdue(p: dict[str, Any]) -> str:
    return _("Ticket %(number)s: standby unit %(serial)s was due back on %(due)s.") % {
        "number": p.get("number", ""),
        "serial": p.get("serial", ""),
        "due": p.get("due_back", ""),
    }


def register_renderers() -> None:
    if not apps.is_installed("notifications"):
        return
    from notifications.messages import RENDERERS

    RENDERERS.setdefault(EXCHANGE_NOTICE, _exchanged)
    RENDERERS.setdefault(REFUND_NOTICE, _refunded)
    RENDERERS.setdefault(STANDBY_OVERDUE, _standby_overdue)
