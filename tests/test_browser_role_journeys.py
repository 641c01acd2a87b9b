"""The main journey of each role without one elsewhere (dealer, appraiser, finance,
storekeeper), in Chromium on the demo data, a screenshot per step under the screenshots
folder of tests/browser.py. Two journeys read Chinese, two English.

The other roles' journeys: tickets/tests/browser/test_phone_to_signoff.py (agent, supervisor,
technician), portal/tests/browser/test_customer_portal.py (customer),
reports/tests/browser/test_dashboard_charts.py (manager)."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.browser import DESKTOP, browser, shot, signed_in
from tests.test_browser_forms import _first_visited_without_record

__all__ = ["browser"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MONEY = re.compile(r"¥\d{1,3}(,\d{3})*\.\d{2}")


def _start(browser: Any, live_server: Any, username: str, language: str) -> Any:
    call_command("seed_demo", stdout=io.StringIO())
    return signed_in(browser, live_server.url, username, language, DESKTOP)


def _text(page: Any, selector: str) -> str:
    return str(page.locator(selector).first.inner_text()).strip()


def _claim_status(page: Any) -> str:
    return str(page.get_attribute("#claim-status", "data-status"))


def test_dealer_files_a_repair_record_and_sees_it_listed(live_server, browser):
    page = _start(browser, live_server, "dealer", "zh-hans")
    assert page.url.endswith("/dealers/")
    ticket = _first_visited_without_record()
    assert page.locator(f"a[href$='/records/new/{ticket.number}/']").count() == 1
    shot(page, "dealer-1-portal-zh-hans")

    page.click(f"a[href$='/records/new/{ticket.number}/']")
    assert ticket.number in _text(page, "h1")
    shot(page, "dealer-2-record-form-zh-hans")

    form = "#record-form"
    page.select_option(f"{form} select[name=technician]", index=1)
    page.fill(f"{form} input[name=visit_date]", timezone.localdate().isoformat())
    page.fill(f"{form} textarea[name=work_done]", "更换电源板，试机正常")
    page.fill(f"{form} input[name=labour_hours]", "1.5")
    page.fill(f"{form} input[name=travel_km]", "12")
    page.fill(f"{form} input[name=customer_signed_name]", "王女士")
    with page.expect_navigation(wait_until="load"):
        page.click(f"{form} button[type=submit]")
    record = ticket.repair_records.get()
    assert page.url.endswith(f"/dealers/records/{record.pk}/")
    assert record.number in page.inner_text("main")
    shot(page, "dealer-3-record-filed-zh-hans")

    page.goto(f"{live_server.url}/dealers/records/", wait_until="load")
    row = page.locator("tbody tr", has_text=record.number)
    assert row.count() == 1
    assert ticket.number in row.inner_text()
    shot(page, "dealer-4-record-list-zh-hans")


def test_appraiser_receives_old_parts_and_appraises_the_claim(live_server, browser):
    from dealers.models import WarrantyClaim

    page = _start(browser, live_server, "appraiser", "en")
    assert page.url.endswith("/dealers/appraisal/")
    claim = (
        WarrantyClaim.objects.filter(status="submitted", return_shipment__isnull=False)
        .order_by("-pk")
        .first()
    )
    assert claim is not None
    assert page.locator(f"tr[data-claim='{claim.number}']").count() == 1
    shot(page, "appraiser-1-claims-to-appraise-en")

    page.click(f"tr[data-claim='{claim.number}'] a")
    assert _claim_status(page) == "submitted"
    shot(page, "appraiser-2-claim-submitted-en")

    with page.expect_navigation(wait_until="load"):
        page.click("button[name=action][value=receive_parts]")
    assert _claim_status(page) == "parts_received", page.inner_text("main")[:600]
    assert "received" in _text(page, "dl.facts")
    shot(page, "appraiser-3-parts-received-en")

    verdicts = page.locator("#lines-form select[name^=verdict_]")
    assert verdicts.count() >= 1
    for n in range(verdicts.count()):
        verdicts.nth(n).select_option("usable")
    page.select_option("#lines-form select[name=genuine]", "true")
    with page.expect_navigation(wait_until="load"):
        page.click("#lines-form button[name=action][value=appraise]")
    assert _claim_status(page) == "appraised"
    assert "Usable" in _text(page, "#lines-form")
    claim.refresh_from_db()
    assert claim.status == "appraised"
    assert claim.genuine is True
    shot(page, "appraiser-4-claim-appraised-en")


def test_finance_approves_amounts_and_reads_the_settlement_notice(live_server, browser):
    from aftersales.templatetags.money import money
    from dealers.models import WarrantyClaim

    page = _start(browser, live_server, "finance", "zh-hans")
    assert page.url.endswith("/dealers/finance/")
    claim = WarrantyClaim.objects.filter(status="appraised").order_by("-pk").first()
    assert claim is not None
    row = page.locator(f"tr[data-claim='{claim.number}']")
    assert MONEY.search(row.inner_text()), row.inner_text()
    shot(page, "finance-1-claims-to-review-zh-hans")

    page.click(f"tr[data-claim='{claim.number}'] a")
    assert _claim_status(page) == "appraised"
    amounts = page.locator("#lines-form input.amount")
    first = claim.lines.order_by("pk").first()
    assert first is not None
    assert amounts.count() == claim.lines.count()
    cut = (first.amount / 2).quantize(Decimal("0.01"))
    page.fill(f"#lines-form input[name=amount_{first.pk}]", str(cut))
    page.fill("#lines-form input[name=note]", "工时按标准核减一半")
    shot(page, "finance-2-approving-zh-hans")
    with page.expect_navigation(wait_until="load"):
        page.click("#lines-form button[name=action][value=approve]")
    assert _claim_status(page) == "reviewed"
    claim.refresh_from_db()
    assert claim.approved_total == claim.claimed_total - first.amount + cut
    assert money(claim.approved_total) in _text(page, "#approved-total")
    shot(page, "finance-3-approved-zh-hans")

    page.goto(f"{live_server.url}/dealers/finance/", wait_until="load")
    page.click("a[href$='/dealers/statements/']")
    assert MONEY.search(_text(page, "main table")), _text(page, "main table")
    shot(page, "finance-4-statements-zh-hans")

    page.click("main table tbody a")
    total = _text(page, "#statement-total")
    assert MONEY.fullmatch(total), total
    shot(page, "finance-5-settlement-notice-zh-hans")


def test_storekeeper_books_a_receipt_and_sees_the_stock_grow(live_server, browser):
    from parts.models import StockLevel

    page = _start(browser, live_server, "storekeeper", "en")
    level = (
        StockLevel.objects.filter(store__organisation__code="HQ", store__is_active=True)
        .select_related("store", "part")
        .order_by("pk")
        .first()
    )
    assert level is not None
    page.goto(f"{live_server.url}/parts/", wait_until="load")
    assert level.store.name in page.inner_text("main")
    shot(page, "storekeeper-1-stores-en")

    page.click(f"main a[href$='/parts/stores/{level.store.code}/']")
    on_hand = f"#stock tr[data-part='{level.part.part_number}'] .on-hand"
    before = int(_text(page, on_hand))
    assert before == level.on_hand
    shot(page, "storekeeper-2-store-stock-en")

    page.select_option("select[name=receipt-part]", str(level.part_id))
    page.fill("input[name=receipt-quantity]", "5")
    page.fill("input[name=receipt-supplier]", "Suzhou Parts Co.")
    page.fill("input[name=receipt-reference]", "DN-2026-118")
    with page.expect_navigation(wait_until="load"):
        page.click("form:has(input[name=form][value=receipt]) button[type=submit]")
    assert "Receipt booked." in page.inner_text("main")
    assert int(_text(page, on_hand)) == before + 5
    assert "DN-2026-118" in _text(page, "#ledger")
    shot(page, "storekeeper-3-receipt-booked-en")
