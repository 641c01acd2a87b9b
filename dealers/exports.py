"""Spreadsheets the dealers app hands out: the quarter's settlement notice (三包费用核销通知)
as XLSX, amounts with two decimals and thousands grouping, labels in the active language."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from dealers.models import ClaimLine, SettlementStatement, WarrantyClaim

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _claim_row(claim: WarrantyClaim) -> list[Any]:
    by_kind = {k: Decimal("0.00") for k in ClaimLine.Kind.values}
    for line in claim.lines.all():
        by_kind[line.kind] += line.approved_amount or Decimal("0")
    return [
        claim.number,
        timezone.localtime(claim.settled_at).strftime("%Y-%m-%d"),
        claim.claimed_total,
        by_kind["labour"],
        by_kind["part"],
        by_kind["travel"],
        claim.approved_total,
        _("yes") if claim.fees_cancelled else "",
    ]


def _header(statement: SettlementStatement) -> list[list[Any]]:
    return [
        [_("Warranty cost settlement notice (三包费用核销通知)")],
        [pgettext("settlement notice", "Number"), statement.number],
        [_("Dealer"), statement.dealer.name, statement.dealer.code],
        [_("Quarter"), statement.period],
        [_("Issued at"), timezone.localtime(statement.issued_at).strftime("%Y-%m-%d %H:%M")],
        [],
    ]


#: The claim table's columns, translated when the sheet is written.
COLUMNS = (
    gettext_noop("Claim"),
    gettext_noop("Settled at"),
    gettext_noop("Claimed"),
    gettext_noop("Labour"),
    gettext_noop("Parts"),
    gettext_noop("Travel"),
    gettext_noop("Approved"),
    gettext_noop("Repair fees cancelled"),
)


def statement_workbook(statement: SettlementStatement) -> bytes:
    """The settlement notice: header, one row per settled claim by kind of cost, the totals
    and what is deducted from the dealer's receivables."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = statement.period
    bold = Font(bold=True)
    for row in _header(statement):
        sheet.append(row)
    sheet["A1"].font = bold
    sheet.append([_(column) for column in COLUMNS])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for claim in statement.claims.order_by("settled_at", "pk").prefetch_related("lines"):
        sheet.append(_claim_row(claim))
    sheet.append(
        [
            _("Total"),
            "",
            statement.claimed_total,
            statement.labour_total,
            statement.parts_total,
            statement.travel_total,
            statement.total,
        ]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    sheet.append([])
    sheet.append([_("Deducted from receivables"), -statement.total])
    for row in sheet.iter_rows(min_row=8, min_col=3, max_col=7):
        for cell in row:
            cell.number_format = "#,##0.00"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
