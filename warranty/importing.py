"""Bulk registration of units from a CSV or Excel (.xlsx) file.

Every row is validated first; if any row has an error nothing is imported and the caller
gets the errors row by row. Otherwise all rows are registered in one transaction.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from accounts.roles import require_role
from aftersales.errors import DomainError
from warranty import defaults
from warranty.models import ProductModel, Unit
from warranty.services.units import dealer_for, unit_register

#: Column order of the template; the header row names them (Chinese or English aliases).
COLUMNS = [
    "serial",
    "model_code",
    "customer_name",
    "customer_phone",
    "customer_address",
    "sale_date",
    "acceptance_date",
    "site_address",
    "dealer_code",
    "component_serials",
]
REQUIRED = {"serial", "model_code", "customer_name", "customer_phone", "sale_date"}
ALIASES = {
    "序列号": "serial",
    "机号": "serial",
    "型号": "model_code",
    "产品型号": "model_code",
    "客户名称": "customer_name",
    "用户名称": "customer_name",
    "客户电话": "customer_phone",
    "联系电话": "customer_phone",
    "客户地址": "customer_address",
    "销售日期": "sale_date",
    "验收日期": "acceptance_date",
    "安装/验收日期": "acceptance_date",
    "安装地址": "site_address",
    "经销商代码": "dealer_code",
    "部件序列号": "component_serials",
}
MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d")

TEMPLATE_ROWS = [
    [
        "SN-AC-000001",
        "KFR-35GW",
        "张三",
        "13800138000",
        "上海市徐汇区漕溪北路 1 号",
        "2025-03-01",
        "",
        "",
        "",
        "",
    ],
    [
        "SN-SL-000001",
        "SL-60W",
        "某某市政工程公司",
        "021-12345678",
        "",
        "2025-03-01",
        "2025-03-20",
        "某某路 1 号路灯",
        "",
        "panel=PV-1;battery=BT-1",
    ],
]


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str | Promise

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "message": str(self.message)}


class ImportFailed(DomainError):
    """The file had errors; nothing was imported."""

    default_code = "import_failed"

    def __init__(self, errors: list[RowError]):
        super().__init__(_("The file has errors; nothing was imported."))
        self.row_errors = errors

    def as_dict(self) -> dict[str, Any]:  # type: ignore[override]
        return {"detail": [str(self.message)], "rows": [e.as_dict() for e in self.row_errors]}


@dataclass
class Row:
    number: int
    values: dict[str, Any] = field(default_factory=dict)


def template_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(TEMPLATE_ROWS)
    return out.getvalue()


def _header(cells: list[Any]) -> list[str | None]:
    names = []
    for cell in cells:
        text = str(cell or "").strip().lstrip("\ufeff")
        key = ALIASES.get(text, text.lower().replace(" ", "_"))
        names.append(key if key in COLUMNS else None)
    return names


def read_rows(upload: IO[bytes], filename: str) -> list[Row]:
    """The file's data rows as dicts by column name; row numbers as the user sees them."""
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportFailed([RowError(0, "file", _("The file is larger than 5 MB."))])
    if filename.lower().endswith(".xlsx"):
        table = _xlsx_table(data)
    elif filename.lower().endswith((".csv", ".txt")):
        table = _csv_table(data)
    else:
        raise ImportFailed([RowError(0, "file", _("Upload a .csv or .xlsx file."))])
    if not table:
        raise ImportFailed([RowError(0, "file", _("The file is empty."))])
    names = _header(table[0])
    missing = REQUIRED - set(filter(None, names))
    if missing:
        raise ImportFailed(
            [
                RowError(1, name, _("The header has no column “%(name)s”.") % {"name": name})
                for name in sorted(missing)
            ]
        )
    rows = []
    for index, cells in enumerate(table[1:], start=2):
        values = {n: c for n, c in zip(names, cells, strict=False) if n is not None}
        if all(v is None or str(v).strip() == "" for v in values.values()):
            continue
        rows.append(Row(index, values))
    if len(rows) > MAX_ROWS:
        raise ImportFailed([RowError(0, "file", _("At most 5000 rows per file."))])
    if not rows:
        raise ImportFailed([RowError(0, "file", _("The file has no data rows."))])
    return rows


def _csv_table(data: bytes) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return list(csv.reader(io.StringIO(text)))
    raise ImportFailed([RowError(0, "file", _("The file is not UTF-8 or GB18030 text."))])


def _xlsx_table(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise ImportFailed(
            [RowError(0, "file", _("The file is not a valid .xlsx workbook."))]
        ) from exc
    sheet = book.worksheets[0]
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    book.close()
    return table


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValueError(text)


def _components(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.replace("；", ";").split(";"))):
        code, sep, serial = part.partition("=")
        if not sep or not code.strip() or not serial.strip():
            raise ValueError(part)
        out[code.strip()] = serial.strip()
    return out


@dataclass
class CleanRow:
    number: int
    serial: str
    model: ProductModel
    customer_name: str
    customer_phone: str
    customer_address: str
    sale_date: date
    acceptance_date: date | None
    site_address: str
    dealer: Organisation | None
    components: dict[str, str]


