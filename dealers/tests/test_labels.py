"""Labels say what the thing is, on the demo data, in Chinese: a settlement notice's number is
the notice's number (not a ticket's) on its page and in its XLSX, a parts shipment's number
is the shipment's, the falsified-card button says what it does, and the review table's
"approved" header sits over the column of its inputs."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from io import BytesIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from accounts.models import User
from dealers.models import PartsShipment, SettlementStatement, WarrantyClaim

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def _page(client, username: str, path: str, language: str = "zh-hans") -> str:  # type: ignore[no-untyped-def]
    client.force_login(User.objects.get(username=username))
    client.cookies["django_language"] = language
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


class _Table(HTMLParser):
    """The cells of the first table inside ``#lines-form``: header texts, then per body row
    (text, has an amount input) per cell."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.section = ""
        self.head: list[str] = []
        self.rows: list[list[tuple[str, bool]]] = []
        self._cell: list[str] | None = None
        self._input = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form" and attributes.get("id") == "lines-form":
            self.inside = True
        if not self.inside:
            return
        if tag in ("thead", "tbody"):
            self.section = tag
        elif tag == "tr" and self.section == "tbody":
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell, self._input = [], False
        elif tag == "input" and "amount" in (attributes.get("class") or ""):
            self._input = True

    def handle_endtag(self, tag: str) -> None:
        if not self.inside:
            return
        if tag == "table":
            self.inside = False
        elif tag in ("th", "td") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            if self.section == "thead":
                self.head.append(text)
            elif self.rows:
                self.rows[-1].append((text, self._input))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def test_the_settlement_notice_labels_its_own_number_on_the_page_and_in_the_xlsx(client, demo):
    statement = SettlementStatement.objects.first()
    assert statement is not None

    page = _page(client, "finance", f"/dealers/statements/{statement.pk}/")
    sheet = load_workbook(
        BytesIO(client.get(f"/dealers/statements/{statement.pk}/notice.xlsx").content)
    ).active
    listing = _page(client, "finance", "/dealers/statements/")
    english = _page(client, "finance", f"/dealers/statements/{statement.pk}/", "en")

    assert f"<th>核销通知单号</th><td>{statement.number}</td>" in page
    assert "工单号" not in page
    rows = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert rows["核销通知单号"][0] == statement.number
    assert "工单号" not in rows
    assert "<th>核销通知单号</th>" in listing
    assert f"<th>Number</th><td>{statement.number}</td>" in english


def test_a_shipment_list_labels_the_shipment_number(client, demo):
    assert PartsShipment.objects.exists()

    page = _page(client, "appraiser", "/dealers/shipments/")

    assert "<th>发货单号</th>" in page
    assert "工单号" not in page


def test_the_falsified_card_button_says_it_records_a_finding(client, demo):
    page = _page(client, "finance", "/dealers/finance/")

    assert '<button type="submit" class="danger">登记</button>' in page
    assert ">维修记录</button>" not in page


def test_the_approved_header_sits_over_the_amount_inputs(client, demo):
    claim = WarrantyClaim.objects.filter(status="appraised").first()
    assert claim is not None

    table = _Table()
    table.feed(_page(client, "finance", f"/dealers/claims/{claim.pk}/"))

    assert table.rows, "the review table has lines"
    column = table.head.index("核定金额")
    for row in table.rows:
        assert len(row) == len(table.head), row
        assert [has_input for _text, has_input in row].index(True) == column, row
