"""End to end in a real Chromium on a phone-sized screen, as the demo customer: log in, report
a fault on a registered unit with a photo, read the number, see the technician and the
appointment once a supervisor arranges it, confirm the repair, answer the survey; a second
customer reaches none of it by URL. Screenshots (phone width, English and Chinese) are saved
under ``test-output/screenshots``."""

from __future__ import annotations

import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from accounts.demo import DEMO_PASSWORD
from tickets.signatures import sample_signature

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
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser(monkeypatch):
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
def demo(transactional_db, settings, tmp_path):
    """The demo people, the demo customer's record (with an e-mail address) and a unit
    registered to them, sold two months ago."""
    settings.ATTACHMENTS_ROOT = tmp_path / "attachments"
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.utils import timezone

    from accounts.demo import seed
    from accounts.models import Organisation
    from tickets.models import Customer
    from warranty.tests.factories import UnitFactory, solar_lamp

    seed()
    customer = Customer.objects.create(
        name="王秀英",
        phone="13801234567",
        address="上海市静安区南京西路 1266 号 12 楼",
        email="wang.xiuying@example.com",
        account=Organisation.objects.get(code="C-0001"),
    )
    UnitFactory(
        serial="SN-PORTAL-1",
        customer=customer,
        product_model=solar_lamp(),
        sale_date=timezone.localdate() - timedelta(days=60),
    )
    photo = tmp_path / "lamp.png"
    from attachments.tests.files import png_bytes

    photo.write_bytes(png_bytes((320, 240)))
    return {"photo": photo}


def _login(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_load_state()


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"portal-{name}.png"), full_page=True)


def _arrange(number: str, appointment):  # type: ignore[no-untyped-def]
    """The agent forwards and the supervisor arranges, through the workflow service."""
    from accounts.models import User
    from tickets.actions import perform_action
    from tickets.models import Ticket

    ticket = Ticket.objects.get(number=number)
    people = {u.username: u for u in User.objects.filter(username__in=["agent", "supervisor"])}
    perform_action(
        ticket=ticket,
        by=people["agent"],
        action="forward",
        data={"assigned_organisation": ticket.assigned_organisation_id},
    )
    perform_action(
        ticket=ticket,
        by=people["supervisor"],
        action="arrange",
        data={
            "technician": User.objects.get(username="technician").pk,
            "customer_told": True,
            "appointment_at": appointment,
            "note": "内部：客户要求先电话 internal-only",
        },
    )


def _repair(number: str) -> None:
    from accounts.models import User
    from tickets.actions import perform_action
    from tickets.models import Ticket

    ticket = Ticket.objects.get(number=number)
    technician = User.objects.get(username="technician")
    supervisor = User.objects.get(username="supervisor")
    perform_action(ticket=ticket, by=supervisor, action="check", data={})
    perform_action(ticket=ticket, by=technician, action="check_in", data={})
    perform_action(
        ticket=ticket,
        by=technician,
        action="resolve",
        data={"signed_by_name": "王秀英", "signature": sample_signature()},
    )


def _survey_link(number: str) -> str:
    from accounts.models import User
    from complaints.services.surveys import survey_link_create
    from tickets.models import Ticket

    _link, code = survey_link_create(
        ticket=Ticket.objects.get(number=number), by=User.objects.get(username="agent")
    )
    return code


def _report_fault(page, base: str, photo: Path, visit: str) -> str:  # type: ignore[no-untyped-def]
    page.click("[data-portal=report]")
    page.wait_for_selector("#report-form")
    page.select_option("select[name=unit]", "SN-PORTAL-1")
    page.fill("textarea[name=fault_description]", "路灯夜间不亮，电池似乎不充电")
    page.fill("input[name=preferred_visit_at]", visit)
    page.set_input_files("input[name=photos]", str(photo))
    _shot(page, "02-report-en")
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("[data-ticket-number]")
    return page.inner_text("[data-ticket-number]").strip()


