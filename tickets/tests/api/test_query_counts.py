"""The list API costs the same number of queries for 3 tickets as for 40."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from tickets.actions import perform_action
from tickets.api import pagination
from tickets.tests.factories import make_ticket
from tickets.tests.helpers import api_client_for

pytestmark = pytest.mark.django_db


def _make(n: int, people) -> None:  # type: ignore[no-untyped-def]
    for _ in range(n):
        ticket = make_ticket(by=people["agent"])
        perform_action(
            ticket=ticket,
            by=people["agent"],
            action="forward",
            data={"assigned_organisation": ticket.assigned_organisation_id},
        )
        perform_action(
            ticket=ticket,
            by=people["supervisor"],
            action="arrange",
            data={"technician": UserFactory(roles=["technician"]).pk, "customer_told": True},  # type: ignore[attr-defined]
        )


def _count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_api_query_count_does_not_grow_with_tickets(people):
    client = api_client_for(people["supervisor"])
    url = "/api/v1/tickets/?status=arranged&severity=minor&ordering=-received_at"
    _make(3, people)
    few = _count(client, url)

    _make(40, people)
    many = _count(client, url)

    assert few == many


def test_list_api_stays_within_a_small_budget(people, django_assert_max_num_queries):
    _make(5, people)
    client = api_client_for(people["supervisor"])

    with django_assert_max_num_queries(6):
        client.get("/api/v1/tickets/?status=arranged&ordering=-severity")


def test_only_the_page_rows_join_what_a_row_shows(people, monkeypatch):
    monkeypatch.setattr(pagination.QueuePagination, "page_size", 2)
    _make(5, people)
    client = api_client_for(people["supervisor"])

    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/api/v1/tickets/?status=arranged&ordering=-received_at").json()["next"]

    statements = [q["sql"] for q in ctx.captured_queries if "tickets_ticket" in q["sql"]]
    ids, rows, count = statements[-3:]
    assert "COUNT(" in count
    assert "JOIN" not in ids
    assert "JOIN" not in count
    assert "JOIN" in rows  # customer, severity, region, organisation, technician
