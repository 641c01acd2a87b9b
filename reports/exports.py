"""CSV and XLSX downloads of every report and of the ticket queue.

A sheet is (title, header, rows) with rows an iterator, so nothing is held in memory: CSV
streams row by row (UTF-8 with BOM so Excel reads Chinese), XLSX is written by openpyxl's
write-only workbook into a temporary file that is then streamed."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from reports.sources import format_duration
from tickets.models import Status, Ticket

FORMATS = ("csv", "xlsx")


@dataclass
class Sheet:
    title: str
    header: list[str]
    rows: Iterable[list[Any]]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return ""
    return value


def _csv_lines(sheets: list[Sheet]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for index, sheet in enumerate(sheets):
        if len(sheets) > 1:
            if index:
                yield writer.writerow([])
            yield writer.writerow([sheet.title])
        yield writer.writerow(sheet.header)
        for row in sheet.rows:
            yield writer.writerow([_cell(v) for v in row])


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value == value.quantize(Decimal("0.01")) else value
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    return "" if value is None else value


def _xlsx_file(sheets: list[Sheet]) -> Any:
    book = Workbook(write_only=True)
    for sheet in sheets:
        ws = book.create_sheet(title=sheet.title[:31].replace("/", "-") or "Sheet")
        ws.append(sheet.header)
        for row in sheet.rows:
            ws.append([_xlsx_value(v) for v in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - closed by FileResponse
    book.save(handle)
    handle.seek(0)
    return handle


def respond(fmt: str, name: str, sheets: list[Sheet]) -> HttpResponseBase:
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = StreamingHttpResponse(_csv_lines(sheets), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
        return response
    if fmt == "xlsx":
        return FileResponse(
            _xlsx_file(sheets),
            as_attachment=True,
            filename=f"{name}-{stamp}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    raise Http404


# --- the ticket queue ------------------------------------------------------------------------


def queue_sheet(queryset: Any) -> Sheet:
    statuses = dict(Status.choices)
    kinds = dict(Ticket.Kind.choices)
    channels = dict(Ticket.Channel.choices)
    rows = queryset.select_related(
        "customer", "severity", "region_class", "assigned_organisation", "technician"
    ).iterator(chunk_size=2000)

    def lines() -> Iterator[list[Any]]:
        for t in rows:
            yield [
                t.number,
                t.received_at,
                str(statuses.get(t.status, t.status)),
                str(kinds.get(t.kind, t.kind)),
                str(channels.get(t.channel, t.channel)),
                t.customer.name,
                t.severity.name,
                t.region_class.name,
                str(t.assigned_organisation),
                str(t.technician) if t.technician else "",
                t.product_model,
                t.serial_number,
                t.sla_due_at,
            ]

    header = [
        pgettext("ticket", "Number"),
        _("Received"),
        _("Status"),
        _("Kind"),
        _("Channel"),
        _("Customer"),
        _("Severity"),
        _("Region class"),
        _("Organisation"),
        _("Technician"),
        _("Product model"),
        _("Serial number"),
        _("SLA due"),
    ]
    return Sheet(_("Tickets"), header, lines())


# --- the dashboard -----------------------------------------------------------------------------


def _dur(seconds: Any) -> str:
    return "" if seconds is None else format_duration(int(seconds))


def dashboard_sheets(data: dict[str, Any]) -> list[Sheet]:
    """The dashboard as a workbook: compliance per metric, its splits, what is breached or at
    risk now, the ageing of open tickets and the first-time-fix rates."""
    return [
        _compliance_sheet(data["compliance"]),
        *_split_sheets(data["splits"]),
        _live_sheet(data["live"]),
        *_ageing_sheets(data["ageing"]),
        _fix_rate_sheet(data["fix_rates"]),
    ]


def _counts() -> list[str]:
    return [_("Met"), _("Met late"), _("Breached"), _("Still running"), _("Compliance %")]


def _times() -> list[str]:
    return [_("Mean (business time)"), _("p90 (business time)")]


def _compliance_sheet(compliance: list[dict[str, Any]]) -> Sheet:
    return Sheet(
        _("Compliance"),
        [_("Metric"), *_counts(), _("Target %"), *_times()],
        [
            [
                r["label"],
                r["met"],
                r["met_late"],
                r["breached"],
                r["running"],
                r["compliance"],
                r["target"],
                _dur(r["mean_seconds"]),
                _dur(r["p90_seconds"]),
            ]
            for r in compliance
        ],
    )


def _split_sheets(splits: dict[str, Any]) -> list[Sheet]:
    """One sheet per dimension (severity, region class, organisation, technician)."""
    titles = {
        "severity": _("By severity"),
        "region_class": _("By region class"),
        "organisation": _("By organisation"),
        "technician": _("By technician"),
    }
    header = [_("Metric"), _("Value"), *_counts(), *_times()]
    sheets = []
    for dimension, block in splits.items():
        rows = [
            [m["label"], r["label"], r["met"], r["met_late"], r["breached"], r["running"]]
            + [r["compliance"], _dur(r["mean_seconds"]), _dur(r["p90_seconds"])]
            for m in block["metrics"]
            for r in m["rows"]
        ]
        sheets.append(Sheet(titles[dimension], header, rows))
    return sheets


def _live_sheet(live: list[dict[str, Any]]) -> Sheet:
    return Sheet(
        _("Breached and at risk"),
        [_("Metric"), _("Breached now"), _("At risk")],
        [[r["label"], r["breached"], r["at_risk"]] for r in live],
    )


def _ageing_sheets(ageing: dict[str, Any]) -> list[Sheet]:
    """Open tickets by status and age bucket, in calendar time and in business time."""
    buckets = ageing["buckets"]
    scales = (("calendar", _("Ageing (calendar)")), ("business", _("Ageing (business)")))
    return [
        Sheet(
            title,
            [_("Status"), *[b["label"] for b in buckets]],
            [
                [s["label"], *[ageing[key][s["code"]][b["code"]] for b in buckets]]
                for s in ageing["statuses"]
            ],
        )
        for key, title in scales
    ]


def _fix_rate_sheet(fix: dict[str, Any]) -> Sheet:
    """The company's first-time-fix and repeat-repair rates, then each organisation's and
    each technician's."""
    overall = fix["overall"]
    rows = [
        [
            _("Company"),
            overall["resolved"],
            overall["first_time_fix_rate"],
            overall["repeat_repair_rate"],
        ]
    ]
    for dimension in ("organisation", "technician"):
        for r in fix[dimension]:
            rows.append(
                [r["label"], r["resolved"], r["first_time_fix_rate"], r["repeat_repair_rate"]]
            )
    header = [_("Who"), _("Resolved"), _("First-time fix %"), _("Repeat repair %")]
    return Sheet(_("First-time fix"), header, rows)
