"""The supervisor's dispatch board in Chromium: every waiting row shows its 2-hour
arrangement and 4-hour check clocks, counting down each second without a reload, coloured
by urgency (ok → warn once urgent → bad once overdue), fed by a small JSON endpoint."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.browser import DESKTOP, LANGUAGES, PHONE, browser, shot, signed_in
from tickets.models import Status, Ticket

__all__ = ["browser"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CLOCKS = """Array.from(document.querySelectorAll("[data-clock]")).map(n => ({
  id: n.dataset.clock, due: n.dataset.due, urgent: n.dataset.urgent,
  level: ["ok", "warn", "bad", "paused"].filter(c => n.classList.contains(c)),
  text: n.querySelector(".countdown-text").textContent}))"""


def _level(due: str, urgent: str, now: datetime) -> str:
    if not due:
        return "paused"
    if datetime.fromisoformat(due) <= now:
        return "bad"
    return "warn" if urgent and datetime.fromisoformat(urgent) <= now else "ok"


def test_the_dispatch_board_counts_down_live_and_colours_by_urgency(live_server, browser):
    call_command("seed_demo", stdout=io.StringIO())
    base = live_server.url
    page = signed_in(browser, base, "supervisor", "zh-hans", DESKTOP)
    page.goto(base + "/tickets/dispatch/")
    page.evaluate("window.__sameDocument = true")

    clocks = page.evaluate(CLOCKS)
    forwarded = set(Ticket.objects.filter(status=Status.FORWARDED).values_list("number", flat=True))
    ids = {c["id"] for c in clocks}
    # a row to arrange shows both clocks; a row to check its check clock
    assert any(f"{n}:dispatch" in ids and f"{n}:supervisor_check" in ids for n in forwarded)
    assert any(c["id"].endswith(":supervisor_check") and c["id"].split(":")[0] not in forwarded
               for c in clocks)  # fmt: skip
    now = timezone.now()
    for clock in clocks:
        assert clock["level"] == [_level(clock["due"], clock["urgent"], now)], clock
    assert {"ok", "bad"} <= {c["level"][0] for c in clocks}, "the demo has calm and late rows"

    first = page.locator("[data-clock][data-due] .countdown-text").first
    before = first.text_content()
    page.wait_for_timeout(1500)
    assert first.text_content() != before
    assert page.evaluate("window.__sameDocument") is True  # no reload

    # the colour follows the clock: urgent from data-urgent on, overdue after data-due
    page.evaluate("""() => {
      const n = document.querySelector("[data-clock][data-due]");
      n.dataset.due = new Date(Date.now() + 2500).toISOString();
      n.dataset.urgent = new Date(Date.now() - 1000).toISOString();
      n.id = "probe";
    }""")  # fmt: skip
    page.wait_for_timeout(1200)
    assert "warn" in page.get_attribute("#probe", "class")
    assert "剩余" in page.text_content("#probe .countdown-text")
    page.wait_for_timeout(2500)
    assert "bad" in page.get_attribute("#probe", "class")
    assert "已超时" in page.text_content("#probe .countdown-text")

    # what the page refreshes from: the same tickets, the same clocks
    data = page.evaluate("fetch('/tickets/dispatch/clocks.json').then(r => r.json())")
    rows = set(page.eval_on_selector_all("[data-number]", "rs => rs.map(r => r.dataset.number)"))
    assert set(data["tickets"]) == rows
    served = {f"{n}:{c['metric']}" for n, cs in data["tickets"].items() for c in cs}
    assert served == ids
    page.context.close()

    for language in LANGUAGES:
        for name, viewport in (("1366", DESKTOP), ("390", PHONE)):
            page = signed_in(browser, base, "supervisor", language, viewport)
            page.goto(base + "/tickets/dispatch/")
            page.wait_for_timeout(300)
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
            shot(page, f"dispatch-board-{language}-{name}")
            page.context.close()
