"""Stable codes of what the reports app announces, with their texts for the inbox."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _


class ReportNotice(StrEnum):
    COST_REPORT_READY = "reports.cost_report_ready"


def _yuan(value: Any) -> str:
    try:
        return f"¥{Decimal(str(value)):,.2f}"
    except (InvalidOperation, ValueError):
        return "—"


def _cost_report_ready(p: dict[str, Any]) -> str:
    return _("The after-sales cost report for %(month)s is ready: total %(total)s.") % {
        "month": p.get("month", ""),
        "total": _yuan(p.get("total")),
    }


def register_renderers() -> None:
    if not apps.is_installed("notifications"):
        return
    from notifications.messages import RENDERERS

    RENDERERS.setdefault(ReportNotice.COST_REPORT_READY, _cost_report_ready)
