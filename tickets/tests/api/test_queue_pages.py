"""The queue API's pages (``tickets.api.pagination``): the count stops at a limit and every
page stays reachable (the rows themselves: ``test_output_rows``)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tickets.api import pagination
from tickets.tests.factories import make_ticket
from tickets.tests.helpers import api_client_for, walk

pytestmark = pytest.mark.django_db

URL = "/api/v1/tickets/?ordering=number"


@pytest.fixture
def two_a_page(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pagination.QueuePagination, "page_size", 2)


@pytest.fixture
def five(people):  # type: ignore[no-untyped-def]
    tickets = [make_ticket(by=people["agent"]) for _ in range(5)]
    walk(tickets[0], people, to="arranged")
    return sorted(t.number for t in tickets)


def _get(client, url):  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def test_an_exact_count_with_links(people, five, two_a_page):
    client = api_client_for(people["supervisor"])
    first = _get(client, URL)
    assert (first["count"], first["count_exact"], first["previous"]) == (5, True, None)
    assert [row["number"] for row in first["results"]] == five[:2]
    second = _get(client, first["next"])
    assert [row["number"] for row in second["results"]] == five[2:4]
    assert second["previous"].endswith("?ordering=number")
    last = _get(client, second["next"])
    assert ([row["number"] for row in last["results"]], last["next"]) == (five[4:], None)
    assert last["count"] == 5
    assert _get(client, URL + "&page=last")["results"] == last["results"]


def test_beyond_the_limit_the_count_says_so_and_pages_go_on(people, five, two_a_page, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 3)
    client = api_client_for(people["supervisor"])
    first = _get(client, URL)
    assert (first["count"], first["count_exact"]) == (3, False)
    third = _get(client, URL + "&page=3")
    assert [row["number"] for row in third["results"]] == five[4:]
    assert (third["count"], third["count_exact"], third["next"]) == (5, True, None)
    assert _get(client, URL + "&page=last")["results"] == third["results"]


@pytest.mark.parametrize("page", ["0", "-1", "abc", "2.5", "4"])
def test_a_page_that_is_not_there_is_404(people, five, two_a_page, page):
    client = api_client_for(people["supervisor"])
    assert client.get(URL + f"&page={page}").status_code == 404


def test_a_first_page_that_is_not_full_counts_nothing(people, five):
    client = api_client_for(people["supervisor"])
    client.get(URL)  # the token's principal cached
    with CaptureQueriesContext(connection) as ctx:
        body = _get(client, URL)
    assert (body["count"], body["count_exact"]) == (5, True)
    assert not [q for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]


def test_the_schema_documents_the_bounded_count(people):
    client = api_client_for(people["supervisor"])
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    page = schema["components"]["schemas"]["PaginatedTicketListList"]
    assert "count_exact" in page["required"]
    assert str(pagination.COUNT_LIMIT) in page["properties"]["count"]["description"]
