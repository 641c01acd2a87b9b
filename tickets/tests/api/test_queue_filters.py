"""The ticket list API builds only the filters a request names (``QueueApiFilter``): the same
tickets in the same order as the queue page's full filter set, and the same 400s."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.http import QueryDict

from tickets.filters import QueueApiFilter, TicketFilter
from tickets.models import Ticket
from tickets.tests.factories import make_ticket, severity
from tickets.tests.helpers import api_client_for, walk

pytestmark = pytest.mark.django_db

QUERIES = [
    "",
    "status=forwarded&severity=major&ordering=-received_at",
    "status=registered&status=arranged",
    "open=false",
    "open=true&ordering=severity",
    "sla_state=none",
    "clock=breached&clock_metric=dispatch",
    "q=张&page=2",
    "mine=true",
]


@pytest.fixture
def queue(people):  # type: ignore[no-untyped-def]
    tickets = [make_ticket(by=people["agent"]) for _ in range(3)]
    tickets.append(make_ticket(by=people["agent"], severity=severity("major")))
    walk(tickets[0], people, to="arranged")
    walk(tickets[3], people, to="forwarded")
    return tickets


@pytest.mark.parametrize("query", QUERIES)
def test_the_api_filter_finds_what_the_queue_page_finds(people, queue, query):
    request = SimpleNamespace(user=people["supervisor"])
    data = QueryDict(query)
    full = TicketFilter(data, Ticket.objects.all(), request=request)
    lean = QueueApiFilter(data, Ticket.objects.all(), request=request)

    assert full.is_valid()
    assert lean.is_valid()
    assert list(lean.qs.values_list("number", flat=True)) == list(
        full.qs.values_list("number", flat=True)
    )
    assert set(lean.form.fields) == set(data) & set(TicketFilter.base_filters)


def test_a_bad_value_of_a_named_filter_is_a_400_naming_that_field(people, queue):
    client = api_client_for(people["supervisor"])

    response = client.get("/api/v1/tickets/?severity=nonsense&status=forwarded")

    assert response.status_code == 400
    assert set(response.json()) == {"severity"}
    assert client.get("/api/v1/tickets/?due_before=yesterday").json().keys() == {"due_before"}


def test_the_schema_still_lists_every_filter(people):
    schema = api_client_for(people["supervisor"]).get("/api/schema/?format=json").json()
    listing = schema["paths"]["/api/v1/tickets/"]["get"]["parameters"]
    assert set(TicketFilter.base_filters) <= {p["name"] for p in listing}
