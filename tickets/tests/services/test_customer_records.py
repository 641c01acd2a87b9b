"""Issue 11 item 3 on the ticket side: a customer seen by one organisation is never
silently changed (or reached) by another; a refused ticket writes no customer."""

from __future__ import annotations

import pytest

from tickets.models import Customer, Ticket
from tickets.services import customer_find_or_create
from tickets.tests.factories import CustomerFactory, make_ticket
from tickets.tests.helpers import api_client_for

pytestmark = pytest.mark.django_db


def _post(user, **fields):  # type: ignore[no-untyped-def]
    body = {
        "customer": {"name": "王秀英", "phone": "13801234567", "address": "我写的地址"},
        "fault_description": "不制冷",
        "severity": "minor",
        **fields,
    }
    return api_client_for(user).post("/api/v1/tickets/", body, format="json")


def test_a_dealer_cannot_overwrite_or_read_another_organisations_customer(
    people, dealer_a, dealer_b_user
):
    # given a customer served by dealer A
    theirs = CustomerFactory(name="王秀英", phone="13801234567", address="甲方记录的地址")
    make_ticket(by=people["agent"], customer=theirs, assigned_organisation=dealer_a)

    # when dealer B registers a ticket for the same name and phone
    response = _post(dealer_b_user)

    # then B's ticket has a contact record of its own; A's customer is as it was
    assert response.status_code == 201
    theirs.refresh_from_db()
    assert theirs.address == "甲方记录的地址"
    ticket = Ticket.objects.get(number=response.json()["number"])
    assert ticket.customer_id != theirs.pk
    assert ticket.site_address == "我写的地址"
    listed = api_client_for(dealer_b_user).get("/api/v1/customers/").json()["results"]
    assert [c["address"] for c in listed] == ["我写的地址"]


def test_a_dealer_reuses_its_own_customer_and_the_new_address_stays_on_the_ticket(
    people, dealer_a, dealer_a_user
):
    ours = CustomerFactory(name="王秀英", phone="13801234567", address="旧地址")
    make_ticket(by=people["agent"], customer=ours, assigned_organisation=dealer_a)

    response = _post(dealer_a_user)

    assert response.status_code == 201
    ticket = Ticket.objects.get(number=response.json()["number"])
    assert ticket.customer_id == ours.pk
    assert ticket.site_address == "我写的地址"
    ours.refresh_from_db()
    assert ours.address == "旧地址"


def test_service_staff_keep_the_customer_master_up_to_date(people):
    known = CustomerFactory(name="王秀英", phone="13801234567", address="旧地址")

    found = customer_find_or_create(
        by=people["agent"], name="王秀英", phone="13801234567", address="新地址"
    )

    assert found.pk == known.pk
    known.refresh_from_db()
    assert known.address == "新地址"


def test_a_refused_ticket_writes_no_customer_and_changes_none(people):
    known = CustomerFactory(name="王秀英", phone="13801234567", address="旧地址")

    response = _post(people["agent"], received_at="2999-01-01T00:00:00Z")

    assert response.status_code == 400
    known.refresh_from_db()
    assert known.address == "旧地址"
    assert Customer.objects.count() == 1
