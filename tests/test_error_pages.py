"""Refusals and missing pages answer in the site's layout and the reader's language, the
browser finds an icon, and the log says one line per refused request, without traceback."""

from __future__ import annotations

import logging

import pytest
from django.test import override_settings

from accounts import demo as accounts_demo
from accounts.demo import DEMO_LOGINS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(client, db):
    accounts_demo.seed()
    username = dict(DEMO_LOGINS)["customer"]
    client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    return client


@override_settings(DEBUG=False)
@pytest.mark.parametrize(
    ("language", "forbidden", "missing"),
    [("zh-hans", "您无权打开此页面", "此页面不存在"), ("en", "You may not open", "does not exist")],
)
def test_403_and_404_are_pages_of_the_site_in_the_readers_language(
    customer, language, forbidden, missing
):
    customer.cookies["django_language"] = language

    refused = customer.get("/dealers/finance/")
    # (a customer's staff ticket URL leads to their own page of that number: not there either)
    absent = customer.get("/tickets/no-such-ticket-0000/", follow=True)

    assert refused.status_code == 403
    assert forbidden in refused.content.decode()
    assert 'class="topbar"' in refused.content.decode()
    assert absent.status_code == 404
    assert missing in absent.content.decode()


def test_the_500_page_is_translated_and_needs_no_context(settings):
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("zh-hans"):
        page = render_to_string("500.html")

    assert "系统出现错误" in page
    assert "未被保存" in page


def test_page_titles_have_a_separator_before_the_site_name(customer):
    customer.cookies["django_language"] = "zh-hans"
    page = customer.get("/", follow=True).content.decode()

    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.endswith(" · 售后服务")
    assert not title.startswith(" · ")


def test_the_browser_finds_an_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert client.get(response["Location"]).status_code in (200, 304) or response[
        "Location"
    ].endswith("favicon.svg")


def test_a_refused_request_logs_one_line_without_traceback(customer, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        customer.get("/dealers/finance/")

    refused = [r for r in caplog.records if r.name == "django.request"]
    assert len(refused) == 1
    assert refused[0].exc_info is None
    assert logging.getLogger("django").handlers == []
