"""The reports' live board in Chromium: each row's countdown ticks every second, written by
the shared countdown script (the dispatch board's), overdue rows in the overdue colour."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.browser import DESKTOP, browser, signed_in

__all__ = ["browser"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_live_board_counts_down_each_second(live_server, browser):
    call_command("seed_demo", stdout=io.StringIO())
    base = live_server.url
    page = signed_in(browser, base, "supervisor", "en", DESKTOP)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base + "/reports/board/")

    first = page.locator("[data-clock] .countdown-text").first
    before = first.text_content() or ""
    assert "left" in before or "overdue" in before, before
    page.wait_for_timeout(1500)
    assert first.text_content() != before
    levels = page.evaluate(
        """Array.from(document.querySelectorAll("[data-clock]")).map(n =>
          ["ok", "bad"].filter(c => n.classList.contains(c)).join())"""
    )
    assert levels
    assert set(levels) <= {"ok", "bad"}, levels
    assert not errors, errors
