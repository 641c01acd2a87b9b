"""End to end in a real Chromium: the agent files a complaint from a caller's ticket and sends
the return-visit survey link; the customer answers it on a phone (dissatisfied, so a second
complaint opens), the link then refuses a second use; the complaint closes on the customer's
acceptance. Saves a screenshot of every page it visits."""

from __future__ import annotations

import re

import pytest

from accounts.models import User
from complaints.models import Complaint, Survey
from complaints.services.complaints import complaint_act
from complaints.tests.conftest import investigation
from tickets.tests.browser.test_phone_to_signoff import (  # noqa: F401 - fixtures
    _login,
    _shot,
    browser,
    demo_people,
)
from tickets.tests.factories import make_ticket
from tickets.tests.helpers import walk

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def resolved_ticket(demo_people):  # noqa: F811 - the fixture above
    people = {u.username: u for u in User.objects.all()}
    ticket = make_ticket(by=people["agent"], product_model="KFR-35GW")
    return walk(ticket, people, to="resolved"), people


def _file_complaint(page, base: str, ticket) -> str:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/tickets/{ticket.number}/")
    page.click("#complaints-panel [data-file-complaint]")
    page.wait_for_selector("#complaint-intake")
    assert ticket.number in page.inner_text("main")
    page.select_option("select[name=complaint_class]", label="Product quality")
    page.select_option("select[name=seriousness]", label="Serious")
    page.fill("textarea[name=description]", "修好两天后又漏水，地板泡坏")
    _shot(page, "c01-complaint-intake")
    page.click("#complaint-intake button[type=submit]")
    page.wait_for_selector("[data-complaint-number]")
    _shot(page, "c02-complaint-filed")
    return page.inner_text("[data-complaint-number]").strip()


def _send_survey_link(page, base: str, ticket) -> str:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/tickets/{ticket.number}/")
    page.click("[data-survey-link-form] button[type=submit]")
    page.wait_for_selector(".messages .msg-success")
    message = page.inner_text(".messages .msg-success")
    _shot(page, "c03-survey-link-sent")
    match = re.search(r"https?://\S+/s/[^/\s]+/", message)
    assert match, message
    return match.group(0)


def _answer_on_a_phone(browser, url: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    customer = browser.new_context(locale="zh-CN", device_scale_factor=2, **PHONE)
    page = customer.new_page()
    page.goto(url)
    page.wait_for_selector("#survey-form")
    assert "您对我们服务的评价" in page.inner_text("h1")
    # nothing is wider than the phone's screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.check("fieldset[data-item=attitude] input[value=dissatisfied]")
    for item in ("skill", "arrival", "promise"):
        page.check(f"fieldset[data-item={item}] input[value=satisfied]")
    page.fill("textarea[name=comment]", "技术员态度不好")
    _shot(page, "c04-survey-on-a-phone")
    page.click("#survey-form button[type=submit]")
    page.wait_for_selector("[data-survey-thanks]")
    _shot(page, "c05-survey-thanks")
    # the link works once
    page.goto(url)
    page.wait_for_selector("[data-survey-invalid]")
    _shot(page, "c06-survey-link-used")
    customer.close()


def _close_on_acceptance(page, base: str, number: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/complaints/{number}/")
    page.wait_for_selector("details[data-action=reply]")
    actions = page.locator("#actions details").evaluate_all("els => els.map(e => e.dataset.action)")
    assert "close" not in actions  # no closing step but the customer's answer
    page.click("details[data-action=reply] > summary")
    page.fill("details[data-action=reply] textarea[name=reply_text]", "已更换水泵并检查排水管")
    page.click("details[data-action=reply] button[type=submit]")
    page.wait_for_selector("[data-status=replied]")
    page.click("details[data-action=accept] > summary")
    page.select_option("details[data-action=accept] select[name=how]", "phone")
    page.fill("details[data-action=accept] textarea[name=comment]", "接受，谢谢")
    _shot(page, "c07-customer-accepts")
    page.click("details[data-action=accept] button[type=submit]")
    page.wait_for_selector("[data-status=closed]")
    _shot(page, "c08-complaint-closed")


def test_complaint_from_a_ticket_survey_by_link_and_closure_on_acceptance(
    live_server,
    browser,  # noqa: F811
    resolved_ticket,
):
    base = live_server.url
    ticket, people = resolved_ticket
    agent = browser.new_context(locale="en-US", viewport=DESKTOP)
    page = agent.new_page()
    _login(page, base, "agent")

    number = _file_complaint(page, base, ticket)
    complaint = Complaint.objects.get(number=number)
    assert list(complaint.tickets.all()) == [ticket]
    assert complaint.status == "accepted"

    url = _send_survey_link(page, base, ticket)
    _answer_on_a_phone(browser, url)
    survey = Survey.objects.get(ticket=ticket)
    assert survey.source == "link"
    assert survey.dissatisfied
    assert Complaint.objects.filter(channel="survey", tickets=ticket).count() == 1
    ticket.refresh_from_db()
    assert ticket.status == "visited"

    # the investigation happens off screen; the reply and the customer's answer on it
    department = {"department": "quality"}
    for by, action, data in [
        ("agent", "contact", {"note": "已致电客户"}),
        ("agent", "assign", department),
        ("supervisor", "start", {}),
        ("supervisor", "investigate", investigation()),
    ]:
        complaint_act(complaint=complaint, by=people[by], action=action, data=data)
    _close_on_acceptance(page, base, number)
    complaint.refresh_from_db()
    assert complaint.status == "closed"
    answer = complaint.acceptances.get()
    assert (answer.accepted, answer.how, answer.recorded_by) == (True, "phone", people["agent"])
    agent.close()
