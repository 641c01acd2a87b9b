"""Issue 11 items 2 and 3 on the warranty side: a unit is reached only through the user's
scope (ticket creation as the warranty check), and a refused unit registration writes no
customer and changes none."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tickets.models import Customer, Ticket
from tickets.tests.factories import CustomerFactory
from warranty.models import Unit
from warranty.tests.factories import ProductModelFactory, UnitFactory

pytestmark = pytest.mark.django_db

TICKETS = "/api/v1/tickets/"
UNITS = "/api/v1/warranty/units/"


@pytest.fixture
def now(time_machine):
    time_machine.move_to(datetime(2026, 3, 10, 4, 0, tzinfo=UTC))


@pytest.fixture
def others_unit(dealer_b, now):
    """A unit sold by dealer B last month, in warranty."""
    return UnitFactory(serial="B-SOLD-1", selling_dealer=dealer_b, sale_date=date(2026, 2, 1))


def test_dealer_posting_another_dealers_serial_sees_no_warranty_and_gets_no_link(
    api, dealer_user, others_unit
):
    # given the warranty check hides the unit from dealer A
    check = api(dealer_user).get("/api/v1/warranty/check/", {"serial": "B-SOLD-1"})
    assert check.status_code == 404

    # when dealer A registers a ticket naming that serial
    response = api(dealer_user).post(
        TICKETS,
        {
            "customer": {"name": "张三", "phone": "13900001111"},
            "fault_description": "不制冷",
            "severity": "minor",
            "serial_number": "B-SOLD-1",
        },
        format="json",
    )

    # then the ticket is registered as for an unknown serial: no unit, no decision shown
    assert response.status_code == 201
    body = response.json()
    assert body["entitlement"] == {}
    assert body["service_type"] == "A"
    ticket = Ticket.objects.get(number=body["number"])
    assert ticket.unit_id is None
    assert ticket.entitlement == {}


def test_dealer_posting_its_own_serial_gets_the_decision(api, dealer_user, dealer_a, now):
    UnitFactory(serial="A-SOLD-1", selling_dealer=dealer_a, sale_date=date(2026, 2, 1))

    response = api(dealer_user).post(
        TICKETS,
        {
            "customer": {"name": "张三", "phone": "13900001111"},
            "fault_description": "不制冷",
            "severity": "minor",
            "serial_number": "A-SOLD-1",
        },
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["entitlement"]["covered"] is True
    assert response.json()["service_type"] == "C"


def test_correcting_the_serial_to_another_dealers_unit_links_nothing(
    api, dealer_user, dealer_a, others_unit
):
    created = api(dealer_user).post(
        TICKETS,
        {
            "customer": {"name": "张三", "phone": "13900001111"},
            "fault_description": "不制冷",
            "severity": "minor",
        },
        format="json",
    )
    number = created.json()["number"]

    response = api(dealer_user).patch(
        f"{TICKETS}{number}/", {"serial_number": "B-SOLD-1"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["entitlement"] == {}
    assert Ticket.objects.get(number=number).unit_id is None


def _register(client, **fields):  # type: ignore[no-untyped-def]
    body = {
        "serial": "NEW-1",
        "model": ProductModelFactory(code="M-REG").code,
        "customer_name": "王秀英",
        "customer_phone": "13801234567",
        "customer_address": "新地址 1 号",
        "sale_date": "2026-03-01",
        **fields,
    }
    return client.post(UNITS, body, format="json")


@pytest.mark.parametrize(
    "refusal",
    [
        {"serial": "TAKEN-1"},  # a duplicate serial
        {"sale_date": "2026-04-01"},  # a sale in the future
        {"selling_dealer": "D-B"},  # another dealer's sale
    ],
)
def test_a_refused_registration_writes_no_customer_and_changes_none(
    api, dealer_user, dealer_a, dealer_b, now, refusal
):
    # given a customer of dealer A's (a unit it sold) and a serial already taken
    known = CustomerFactory(name="王秀英", phone="13801234567", address="旧地址")
    UnitFactory(serial="OLD-1", selling_dealer=dealer_a, customer=known)
    UnitFactory(serial="TAKEN-1")
    before = Customer.objects.count()

    response = _register(api(dealer_user), **refusal)

    assert response.status_code == 400
    assert Customer.objects.count() == before
    known.refresh_from_db()
    assert known.address == "旧地址"
    assert not Unit.objects.filter(serial="NEW-1").exists()


def test_a_dealer_never_changes_a_customer_of_another_organisation(api, dealer_user, dealer_b, now):
    # given a customer dealer B sold to; dealer A has never served them
    theirs = CustomerFactory(name="王秀英", phone="13801234567", address="乙方的地址")
    UnitFactory(serial="B-1", selling_dealer=dealer_b, customer=theirs)

    # when dealer A registers a sale to someone of the same name and phone
    response = _register(api(dealer_user))

    # then a new contact record is made; B's customer is neither changed nor reached
    assert response.status_code == 201
    theirs.refresh_from_db()
    assert theirs.address == "乙方的地址"
    unit = Unit.objects.get(serial="NEW-1")
    assert unit.customer_id != theirs.pk
    assert unit.customer.address == "新地址 1 号"


def test_a_dealer_reuses_its_own_customer_without_changing_the_record(
    api, dealer_user, dealer_a, now
):
    ours = CustomerFactory(name="王秀英", phone="13801234567", address="旧地址")
    UnitFactory(serial="A-1", selling_dealer=dealer_a, customer=ours)

    response = _register(api(dealer_user), site_address="")

    assert response.status_code == 201
    unit = Unit.objects.get(serial="NEW-1")
    assert unit.customer_id == ours.pk
    ours.refresh_from_db()
    assert ours.address == "旧地址"


def test_service_staff_update_the_customer_master(api, agent, now):
    known = CustomerFactory(name="王秀英", phone="13801234567", address="旧地址")

    response = _register(api(agent))

    assert response.status_code == 201
    known.refresh_from_db()
    assert known.address == "新地址 1 号"
    assert Unit.objects.get(serial="NEW-1").customer_id == known.pk
