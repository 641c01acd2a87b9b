from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.forms import ModelChoiceField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

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


@register.filter
def outcomes(cell: Any) -> str:
    """ "3 met · 1 late · 0 breached · 2 running" of a split cell (a filter: the split tables
    have hundreds of cells, and a template ``blocktrans`` per cell costs more than the
    figures)."""
    return gettext("%(met)s met · %(late)s late · %(br)s breached · %(run)s running") % {
        "met": cell["met"],
        "late": cell["met_late"],
        "br": cell["breached"],
        "run": cell["running"],
    }


def _choices(field: Any) -> Any:
    """A field's (value, label) choices; a model choice field's read with one plain query
    (its own iterator reads through a server-side cursor: three more round trips each)."""
    if not isinstance(field, ModelChoiceField):
        return field.choices
    head = [] if field.empty_label is None else [("", field.empty_label)]
    rows = list(field.queryset.all()) if field.queryset is not None else []
    return head + [(field.prepare_value(row), field.label_from_instance(row)) for row in rows]


@register.filter
def select(field: Any) -> SafeString:
    """A choice field's ``<select>``, built in Python: the widget templates render every
    option through a template, which for a hundred technicians costs more than the figures."""
    current = field.value()
    current = "" if current is None else str(current)
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (str(value), " selected" if str(value) == current else "", label)
            for value, label in _choices(field.field)
        ),
    )
    return format_html(
        '<select name="{}" id="{}">{}</select>', field.html_name, field.id_for_label, options
    )