@dataclass
class _Known:
    """What every row is checked against, loaded once for the whole file."""

    by: User
    models: dict[str, ProductModel]
    dealers: dict[str, Organisation]
    taken: set[str]
    first_row: dict[str, int] = field(default_factory=dict)


ErrorSink = Callable[[str, Any], None]
LIMITS = (("customer_name", 200), ("customer_phone", 40), ("customer_address", 300))


def validate(rows: list[Row], *, by: User) -> tuple[list[CleanRow], list[RowError]]:
    """Check every row; return the clean rows and all errors found."""
    serials = [s for s in (_text(r.values.get("serial")) for r in rows) if s]
    known = _Known(
        by=by,
        models={m.code: m for m in ProductModel.objects.filter(is_active=True)},
        dealers={o.code: o for o in Organisation.objects.filter(kind=Organisation.Kind.DEALER)},
        taken=set(Unit.objects.filter(serial__in=serials).values_list("serial", flat=True)),
    )
    errors: list[RowError] = []
    clean: list[CleanRow] = []
    for row in rows:
        found: list[RowError] = []
        checked = _check_row(row, known, _collect(found, row.number))
        errors.extend(found)
        if not found and checked is not None:
            clean.append(checked)
    return clean, errors


def _collect(found: list[RowError], number: int) -> ErrorSink:
    def error(name: str, message: Any) -> None:
        found.append(RowError(number, name, message))

    return error


def _check_row(row: Row, known: _Known, error: ErrorSink) -> CleanRow | None:
    v = row.values
    for name in sorted(REQUIRED):
        if not _text(v.get(name)):
            error(name, _("This field is required."))
    serial = _check_serial(row, known, error)
    code = _text(v.get("model_code"))
    model = known.models.get(code)
    if code and model is None:
        error("model_code", _("Unknown product model “%(code)s”.") % {"code": code})
    sale, acceptance = _check_dates(v, error)
    dealer = _check_dealer(_text(v.get("dealer_code")), known, error)
    try:
        components = _components(_text(v.get("component_serials")))
    except ValueError:
        error("component_serials", _("Write components as code=serial;code=serial."))
        components = {}
    for name, limit in (*LIMITS, ("site_address", 300)):
        if len(_text(v.get(name))) > limit:
            error(name, _("At most %(n)s characters.") % {"n": limit})
    if model is None or sale is None:
        return None
    return CleanRow(
        row.number,
        serial,
        model,
        _text(v.get("customer_name")),
        _text(v.get("customer_phone")),
        _text(v.get("customer_address")),
        sale,
        acceptance,
        _text(v.get("site_address")),
        dealer,
        components,
    )


def _check_serial(row: Row, known: _Known, error: ErrorSink) -> str:
    serial = _text(row.values.get("serial"))
    if not serial:
        return serial
    if len(serial) > 64:
        error("serial", _("At most 64 characters."))
    elif serial in known.taken:
        error("serial", _("This serial number is already registered."))
    elif serial in known.first_row:
        error(
            "serial",
            _("Duplicate of row %(row)s in this file.") % {"row": known.first_row[serial]},
        )
    known.first_row.setdefault(serial, row.number)
    return serial


def _check_dates(v: dict[str, Any], error: ErrorSink) -> tuple[date | None, date | None]:
    dates: dict[str, date | None] = {}
    for name in ("sale_date", "acceptance_date"):
        try:
            dates[name] = _date(v.get(name))
        except ValueError:
            error(name, _("Not a date: use YYYY-MM-DD."))
            dates[name] = None
    sale, acceptance = dates["sale_date"], dates["acceptance_date"]
    if sale and sale > _today():
        error("sale_date", _("The sale date cannot be in the future."))
    if sale and acceptance and acceptance < sale:
        error("acceptance_date", _("The acceptance date cannot be before the sale date."))
    return sale, acceptance


def _check_dealer(code: str, known: _Known, error: ErrorSink) -> Organisation | None:
    dealer = known.dealers.get(code) if code else None
    if code and dealer is None:
        error("dealer_code", _("Unknown dealer “%(code)s”.") % {"code": code})
        return None
    try:
        return dealer_for(known.by, dealer)
    except DomainError as exc:
        error("dealer_code", exc.message)
        return None


def _today() -> date:
    return timezone.localdate()


@transaction.atomic
def units_import(*, by: User, upload: IO[bytes], filename: str) -> int:
    """Register every unit of the file, or none: raises :class:`ImportFailed` with all errors."""
    require_role(by, defaults.REGISTER_ROLES)
    rows = read_rows(upload, filename)
    clean, errors = validate(rows, by=by)
    if errors:
        raise ImportFailed(errors)
    for row in clean:
        customer = {
            "name": row.customer_name,
            "phone": row.customer_phone,
            "address": row.customer_address,
        }
        try:
            unit_register(
                by=by,
                serial=row.serial,
                product_model=row.model,
                customer=customer,
                selling_dealer=row.dealer,
                sale_date=row.sale_date,
                acceptance_date=row.acceptance_date,
                site_address=row.site_address,
                component_serials=row.components,
            )
        except DomainError as exc:
            field_name, messages = next(iter(exc.as_dict().items()))
            raise ImportFailed([RowError(row.number, field_name, messages[0])]) from exc
    return len(clean)
