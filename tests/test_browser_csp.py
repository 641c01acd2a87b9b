"""In a real Chromium, with the Content-Security-Policy on: no page of any demo role (and
of the admin, and the API docs) triggers a CSP violation, and the scripts moved out of the
templates still work (the language menu, the intake panel, the API docs)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from accounts.demo import DEMO_LOGINS, DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile);
});
"""

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


class Watched:
    """A page that records CSP violations (events and console reports) on every load."""

    def __init__(self, context, base: str) -> None:  # type: ignore[no-untyped-def]
        context.add_init_script(WATCH)
        self.base = base
        self.page = context.new_page()
        self.problems: list[str] = []
        self.page.on(
            "console",
            lambda m: self.problems.append(m.text) if "Content Security Policy" in m.text else None,
        )

    def visit(self, path: str) -> None:
        self.collect()
        self.page.goto(self.base + path, wait_until="load")
        self.collect()

    def collect(self) -> None:
        try:
            found = self.page.evaluate("window.__csp || []")
        except Exception:  # noqa: BLE001 (the page is navigating: its events were kept)
            return
        self.problems += [f"{self.page.url}: {v}" for v in found]
        self.page.evaluate("window.__csp = []")

    def login(self, username: str, password: str = DEMO_PASSWORD) -> None:
        self.visit("/accounts/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_load_state("load")
        self.collect()


def _scripts_still_work(watched: Watched) -> None:
    watched.visit("/tickets/intake/")
    watched.page.fill("input[name=serial_number]", "NO-SUCH-SERIAL")
    watched.page.press("input[name=serial_number]", "Tab")
    watched.page.wait_for_function(
        "document.getElementById('warranty-panel').textContent.trim().length > 0"
    )
    with watched.page.expect_navigation():
        watched.page.select_option("#lang-select", "zh-hans")  # page.js submits the form
    assert watched.page.locator("html").get_attribute("lang") == "zh-hans"
    with watched.page.expect_navigation():
        watched.page.select_option("#lang-select", "en")
    watched.visit("/api/docs/")
    watched.page.wait_for_selector(".swagger-ui .info", timeout=15000)
    watched.collect()


def test_no_csp_violation_on_any_role_s_pages(live_server, browser):
    from django.core.management import call_command

    from accounts.models import User

    call_command("seed_demo", verbosity=0)
    User.objects.create_superuser(
        "root",
        "root@example.com",
        "root-pass-1",
        organisation=User.objects.get(username="agent").organisation,
    )
    problems: list[str] = []
    for _role, username in DEMO_LOGINS:
        context = browser.new_context(locale="en-US")
        watched = Watched(context, live_server.url)
        watched.login(username)
        nav = watched.page.eval_on_selector_all(
            "nav.mainnav a[href]", "links => links.map(a => a.getAttribute('href'))"
        )
        for href in nav:
            watched.visit(href)
        if username == "agent":
            _scripts_still_work(watched)
        problems += watched.problems
        context.close()

    context = browser.new_context(locale="en-US")
    watched = Watched(context, live_server.url)
    watched.login("root", "root-pass-1")
    agent = User.objects.get(username="agent")
    for path in (
        "/admin/",
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        f"/admin/accounts/user/{agent.pk}/change/",
    ):
        watched.visit(path)
    problems += watched.problems
    context.close()

    assert not problems, problems
