"""End to end in a real Chromium: phone intake → dispatch → technician check-in on a phone →
sign-off with a drawn signature. Saves a screenshot of every page it visits."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from accounts.demo import DEMO_PASSWORD
from tickets.models import Ticket

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[3] / "test-output" / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test are
    # still synchronous. Set only for this test so it never leaks into other tests' processes.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing and REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def demo_people(transactional_db):
    from accounts.demo import seed

    seed()


def _login(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_load_state()


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_phone_intake_dispatch_check_in_and_sign_off(live_server, browser, demo_people):
    base = live_server.url
    from django.utils import timezone

    from warranty.tests.factories import UnitFactory, solar_lamp

    UnitFactory(
        serial="SN-E2E-1",
        product_model=solar_lamp(),
        sale_date=timezone.localdate() - timezone.timedelta(days=30),
    )

    # The agent takes the call.
    agent = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = agent.new_page()
    _login(page, base, "agent")
    assert page.url.endswith("/tickets/intake/")
    page.fill("input[name=phone]", "13801234567")
    page.fill("input[name=customer_name]", "王秀英")
    page.fill("input[name=address]", "上海市静安区南京西路 1266 号")
    page.fill("input[name=serial_number]", "SN-E2E-1")
    page.press("input[name=serial_number]", "Tab")
    page.wait_for_selector("#warranty-panel table.warranty-components")
    panel = page.inner_text("#warranty-panel")
    # a solar lamp sold a month ago: covered, with each component's own end date
    assert "Covered" in panel
    assert "Battery" in panel
    assert "Panel" in panel
    page.fill("input[name=product_model]", "KFR-35GW")
    page.fill("textarea[name=fault_description]", "空调不制冷，外机不启动")
    page.select_option("select[name=severity]", "major")
    _shot(page, "01-intake-filled")
    page.click("button.primary.big")
    page.wait_for_selector("[data-ticket-number]")
    number = page.inner_text("[data-ticket-number]").strip()
    _shot(page, "02-intake-number")
    ticket = Ticket.objects.get(number=number)
    assert ticket.status == "registered"

    # ... and forwards it to the service department.
    page.goto(f"{base}/tickets/{number}/")
    page.click("details[data-action=forward] > summary")
    page.select_option(
        "details[data-action=forward] select[name=assigned_organisation]",
        str(ticket.assigned_organisation_id),
    )
    _shot(page, "03-ticket-forward")
    page.click("details[data-action=forward] button[type=submit]")
    page.wait_for_selector("[data-status=forwarded]")
    agent.close()

    # The supervisor arranges it from the dispatch board in one click.
    supervisor = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = supervisor.new_page()
    _login(page, base, "supervisor")
    # A supervisor's home is the live board of their organisation; the dispatch board is a click.
    assert page.url.endswith("/reports/board/")
    page.goto(f"{base}/tickets/dispatch/")
    row = page.locator(f".dispatch-row[data-number='{number}']")
    technician_id = str(
        __import__("accounts.models", fromlist=["User"]).User.objects.get(username="technician").pk
    )
    row.locator("select[name=technician]").select_option(technician_id)
    row.locator("input[name=customer_told]").check()
    _shot(page, "04-dispatch-board")
    row.locator("button[type=submit]").click()
    page.wait_for_load_state()
    _shot(page, "05-dispatch-arranged")
    ticket.refresh_from_db()
    assert ticket.status == "arranged"
    assert ticket.technician.username == "technician"
    supervisor.close()

    # The technician checks in and gets the customer's signature on a phone.
    phone = browser.new_context(
        locale="en-US",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    page = phone.new_page()
    _login(page, base, "technician")
    assert page.url.endswith("/tickets/my-jobs/")
    card = page.locator(f"article.job[data-number='{number}']")
    _shot(page, "06-my-jobs")
    card.locator("details[data-action=check_in] > summary").click()
    card.locator("details[data-action=check_in] button[type=submit]").click()
    page.wait_for_load_state()
    ticket.refresh_from_db()
    assert ticket.status == "on_site"
    _shot(page, "07-checked-in")

    card = page.locator(f"article.job[data-number='{number}']")
    card.locator("details[data-action=add_part] > summary").click()
    card.locator("details[data-action=add_part] input[name=part_number]").fill("P-1001")
    card.locator("details[data-action=add_part] input[name=name]").fill("启动电容")
    card.locator("details[data-action=add_part] button[type=submit]").click()
    page.wait_for_load_state()

    card = page.locator(f"article.job[data-number='{number}']")
    card.locator("details[data-action=resolve] > summary").click()
    card.locator("details[data-action=resolve] input[name=signed_by_name]").fill("王秀英")
    pad = card.locator("details[data-action=resolve] canvas.signature-pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    assert box is not None
    assert box["width"] <= 390
    page.mouse.move(box["x"] + 20, box["y"] + 30)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 25, box["y"] + 30 + (step % 3) * 25)
    page.mouse.up()
    _shot(page, "08-signature")
    card.locator("details[data-action=resolve] button[type=submit]").click()
    page.wait_for_load_state()
    _shot(page, "09-after-signoff")

    ticket.refresh_from_db()
    assert ticket.status == "resolved"
    assert ticket.signed_by_name == "王秀英"
    assert ticket.signature.startswith("data:image/png;base64,")
    assert ticket.parts.get().part_number == "P-1001"

    page.goto(f"{base}/tickets/{number}/voucher/")
    assert "王秀英" in page.content()
    _shot(page, "10-voucher")
    phone.close()
