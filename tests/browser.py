"""What the browser tests share: Debian's Chromium through Playwright (skipped when it is
missing, failed instead when ``REQUIRE_BROWSER=1``, as on CI), signing in as a demo user in
a language, and screenshots under ``test-output/screenshots`` (or ``$SCREENSHOTS_DIR``)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from accounts.demo import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
SHOTS = Path(
    os.environ.get("SCREENSHOTS_DIR")
    or Path(__file__).resolve().parents[1] / "test-output" / "screenshots"
)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
LANGUAGES = ("zh-hans", "en")


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    # Playwright's sync API runs an event loop in this thread; the test's ORM calls stay
    # synchronous. Set for this test only.
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


def signed_in(browser: Any, base: str, username: str, language: str, viewport: dict[str, int]):  # type: ignore[no-untyped-def]
    """A new page of a new context, signed in as ``username``, reading ``language``."""
    context = browser.new_context(viewport=viewport, locale="en-US")
    context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    return page


def shot(page: Any, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
