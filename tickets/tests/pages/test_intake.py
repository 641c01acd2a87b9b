"""Phone intake: the agent registers a call and sees the number to tell the caller."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tickets.models import Customer, Ticket
from tickets.tests.factories import CustomerFactory, make_ticket

pytestmark = pytest.mark.django_db

CALL = {
    "phone": "13801234567",
    "customer_name": "王秀英",
    "address": "上海市静安区南京西路 1266 号",
    "region_class": "urban",
    "serial_number": "SN-100",
    "product_model": "KFR-35GW",
    "fault_description": "空调不制冷",
    "severity": "major",
    "kind": "repair",
    "channel": "phone",
    "received_at": "2026-11-05T09:30",
}


@time_machine.travel(datetime(2026, 11, 5, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
def test_agent_registers_a_call_and_sees_the_number(client, people):
    client.force_login(people["agent"])

    response = client.post("/tickets/intake/", CALL, follow=True)

    ticket = Ticket.objects.get()
    assert ticket.number == "2611-000001"
    page = response.content.decode()
    assert "data-ticket-number>2611-000001<" in page
    assert "Tell the caller" in page
    assert ticket.customer.name == "王秀英"
    assert ticket.severity.code == "major"
    assert ticket.received_at == datetime(2026, 11, 5, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert ticket.events.get().actor == people["agent"]


def test_existing_customer_is_reused(client, people):
    customer = CustomerFactory(name="王秀英", phone="13801234567")
    client.force_login(people["agent"])

    client.post("/tickets/intake/", {**CALL, "customer_id": customer.pk, "received_at": ""})

    assert Customer.objects.count() == 1
    assert Ticket.objects.get().customer == customer


def test_missing_fields_show_form_errors(client, people):
    client.force_login(people["agent"])

    response = client.post("/tickets/intake/", {"phone": "12", "customer_name": ""})

    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) >= {"phone", "customer_name", "fault_description"}
    assert "This field is required." in response.content.decode()
    assert not Ticket.objects.exists()


@time_machine.travel(datetime(2026, 11, 5, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
def test_a_call_in_the_future_is_refused_on_the_form(client, people):
    client.force_login(people["agent"])

    response = client.post("/tickets/intake/", {**CALL, "received_at": "2026-11-06T10:00"})

    assert response.status_code == 400
    assert response.context["form"].errors["received_at"] == [
        "The time of the call cannot be in the future."
    ]
    assert not Customer.objects.filter(phone=CALL["phone"]).exists()  # nothing half-written


def test_errors_are_in_chinese_for_a_chinese_agent(client, people):
    client.force_login(people["agent"])

    response = client.post("/tickets/intake/", {"phone": ""}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert "该字段是必填项。" in response.content.decode()


def test_phone_lookup_shows_the_customer_and_recent_tickets(client, people):
    customer = CustomerFactory(name="李梅", phone="13722223333")
    ticket = make_ticket(by=people["agent"], customer=customer)
    client.force_login(people["agent"])

    data = client.get("/tickets/intake/lookup/?phone=137222").json()

    assert data["customers"][0]["name"] == "李梅"
    assert data["customers"][0]["tickets"][0]["number"] == ticket.number


def test_dealer_lookup_sees_only_its_own_customers(client, people, dealer_a, dealer_b_user):
    make_ticket(
        by=people["agent"],
        customer=CustomerFactory(phone="13722223333"),
        assigned_organisation=dealer_a,
    )
    client.force_login(dealer_b_user)

    assert client.get("/tickets/intake/lookup/?phone=137").json() == {"customers": []}


def test_technician_has_no_intake(client, people):
    client.force_login(people["technician"])

    assert client.get("/tickets/intake/").status_code == 403


def test_intake_page_has_the_warranty_panel(client, people):
    client.force_login(people["agent"])

    page = client.get("/tickets/intake/").content.decode()

    assert 'id="warranty-panel"' in page
    assert 'data-url="/api/v1/warranty/check/"' in page
    assert "js/intake.js" in page
