"""``{% load ticket_hooks %}``: what other apps registered in ``tickets.hooks`` for pages."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from tickets import hooks
from tickets.models import Ticket

register = template.Library()


@register.simple_tag
def ticket_badge(ticket: Ticket) -> SafeString:
    """The urgency badge of a queue row (the SLA countdown when the engine is installed)."""
    return mark_safe(hooks.badge(ticket))  # noqa: S308 - rendered by a template
