"""``{% load sla %}``: the queue badge and the ticket's SLA panel."""

from __future__ import annotations

from typing import Any

from django import template

from tickets.sla_selectors import format_duration, ticket_badge, ticket_clock_views

register = template.Library()


@register.inclusion_tag("tickets/includes/sla_badge.html")
def sla_badge(ticket: Any) -> dict[str, Any]:
    return {"badge": ticket_badge(ticket)}


@register.inclusion_tag("tickets/includes/sla_panel.html")
def sla_panel(ticket: Any) -> dict[str, Any]:
    return {"clock_views": ticket_clock_views(ticket), "ticket": ticket}


@register.filter
def business_duration(seconds: int) -> str:
    return format_duration(seconds)
