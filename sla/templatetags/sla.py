"""``{% load sla %}``: the queue badge and the ticket's SLA panel."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string

from sla.metrics import metric_label
from sla.selectors import format_duration, ticket_badge, ticket_clock_views

register = template.Library()


@register.inclusion_tag("sla/badge.html")
def sla_badge(ticket: Any) -> dict[str, Any]:
    return {"badge": ticket_badge(ticket)}


@register.inclusion_tag("sla/panel.html")
def sla_panel(ticket: Any) -> dict[str, Any]:
    return {"clock_views": ticket_clock_views(ticket), "ticket": ticket}


@register.filter(name="metric_label")
def metric_label_filter(code: str) -> str:
    return metric_label(code)


@register.filter
def business_duration(seconds: int) -> str:
    return format_duration(seconds)


def badge_html(ticket: Any) -> str:
    """The badge as HTML, for ``tickets.hooks.set_badge`` (queue rows, the dealer portal)."""
    return render_to_string("sla/badge.html", sla_badge(ticket))
