"""The API gives a clock's used and remaining business time as they are when it is read, and
says which instant that is; a list of clocks costs the same few queries whatever its length."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.tests.factories import OrganisationFactory, UserFactory
from sla.models import SlaClock
from sla.tests.engine.conftest import local, new_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(people):
    client = APIClient()
    client.force_authenticate(people["supervisor"])
    return client


def first_response(body):
    return next(c for c in body if c["metric"] == "first_response")


def test_clock_list_gives_live_values_not_the_stored_snapshot(api, people, clock):
    ticket = new_ticket(people)  # 09:00, first response within 1 h (24×7)
    clock.move_to(local(2025, 3, 3, 9, 40))  # nothing written since

    body = api.get("/api/v1/sla-clocks/").json()["results"]

    row = first_response([r for r in body if r["ticket"] == ticket.number])
    assert (row["used_seconds"], row["remaining_seconds"]) == (40 * 60, 20 * 60)
    assert row["state"] == "running"
    assert row["as_of"] == "2025-03-03T09:40:00+08:00"
    stored = SlaClock.objects.get(ticket=ticket, metric="first_response")
    assert (stored.used_seconds, stored.remaining_seconds) == (0, 3600)  # the snapshot


def test_a_clock_past_due_is_live_breached_before_any_sweep(api, people, clock):
    new_ticket(people)
    clock.move_to(local(2025, 3, 3, 10, 30))

    row = first_response(api.get("/api/v1/sla-clocks/").json()["results"])

    assert row["state"] == "breached"
    assert row["remaining_seconds"] == -30 * 60


def test_ticket_sla_api_says_which_instant_its_values_describe(api, people, clock):
    ticket = new_ticket(people)
    clock.move_to(local(2025, 3, 3, 9, 15))

    body = api.get(f"/api/v1/tickets/{ticket.number}/sla/").json()

    row = first_response(body["clocks"])
    assert row["as_of"] == "2025-03-03T09:15:00+08:00"
    assert row["used_seconds"] == 15 * 60


def test_clock_list_queries_do_not_grow_with_the_rows(api, people, clock):
    new_ticket(people)
    api.get("/api/v1/sla-clocks/")  # warm the per-process caches of targets and calendars
    with CaptureQueriesContext(connection) as one:
        assert len(api.get("/api/v1/sla-clocks/").json()["results"]) >= 1
    for _ in range(5):
        new_ticket(people)

    with CaptureQueriesContext(connection) as six:
        rows = api.get("/api/v1/sla-clocks/").json()["results"]

    assert len(rows) >= 6
    assert len(six.captured_queries) == len(one.captured_queries)


def test_clock_list_is_scoped_and_filters(api, people, clock):
    new_ticket(people)
    outsider = APIClient()
    outsider.force_authenticate(
        UserFactory(organisation=OrganisationFactory(code="D-Z"), roles=["dealer"])
    )

    assert outsider.get("/api/v1/sla-clocks/").json()["results"] == []
    rows = api.get("/api/v1/sla-clocks/?metric=on_site").json()["results"]
    assert rows
    assert {r["metric"] for r in rows} == {"on_site"}


def test_a_row_clock_turns_urgent_at_its_targets_share_of_time_left(people, clock):
    from sla.live import row_clocks
    from sla.models import SlaTarget

    ticket = new_ticket(people)  # 09:00, first response within 1 h (24×7)
    now = local(2025, 3, 3, 9, 10)

    (row,) = row_clocks([ticket], ["first_response"], now)[ticket.pk]
    assert (row.due_at, row.urgent_at) == (local(2025, 3, 3, 10, 0), local(2025, 3, 3, 9, 45))

    target = SlaClock.objects.get(ticket=ticket, metric="first_response").target
    SlaTarget.objects.filter(pk=target.pk).update(urgent_percent=50)  # the administrator's rule
    (row,) = row_clocks([ticket], ["first_response"], now)[ticket.pk]
    assert row.urgent_at == local(2025, 3, 3, 9, 30)


def test_the_dispatch_boards_clocks_cost_the_same_queries_for_one_or_many_tickets(
    client, people, clock
):
    from sla.tests.engine.conftest import forward

    client.force_login(people["supervisor"])
    forward(people, new_ticket(people))
    with CaptureQueriesContext(connection) as one:
        body = client.get("/tickets/dispatch/clocks.json").json()
    assert [c["metric"] for c in next(iter(body["tickets"].values()))][:1] == ["dispatch"]

    for _n in range(3):
        forward(people, new_ticket(people))
    with CaptureQueriesContext(connection) as four:
        body = client.get("/tickets/dispatch/clocks.json").json()
    assert len(body["tickets"]) == 4
    assert len(four) == len(one)
