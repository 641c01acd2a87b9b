"""On a 390 px phone, in Chromium, in both languages: the technician's and the customer's
pages fit the screen (no sideways scrolling: the service voucher was 438 px wide), and the
work-date field is a real date input (a picker), prefilled with an ISO date it accepts."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from accounts.models import User
from tests.browser import LANGUAGES, PHONE, browser, shot, signed_in
from tickets.models import OPEN_STATUSES, Ticket

__all__ = ["browser"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTH = "document.documentElement.scrollWidth"
DATE_INPUTS = """Array.from(document.querySelectorAll("input[name=work_date]")).map(
  i => [i.type, i.getAttribute("value") || "", i.value])"""


def _pages(username: str) -> list[str]:
    user = User.objects.get(username=username)
    if username == "technician":
        open_job = Ticket.objects.filter(technician=user, status__in=OPEN_STATUSES).first()
        with_parts = Ticket.objects.filter(technician=user, parts__isnull=False).first()
        assert open_job, "the demo gives the technician an open job"
        assert with_parts, "and a ticket with parts"
        return [
            "/tickets/my-jobs/",
            f"/tickets/{open_job.number}/",
            f"/tickets/{open_job.number}/voucher/",
            f"/tickets/{with_parts.number}/voucher/",
        ]
    return ["/portal/", "/portal/report/"]


def test_technician_and_customer_pages_fit_a_phone(live_server, browser):
    call_command("seed_demo", stdout=io.StringIO())
    too_wide: dict[str, int] = {}
    for language in LANGUAGES:
        for username in ("technician", "customer"):
            page = signed_in(browser, live_server.url, username, language, PHONE)
            paths = _pages(username)
            if username == "customer":
                page.goto(live_server.url + "/portal/")
                paths += page.eval_on_selector_all(
                    "a[href^='/portal/requests/']", "as => as.map(a => a.getAttribute('href'))"
                )[:2]
            for n, path in enumerate(paths):
                page.goto(live_server.url + path, wait_until="load")
                assert page.url.endswith(path), (page.url, path)
                width = page.evaluate(WIDTH)
                if width > PHONE["width"]:
                    too_wide[f"{username} {language} {path}"] = width
                shot(page, f"phone-{username}-{language}-{n}")
            page.context.close()

    assert too_wide == {}


def test_the_work_date_is_a_date_picker_prefilled_with_today(live_server, browser):
    call_command("seed_demo", stdout=io.StringIO())
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    for language in LANGUAGES:
        page = signed_in(browser, live_server.url, "technician", language, PHONE)
        page.goto(live_server.url + "/tickets/my-jobs/")
        inputs = page.evaluate(DATE_INPUTS)

        assert inputs, "an open job offers to book hours"
        for kind, attribute, shown in inputs:
            assert kind == "date"
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", attribute)
            assert shown == attribute == today  # the picker accepted the prefilled value
        page.context.close()