def test_customer_reports_follows_confirms_and_rates(live_server, browser, demo):
    from django.utils import timezone

    from attachments.models import Attachment
    from tickets.models import Ticket

    base = live_server.url
    context = browser.new_context(locale="en-US", **PHONE)
    page = context.new_page()

    # log in: the customer lands on their own home, not the staff queue
    _login(page, base, "customer")
    assert page.url == f"{base}/portal/"
    assert "SN-PORTAL-1" in page.inner_text("#my-units")
    assert "Free repair under warranty until" in page.inner_text("#my-units")
    assert page.locator("[data-nav='tickets.queue']").count() == 0
    _shot(page, "01-home-en")

    # report a fault on the registered unit, with a photo: a number comes back
    visit = (timezone.localtime() + timedelta(days=2)).replace(hour=9, minute=30)
    number = _report_fault(page, base, demo["photo"], visit.strftime("%Y-%m-%dT%H:%M"))
    ticket = Ticket.objects.get(number=number)
    assert (ticket.channel, ticket.unit.serial, ticket.status) == (
        "web",
        "SN-PORTAL-1",
        "registered",
    )
    assert Attachment.objects.filter(object_id=ticket.pk).count() == 1
    assert page.locator("#attachments img").count() == 1
    _shot(page, "03-registered-en")

    # the supervisor arranges it (through the service): the customer sees who and when
    appointment = (timezone.localtime() + timedelta(days=1)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    _arrange(number, appointment)
    page.reload()
    progress = page.inner_text(".portal-steps")
    assert "A technician is assigned" in progress
    assert "王磊" in progress
    assert appointment.strftime("%Y-%m-%d %H:%M") in progress
    assert "internal-only" not in page.content()
    _shot(page, "04-arranged-en")

    # repaired: the customer confirms it
    _repair(number)
    page.reload()
    page.click("form[data-action=confirm_repair] button[type=submit]")
    page.wait_for_selector("[data-step=confirmed]")
    assert page.locator("form[data-action=confirm_repair]").count() == 0
    _shot(page, "05-confirmed-en")

    # the service side sends the survey link: the customer answers it from the request
    code = _survey_link(number)
    page.reload()
    page.click("[data-portal=survey]")
    page.wait_for_selector("#survey-form")
    assert f"/s/{code}/" in page.url
    for item in page.locator("fieldset.survey-item").all():
        item.locator("input[type=radio]").first.check()
    _shot(page, "06-survey-en")
    page.click("#survey-form button[type=submit]")
    page.wait_for_load_state()
    from complaints.models import Survey

    assert Survey.objects.filter(ticket=ticket).count() == 1
    page.goto(f"{base}/portal/requests/{number}/")
    assert page.locator("[data-portal=survey]").count() == 0
    _shot(page, "07-after-survey-en")
    photo_url = page.locator("#attachments a").first.get_attribute("href")
    context.close()

    # the same pages in Chinese, phone width
    chinese = browser.new_context(locale="zh-CN", **PHONE)
    page = chinese.new_page()
    _login(page, base, "customer")
    assert "我的服务" in page.inner_text("nav.mainnav")
    _shot(page, "08-home-zh")
    page.goto(f"{base}/portal/requests/{number}/")
    assert "已派维修人员" in page.inner_text(".portal-steps")
    _shot(page, "09-request-zh")
    page.click("[data-nav='portal.report']")
    page.wait_for_selector("#report-form")
    _shot(page, "10-report-zh")
    chinese.close()

    # a second customer reaches none of it by URL
    other = browser.new_context(locale="en-US", **PHONE)
    page = other.new_page()
    _login(page, base, "customer2")
    assert number not in page.content()
    for url in (
        f"/portal/requests/{number}/",
        f"/tickets/{number}/",
        f"/tickets/{number}/voucher/",
        photo_url,
    ):
        response = page.goto(f"{base}{url}")
        assert response is not None
        assert response.status == 404, url
    other.close()
