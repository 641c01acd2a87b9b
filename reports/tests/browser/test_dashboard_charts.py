"""The manager's home in a real Chromium, in both languages: the dashboard's charts render
(a canvas each), nothing fails in the console (the page runs no inline script)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from accounts.demo import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

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
def history(transactional_db):
    """Demo people and a few resolved tickets of today, rolled up."""
    from accounts.demo import seed
    from accounts.models import User
    from dealers.demo import prepare
    from reports.rollup import rollup_increment
    from tickets.demo import seed as seed_tickets

    seed()
    prepare()  # dealer technicians' certificates
    seed_tickets()
    rollup_increment()
    return User.objects.get(username="manager")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_dashboard_charts_render_without_console_errors(live_server, browser, history, language):
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "manager")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/reports/")
    page.select_option("#lang-select", language)
    page.wait_for_load_state("load")
    page.wait_for_selector("[data-chart='compliance'] canvas", timeout=10_000)
    assert page.locator("[data-chart] canvas").count() == 4
    heading = page.locator("h1").inner_text()
    assert heading == ("SLA dashboard" if language == "en" else "SLA 仪表盘")
    assert errors == []
    context.close()
