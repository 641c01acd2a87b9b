"""Template helpers of the dealer portal."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.safestring import mark_safe

from tickets import hooks

register = template.Library()


@register.simple_tag
def arrangement_countdown(ticket: Any) -> str:
    """The ticket's urgency badge as the queue shows it (the SLA engine's countdown)."""
    return mark_safe(hooks.badge(ticket))  # noqa: S308 - HTML rendered by the badge's template


@register.filter
def pct(value: Any) -> str:
    if value in (None, ""):
        return "—"
    try:
        return f"{(Decimal(str(value)) * 100).quantize(Decimal('0.1'))}%"
    except (InvalidOperation, ValueError):
        return "—"
