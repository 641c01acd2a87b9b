"""The texts of the SLA engine's notifications (``sla.warning`` …), registered with the
notifications app by ``SlaConfig.ready``; rendered in the reader's language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sla.events import SlaNotice
from sla.metrics import metric_label


def _metric(payload: dict[str, Any]) -> str:
    code = payload.get("metric", "")
    return metric_label(code)


def _when(payload: dict[str, Any], key: str = "due_at") -> str:
    value = payload.get(key)
    if not value:
        return "—"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return str(value)
    # "Y-m-d H:i" has no names to translate: strftime gives the same text for a fifth of
    # the cost of Django's date_format (a thousand notices go out in one batch).
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _warning(p: dict[str, Any]) -> str:
    return _("Ticket %(number)s: %(metric)s is due at %(due)s.") % {
        "number": p.get("number", ""),
        "metric": _metric(p),
        "due": _when(p),
    }


def _breached(p: dict[str, Any]) -> str:
    return _("Ticket %(number)s: %(metric)s missed its target (due %(due)s).") % {
        "number": p.get("number", ""),
        "metric": _metric(p),
        "due": _when(p),
    }


def _escalated(p: dict[str, Any]) -> str:
    return _("Ticket %(number)s: %(metric)s overdue since %(due)s, escalated to you.") % {
        "number": p.get("number", ""),
        "metric": _metric(p),
        "due": _when(p),
    }


def _reassigned(p: dict[str, Any]) -> str:
    return _("Ticket %(number)s was reassigned to you: %(metric)s overdue since %(due)s.") % {
        "number": p.get("number", ""),
        "metric": _metric(p),
        "due": _when(p),
    }


def _severity_raised(p: dict[str, Any]) -> str:
    return _("Ticket %(number)s: severity raised because %(metric)s is overdue since %(due)s.") % {
        "number": p.get("number", ""),
        "metric": _metric(p),
        "due": _when(p),
    }


def register() -> None:
    from notifications.messages import register_renderers

    register_renderers(RENDERERS)


RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {
    SlaNotice.WARNING: _warning,
    SlaNotice.BREACHED: _breached,
    SlaNotice.ESCALATED: _escalated,
    SlaNotice.REASSIGNED: _reassigned,
    SlaNotice.SEVERITY_RAISED: _severity_raised,
}
