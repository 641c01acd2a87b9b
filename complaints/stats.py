"""Complaint statistics (客户投诉案件统计表): per month, class, seriousness, product model,
dealer and responsible department, with the share closed on time and the top root causes.

Each table is one grouped query over the complaints received in [start, end)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales.i18n import in_english
from complaints.models import Complaint


@dataclass(frozen=True)
class Row:
    label: str
    total: int
    closed: int
    on_time: int

    @property
    def on_time_share(self) -> Decimal | None:
        if not self.closed:
            return None
        return (Decimal(100) * self.on_time / self.closed).quantize(Decimal("0.1"), ROUND_HALF_UP)


COUNTS = {
    "total": Count("id"),
    "closed": Count("id", filter=Q(status="closed")),
    "on_time": Count("id", filter=Q(status="closed", closed_on_time=True)),
}


def _bilingual_fields(prefix: str) -> list[str]:
    return [f"{prefix}__name_zh", f"{prefix}__name_en"]


def _name(row: dict[str, Any], prefix: str) -> str:
    zh, en = row.get(f"{prefix}__name_zh"), row.get(f"{prefix}__name_en")
    if zh is None and en is None:
        return "—"
    return (en if in_english() and en else zh) or "—"


def _grouped(queryset: QuerySet[Complaint], fields: list[str], label: Any) -> list[Row]:
    rows = queryset.values(*fields).annotate(**COUNTS).order_by("-total", *fields)
    return [Row(label(r), r["total"], r["closed"], r["on_time"]) for r in rows]


def complaint_statistics(start: datetime, end: datetime) -> dict[str, Any]:
    received = Complaint.objects.filter(received_at__gte=start, received_at__lt=end).exclude(
        status="cancelled"
    )
    zone = timezone.get_current_timezone()
    monthly = received.annotate(month=TruncMonth("received_at", tzinfo=zone)).values("month")
    months: list[dict[str, Any]] = list(monthly.annotate(**COUNTS).order_by("month"))  # type: ignore[arg-type]
    total = received.aggregate(**COUNTS)
    return {
        "total": Row(_("All complaints"), total["total"], total["closed"], total["on_time"]),
        "tables": [
            (
                _("Month"),
                [Row(f"{r['month']:%Y-%m}", r["total"], r["closed"], r["on_time"]) for r in months],
            ),
            (
                _("Class"),
                _grouped(
                    received,
                    _bilingual_fields("complaint_class"),
                    lambda r: _name(r, "complaint_class"),
                ),
            ),
            (
                _("Seriousness"),
                _grouped(
                    received, _bilingual_fields("seriousness"), lambda r: _name(r, "seriousness")
                ),
            ),
            (
                _("Product model"),
                _grouped(received, ["product_model"], lambda r: r["product_model"] or "—"),
            ),
            (
                _("Dealer"),
                _grouped(
                    received,
                    ["dealer__name", "dealer__name_en"],
                    lambda r: _name(
                        {"d__name_zh": r["dealer__name"], "d__name_en": r["dealer__name_en"]}, "d"
                    ),
                ),
            ),
            (
                _("Responsible department"),
                _grouped(
                    received, _bilingual_fields("department"), lambda r: _name(r, "department")
                ),
            ),
        ],
        "root_causes": [
            (_name(r, "root_cause"), r["n"])
            for r in received.filter(root_cause__isnull=False)
            .values(*_bilingual_fields("root_cause"))
            .annotate(n=Count("id"))
            .order_by("-n", "root_cause__name_zh")[:10]
        ],
    }


def statistics_xlsx(stats: dict[str, Any], title: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Complaints")[:31]
    sheet.append([title])
    header = [_("Total"), _("Closed"), _("Closed on time"), _("Share on time (%)")]
    for caption, rows in stats["tables"]:
        sheet.append([])
        sheet.append([caption, *header])
        for row in rows:
            share = row.on_time_share
            sheet.append(
                [
                    row.label,
                    row.total,
                    row.closed,
                    row.on_time,
                    None if share is None else float(share),
                ]
            )
    sheet.append([])
    sheet.append([_("Top root causes"), _("Complaints")])
    for label, count in stats["root_causes"]:
        sheet.append([label, count])
    sheet.column_dimensions["A"].width = 32
    out = BytesIO()
    book.save(out)
    return out.getvalue()
