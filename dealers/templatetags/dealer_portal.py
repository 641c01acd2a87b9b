"""Template helpers of the dealer portal."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation
from importlib import import_module
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from dealers.models import DealerRules

register = template.Library()


def _engine_badge(ticket: Any) -> str | None:
    """The SLA engine's badge (``tickets/templatetags/sla.py``) once it is installed."""
    try:
        module = import_module("sla.templatetags.sla")
    except ImportError:
        return None
    badge = getattr(module, "sla_badge", None)
    if badge is None:
        return None
    return render_to_string("sla/badge.html", badge(ticket))


@register.simple_tag
def arrangement_countdown(ticket: Any) -> str:
    """The ticket's SLA badge: the engine's when available, else the 2-hour arrangement
    countdown from the forwarding event (DealerRules.arrangement_hours)."""
    engine = _engine_badge(ticket)
    if engine is not None:
        return engine
    forwarded = (
        ticket.events.filter(code="ticket.forward")
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    if forwarded is None:
        return ""
    due = forwarded + timedelta(hours=DealerRules.current().arrangement_hours)
    left = due - timezone.now()
    minutes = int(left.total_seconds() // 60)
    if minutes < 0:
        text = _("Arrangement overdue by %(h)dh %(m)02dm") % {
            "h": -minutes // 60,
            "m": -minutes % 60,
        }
        css = "bad"
    else:
        text = _("Arrange within %(h)dh %(m)02dm") % {"h": minutes // 60, "m": minutes % 60}
        css = "warn" if minutes < 30 else "ok"
    return format_html(
        '<span class="badge sla-badge {}" data-due="{}">{}</span>', css, due.isoformat(), text
    )


@register.filter
def pct(value: Any) -> str:
    if value in (None, ""):
        return "—"
    try:
        return f"{(Decimal(str(value)) * 100).quantize(Decimal('0.1'))}%"
    except (InvalidOperation, ValueError):
        return "—"
