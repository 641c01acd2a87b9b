"""The queue: filters, sorting, paging, scoping and a constant number of queries."""

from __future__ import annotations

import pytest

from tickets.tests.factories import CustomerFactory, make_ticket, severity
from tickets.tests.helpers import walk

pytestmark = pytest.mark.django_db


def _numbers(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [t.number for t in response.context["page"].object_list]


def test_filters_by_status_severity_and_text(client, people):
    major = make_ticket(
        by=people["agent"],
        severity=severity("major"),
        customer=CustomerFactory(name="张建华", phone="13611112222"),
    )
    make_ticket(by=people["agent"], severity=severity("minor"))
    walk(major, people, to="forwarded")
    client.force_login(people["agent"])

    assert _numbers(client.get("/tickets/?status=forwarded")) == [major.number]
    assert _numbers(client.get("/tickets/?severity=major")) == [major.number]
    assert _numbers(client.get("/tickets/?q=张建")) == [major.number]
    assert _numbers(client.get("/tickets/?q=1361111")) == [major.number]


def test_mine_shows_the_technicians_jobs(client, people):
    mine = walk(make_ticket(by=people["agent"]), people, to="arranged")
    make_ticket(by=people["agent"])
    client.force_login(people["technician"])

    assert _numbers(client.get("/tickets/?mine=true")) == [mine.number]


def test_sorting_by_severity_header(client, people):
    slight = make_ticket(by=people["agent"], severity=severity("slight"))
    critical = make_ticket(by=people["agent"], severity=severity("critical"))
    client.force_login(people["agent"])

    page = client.get("/tickets/?ordering=severity")

    assert _numbers(page) == [critical.number, slight.number]
    assert "ordering=-severity" in page.content.decode()


def test_paging_by_fifty(client, people):
    customer = CustomerFactory()
    for _ in range(51):
        make_ticket(by=people["agent"], customer=customer)
    client.force_login(people["agent"])

    first, second = client.get("/tickets/"), client.get("/tickets/?page=2")

    assert len(_numbers(first)) == 50
    assert len(_numbers(second)) == 1


def test_dealer_sees_only_its_organisation(client, people, dealer_a, dealer_b, dealer_b_user):
    make_ticket(by=people["agent"], assigned_organisation=dealer_a)
    own = make_ticket(by=people["agent"], assigned_organisation=dealer_b)
    client.force_login(dealer_b_user)

    assert _numbers(client.get("/tickets/")) == [own.number]
    assert _numbers(client.get(f"/tickets/?organisation={dealer_a.pk}")) == [own.number]


def test_queue_page_query_count_is_constant(client, people, django_assert_max_num_queries):
    client.force_login(people["supervisor"])
    for _ in range(3):
        walk(make_ticket(by=people["agent"]), people, to="arranged")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/tickets/?ordering=-received_at")
    for _ in range(30):
        walk(make_ticket(by=people["agent"]), people, to="arranged")

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/tickets/?ordering=-received_at")
    assert len(_numbers(response)) == 33


def test_yes_no_filters_offer_all_not_unknown_and_still_filter(client, people):
    make_ticket(by=people["agent"])
    client.force_login(people["agent"])
    client.cookies["django_language"] = "zh-hans"

    page = client.get("/tickets/").content.decode()
    chosen = client.get("/tickets/?open=true")

    assert "未知" not in page
    assert '<option value="" selected>全部</option>' in page
    assert len(_numbers(chosen)) == 1
