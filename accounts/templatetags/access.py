"""Links that follow the rule of the page they lead to (:mod:`accounts.access`)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from accounts.access import may_open_named

register = template.Library()


@register.simple_tag(takes_context=True)
def url_if_allowed(context: dict[str, Any], url_name: str, *args: Any) -> str:
    """``{% url_if_allowed 'warranty:unit-detail' serial as unit_url %}``: the page's URL if
    the signed-in user may open it, else an empty string (show the text without a link)."""
    url = reverse(url_name, args=args)
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    return url if may_open_named(user, url_name, url) else ""
