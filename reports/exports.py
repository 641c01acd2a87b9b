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
    counts = [_("Met"), _("Met late"), _("Breached"), _("Still running"), _("Compliance %")]
    times = [_("Mean (business time)"), _("p90 (business time)")]
    sheets = [
        Sheet(
            _("Compliance"),
            [_("Metric"), *counts, _("Target %"), *times],
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
                for r in data["compliance"]
            ],
        )
    ]
    titles = {
        "severity": _("By severity"),
        "region_class": _("By region class"),
        "organisation": _("By organisation"),
        "technician": _("By technician"),
    }
    for dimension, block in data["splits"].items():
        rows = [
            [m["label"], r["label"], r["met"], r["met_late"], r["breached"], r["running"]]
            + [r["compliance"], _dur(r["mean_seconds"]), _dur(r["p90_seconds"])]
            for m in block["metrics"]
            for r in m["rows"]
        ]
        sheets.append(Sheet(titles[dimension], [_("Metric"), _("Value"), *counts, *times], rows))
    sheets.append(
        Sheet(
            _("Breached and at risk"),
            [_("Metric"), _("Breached now"), _("At risk")],
            [[r["label"], r["breached"], r["at_risk"]] for r in data["live"]],
        )
    )
    ageing = data["ageing"]
    for key, title in (("calendar", _("Ageing (calendar)")), ("business", _("Ageing (business)"))):
        sheets.append(
            Sheet(
                title,
                [_("Status"), *[b["label"] for b in ageing["buckets"]]],
                [
                    [s["label"], *[ageing[key][s["code"]][b["code"]] for b in ageing["buckets"]]]
                    for s in ageing["statuses"]
                ],
            )
        )
    fix = data["fix_rates"]
    fix_header = [_("Resolved"), _("First-time fix %"), _("Repeat repair %")]
    fix_rows = [[_("Company"), fix["overall"]["resolved"], fix["overall"]["first_time_fix_rate"]]]
    fix_rows[0].append(fix["overall"]["repeat_repair_rate"])
    for dimension in ("organisation", "technician"):
        for r in fix[dimension]:
            fix_rows.append(
                [r["label"], r["resolved"], r["first_time_fix_rate"], r["repeat_repair_rate"]]
            )
    sheets.append(Sheet(_("First-time fix"), [_("Who"), *fix_header], fix_rows))
    return sheets
