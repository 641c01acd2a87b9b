"""Dashboard numbers against hand-computed values: business-time means and p90 across a
weekend and the Labour Day holiday, compliance counts, ageing in business vs calendar time,
first-time fix. Frozen time, the real China working-hours calendar (on-site arrival, urban:
6 working hours, 08:30–12:00 and 13:30–17:30)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from reports.forms import ReportFilters
from reports.periods import custom
from reports.rollup import rollup_increment
from reports.selectors.dashboard import sla_dashboard
from reports.selectors.sla import compliance_by_metric, p90_seconds, times
from reports.selectors.tickets import ageing, fix_rates
from reports.tests.conftest import act, local, new_ticket
from tickets.signatures import sample_signature

pytestmark = pytest.mark.django_db
HOUR = 3600


def _visit(people, received, on_site):
    with time_machine.travel(received, tick=False):
        ticket = new_ticket(people)
    with time_machine.travel(received + timedelta(minutes=1), tick=False):
        act(people, ticket, "agent", "forward", assigned_organisation=people["hq"].pk)
        act(
            people,
            ticket,
            "supervisor",
            "arrange",
            technician=people["technician"].pk,
            customer_told=True,
        )
    with time_machine.travel(on_site, tick=False):
        act(people, ticket, "technician", "check_in")
    return ticket


@pytest.fixture
def three_visits(people):
    # Fri 16:30 → Mon 09:30: 1 h Friday + 1 h Monday = 2 h (the weekend is closed).
    _visit(people, local(2025, 3, 7, 16, 30), local(2025, 3, 10, 9, 30))
    # Wed 30 Apr 17:00 → Tue 6 May 11:00 across Labour Day (1–5 May closed): 0.5 h + 2.5 h.
    _visit(people, local(2025, 4, 30, 17, 0), local(2025, 5, 6, 11, 0))
    # Mon 10 Mar 09:00 → Tue 11 Mar 16:00: 7 h + 6 h = 13 h, late against 6 working hours.
    _visit(people, local(2025, 3, 10, 9, 0), local(2025, 3, 11, 16, 0))
    with time_machine.travel(local(2025, 5, 6, 12, 0), tick=False):
        rollup_increment()
    return people


def _filters(**kwargs):
    return ReportFilters(period=custom(date(2025, 3, 1), date(2025, 5, 31)), **kwargs)


def test_on_site_mean_and_p90_in_business_time(three_visits):
    row = next(r for r in compliance_by_metric(_filters()) if r["metric"] == "on_site")
    assert (row["met"], row["met_late"], row["breached"], row["running"]) == (2, 1, 0, 0)
    assert row["compliance"] == 66.7
    assert row["mean_seconds"] == (2 * HOUR + 3 * HOUR + 13 * HOUR) // 3  # 6 h
    # Histogram buckets [2 h, 4 h) ×2 and [8 h, 24 h) ×1; rank 0.9 × 3 = 2.7 falls 0.7 of the
    # way into the [8 h, 24 h) bucket: 8 h + 0.7 × 16 h.
    assert row["p90_seconds"] == 8 * HOUR + round(0.7 * 16 * HOUR)


def test_times_per_severity_and_region(three_visits):
    by_region = times(_filters(), "region_class")
    assert [r["label"] for r in by_region] == ["Urban"]
    cell = next(c for c in by_region[0]["cells"] if c["metric"] == "on_site")
    assert (cell["count"], cell["mean_seconds"]) == (3, 6 * HOUR)
    by_severity = times(_filters(), "severity")
    assert len(by_severity) == 1


def test_p90_interpolates_inside_its_bucket():
    assert p90_seconds([0] * 13) is None
    histogram = [0] * 13
    histogram[5] = 10  # ten values in [2 h, 4 h)
    assert p90_seconds(histogram) == 2 * HOUR + round(0.9 * 2 * HOUR)
    histogram = [0] * 13
    histogram[12] = 1  # open last bucket: its lower edge
    assert p90_seconds(histogram) == 14 * 86400


def test_ageing_counts_business_time_on_the_calendar(people):
    with time_machine.travel(local(2025, 3, 7, 16, 30), tick=False):
        new_ticket(people)
    now = local(2025, 3, 10, 10, 0)  # Monday: 65.5 calendar hours, 2.5 working hours
    with time_machine.travel(now, tick=False):
        result = ageing(_filters(), now)
    assert result["calendar"]["registered"]["1to3d"] == 1
    assert result["business"]["registered"]["lt4h"] == 1
    assert result["totals"]["calendar"]["lt4h"] == 0


def test_first_time_fix_and_reopen(people, clock):
    from reports.tests.conftest import walk

    fixed = walk(people, new_ticket(people), clock, people["hq"], people["technician"])
    again = walk(people, new_ticket(people), clock, people["hq"], people["technician"])
    act(people, again, "agent", "reopen", reason="又坏了")
    clock.shift(timedelta(hours=1))
    act(
        people,
        again,
        "supervisor",
        "arrange",
        technician=people["technician"].pk,
        customer_told=True,
    )
    act(people, again, "technician", "check_in")
    act(
        people,
        again,
        "technician",
        "resolve",
        signed_by_name="王先生",
        signature=sample_signature(),
    )
    rollup_increment()
    rates = fix_rates(ReportFilters(period=custom(date(2025, 3, 3), date(2025, 3, 3))))
    overall = rates["overall"]
    assert (overall["resolved"], overall["visited"], overall["first_time_fix"]) == (2, 2, 1)
    assert overall["first_time_fix_rate"] == 50.0
    assert fixed.number != again.number


def test_breached_now_counts_and_queue_link_select_exactly_those_tickets(people, client):
    with time_machine.travel(local(2025, 3, 3, 9, 0), tick=False):
        late = [new_ticket(people, channel="phone") for _n in range(3)]
        new_ticket(people, channel="web")
    now = local(2025, 3, 3, 9, 45)  # phone first response: 30 min; web: 1 h
    with time_machine.travel(now, tick=False):
        data = sla_dashboard(ReportFilters(period=custom(date(2025, 3, 3), date(2025, 3, 3))), now)
        row = next(r for r in data["live"] if r["metric"] == "first_response")
        assert row["breached"] == 3
        assert row["at_risk"] == 1  # the web ticket, due 10:00, inside the 2 h horizon
        client.force_login(people["manager"])
        page = client.get(row["breached_url"])
    assert page.status_code == 200
    numbers = {t.number for t in page.context["page"].object_list}
    assert numbers == {t.number for t in late}
