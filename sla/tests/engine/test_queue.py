"""The queue sorts by nearest SLA due time, badges each row, filters by SLA state and due time."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from sla.sweep import sla_sweep
from sla.tests.engine.conftest import forward, local, new_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(people, clock):
    late = new_ticket(people)  # first response due 10:00
    forward(people, late)
    clock.move_to(local(2025, 3, 3, 9, 30))
    later = new_ticket(people)  # due 10:30
    clock.move_to(local(2025, 3, 3, 10, 15))
    sla_sweep()
    return late, later


def test_queue_puts_the_nearest_due_first_with_a_red_badge(client, people, three):
    late, later = three
    client.force_login(people["supervisor"])

    page = client.get("/tickets/").content.decode()

    assert page.index(late.number) < page.index(later.number)
    assert 'data-sla-state="breached"' in page
    assert "sla-breached" in page


def test_queue_filters_by_sla_state_and_due_time(client, people, three):
    late, later = three
    client.force_login(people["supervisor"])

    breached = client.get("/tickets/?sla_state=breached").content.decode()
    due_after = client.get("/tickets/?due_after=2025-03-03T10:20").content.decode()

    assert late.number in breached
    assert later.number not in breached
    assert later.number in due_after
    assert late.number not in due_after


def test_ticket_list_api_filters_by_sla(people, three):
    late, later = three
    api = APIClient()
    api.force_authenticate(people["supervisor"])

    body = api.get("/api/v1/tickets/", {"sla_state": "breached"}).json()
    before = api.get("/api/v1/tickets/", {"due_before": "2025-03-03T10:20:00+08:00"}).json()

    assert [t["number"] for t in body["results"]] == [late.number]
    assert body["results"][0]["sla_state"] == "breached"
    assert [t["number"] for t in before["results"]] == [late.number]


def test_ticket_page_shows_the_sla_panel(client, people, three):
    late, _ = three
    client.force_login(people["supervisor"])

    page = client.get(f"/tickets/{late.number}/").content.decode()

    assert 'id="sla"' in page
    assert 'data-metric="dispatch"' in page
    assert "Why due then?" in page
