"""Notification text, rendered from the stable code and the payload in the reader's language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _


def _metric(payload: dict[str, Any]) -> str:
    from tickets.sla_models import Metric

    code = payload.get("metric", "")
    return str(Metric(code).label) if code in Metric.values else code


def _when(payload: dict[str, Any], key: str = "due_at") -> str:
    value = payload.get(key)
    if not value:
        return "—"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return str(value)
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")


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


def _generic(p: dict[str, Any]) -> str:
    return str(p.get("text", ""))


RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "sla.warning": _warning,
    "sla.breached": _breached,
    "sla.escalated": _escalated,
    "sla.reassigned": _reassigned,
    "sla.severity_raised": _severity_raised,
    "message": _generic,
}


def render(code: str, payload: dict[str, Any] | None) -> str:
    renderer = RENDERERS.get(code)
    if renderer is None:
        return code
    return renderer(payload or {})


def subject(code: str, payload: dict[str, Any] | None) -> str:
    number = (payload or {}).get("number")
    prefix = _("[After-sales] ")
    return f"{prefix}{number}" if number else f"{prefix}{code}"
