from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import mark_safe

from tickets.extensions import ticket_panels as _ticket_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def ticket_panels(context: dict[str, Any], ticket: Any) -> str:
    """The panels other apps add to the ticket page (each renders its own escaped HTML)."""
    request = context.get("request")
    return mark_safe("".join(_ticket_panels(request, ticket)))  # noqa: S308 - rendered templates
