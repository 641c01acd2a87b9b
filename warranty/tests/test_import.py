"""Bulk registration: every row checked, nothing imported on any error, errors per row."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from accounts.tests.factories import OrganisationFactory
from warranty.importing import COLUMNS, ImportFailed, template_csv, units_import
from warranty.models import Unit
from warranty.tests.factories import ProductModelFactory, UnitFactory

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)


def csv_file(*lines: str) -> io.BytesIO:
    return io.BytesIO(("\n".join([HEADER, *lines]) + "\n").encode("utf-8-sig"))


@pytest.fixture
def models():
    ProductModelFactory(code="KFR-35GW")
    ProductModelFactory(code="SL-60W")


def test_good_csv_registers_every_row(models, agent):
    upload = csv_file(
        "SN-1,KFR-35GW,张三,13800000001,上海,2025-03-01,,,D-A,",
        "SN-2,SL-60W,市政公司,021-1234,,2025/03/01,2025-03-20,某某路,,panel=PV-1;battery=BT-1",
    )
    OrganisationFactory(code="D-A")

    count = units_import(by=agent, upload=upload, filename="units.csv")

    assert count == 2
    lamp = Unit.objects.get(serial="SN-2")
    assert lamp.acceptance_date == date(2025, 3, 20)
    assert lamp.component_serials == {"panel": "PV-1", "battery": "BT-1"}
    assert Unit.objects.get(serial="SN-1").selling_dealer.code == "D-A"


def test_file_with_bad_rows_imports_nothing_and_reports_each_row(models, agent):
    UnitFactory(serial="TAKEN")
    upload = csv_file(
        "SN-OK,KFR-35GW,张三,13800000001,,2025-03-01,,,,",
        "SN-OK,KFR-35GW,李四,13800000002,,2025-03-02,,,,",
        "SN-3,NO-MODEL,王五,13800000003,,2025-13-45,,,,",
        "TAKEN,KFR-35GW,赵六,13800000004,,2025-03-01,,,D-NOPE,",
        ",KFR-35GW,,13800000005,,2025-03-01,2025-02-01,,,",
    )

    with pytest.raises(ImportFailed) as failed:
        units_import(by=agent, upload=upload, filename="units.csv")

    errors = {(e.row, e.field) for e in failed.value.row_errors}
    assert errors == {
        (3, "serial"),  # duplicate of row 2
        (4, "model_code"),
        (4, "sale_date"),
        (5, "serial"),
        (5, "dealer_code"),
        (6, "serial"),
        (6, "customer_name"),
        (6, "acceptance_date"),
    }
    messages = {(e.row, e.field): str(e.message) for e in failed.value.row_errors}
    assert messages[(3, "serial")] == "Duplicate of row 2 in this file."
    assert Unit.objects.filter(serial__startswith="SN-").count() == 0


def test_good_xlsx_registers_every_row(models, agent):
    book = Workbook()
    sheet = book.active
    sheet.append(["序列号", "型号", "客户名称", "客户电话", "销售日期", "验收日期"])
    sheet.append(["X-1", "SL-60W", "市政公司", 13800000000, date(2025, 4, 1), date(2025, 4, 20)])
    sheet.append(["X-2", "KFR-35GW", "张三", "13800000001", "2025-04-02", None])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)

    count = units_import(by=agent, upload=data, filename="units.xlsx")

    assert count == 2
    assert Unit.objects.get(serial="X-1").customer.phone == "13800000000"
    assert Unit.objects.get(serial="X-1").sale_date == date(2025, 4, 1)


def test_dealer_cannot_import_another_dealers_sales(models, dealer_user, dealer_b):
    upload = csv_file("SN-9,KFR-35GW,张三,13800000001,,2025-03-01,,,D-B,")

    with pytest.raises(ImportFailed) as failed:
        units_import(by=dealer_user, upload=upload, filename="units.csv")

    assert [(e.row, e.field) for e in failed.value.row_errors] == [(2, "dealer_code")]
    assert not Unit.objects.filter(serial="SN-9").exists()


def test_not_a_spreadsheet_is_refused(agent):
    with pytest.raises(ImportFailed):
        units_import(by=agent, upload=io.BytesIO(b"PK\x03\x04junk"), filename="units.xlsx")
    with pytest.raises(ImportFailed):
        units_import(by=agent, upload=io.BytesIO(b"x"), filename="units.pdf")


def test_the_template_imports_once_its_models_exist(agent):
    ProductModelFactory(code="KFR-35GW")
    ProductModelFactory(code="SL-60W")

    count = units_import(by=agent, upload=io.BytesIO(template_csv().encode()), filename="t.csv")

    assert count == 2


def test_import_page_shows_the_error_report(client, models, agent):
    client.force_login(agent)
    upload = SimpleUploadedFile(
        "units.csv", csv_file("SN-1,NO-MODEL,张三,138,,2025-03-01,,,,").read()
    )

    page = client.post("/warranty/units/import/", {"file": upload}).content.decode()

    assert 'id="import-errors"' in page
    assert "Unknown product model “NO-MODEL”." in page
    assert not Unit.objects.exists()


def test_import_api_returns_rows_with_errors(api, models, agent):
    upload = SimpleUploadedFile(
        "units.csv", csv_file("SN-1,NO-MODEL,张三,138,,2025-03-01,,,,").read()
    )

    response = api(agent).post(
        "/api/v1/warranty/units/import/", {"file": upload}, format="multipart"
    )

    assert response.status_code == 400
    assert response.json()["rows"] == [
        {"row": 2, "field": "model_code", "message": "Unknown product model “NO-MODEL”."}
    ]
