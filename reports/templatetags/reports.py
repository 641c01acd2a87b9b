from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from reports.sources import format_duration

register = template.Library()


@register.filter
def duration(seconds: Any) -> str:
    """Business seconds for people ("2 h 05 min"); "—" when there is none."""
    if seconds in (None, ""):
        return "—"
    return format_duration(int(seconds))


@register.filter
def rate(value: Any) -> str:
    return "—" if value in (None, "") else f"{value}%"


@register.filter
def yuan(value: Any) -> str:
    """¥ with two decimals and grouping."""
    if value in (None, ""):
        return "—"
    amount = Decimal(str(value)).quantize(Decimal("0.01"))
    return f"¥{intcomma(f'{amount:.2f}', use_l10n=False)}"


@register.filter
def get(mapping: Any, key: Any) -> Any:
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return None
