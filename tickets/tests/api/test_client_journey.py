"""A client system registers a ticket and drives it to closed over the API, as a client would."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tickets.models import Customer
from tickets.signatures import sample_signature

pytestmark = pytest.mark.django_db


def _token(username: str) -> APIClient:
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/", {"username": username, "password": "pw-123456"}, format="json"
    )
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def _do(client: APIClient, number: str, action: str, **fields):  # type: ignore[no-untyped-def]
    response = client.post(
        f"/api/v1/tickets/{number}/transitions/", {"action": action, **fields}, format="json"
    )
    assert response.status_code == 201, response.json()
    return response.json()


def test_create_transition_resolve_and_close_over_the_api(people):
    agent, supervisor, technician = (_token(u) for u in ("t_agent", "t_supervisor", "t_technician"))

    created = agent.post(
        "/api/v1/tickets/",
        {
            "customer": {
                "name": "王秀英",
                "phone": "13801234567",
                "address": "上海市静安区",
                "region_class": "urban",
            },
            "fault_description": "空调不制冷",
            "severity": "major",
            "serial_number": "SN-1",
            "product_model": "KFR-35GW",
            "channel": "api",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    number = created.json()["number"]
    assert created.json()["status"] == "registered"
    assert created.json()["customer"]["name"] == "王秀英"

    available = agent.get(f"/api/v1/tickets/{number}/transitions/").json()
    forward = next(a for a in available if a["action"] == "forward")
    assert [f["name"] for f in forward["fields"]] == ["note", "public", "assigned_organisation"]

    org = created.json()["assigned_organisation"]["id"]
    _do(agent, number, "forward", assigned_organisation=org)
    _do(supervisor, number, "arrange", technician=people["technician"].pk, customer_told=True)
    _do(supervisor, number, "check")
    _do(technician, number, "check_in")
    _do(
        technician,
        number,
        "add_part",
        part_number="P-1",
        name="电容",
        quantity="1",
        unit_price="35",
    )
    _do(technician, number, "add_labour", hours="2")
    resolved = _do(
        technician,
        number,
        "resolve",
        signed_by_name="王秀英",
        signature=sample_signature(),
        comment="满意",
    )
    assert resolved["ticket"]["status"] == "resolved"
    _do(agent, number, "return_visit", attitude=4, skill=4, arrival=4, promise=4)
    closed = _do(agent, number, "close", note="结案")

    assert closed["ticket"]["status"] == "closed"
    assert closed["ticket"]["parts"][0]["name"] == "电容"
    events = agent.get(f"/api/v1/tickets/{number}/events/").json()
    assert [e["code"] for e in events][0] == "ticket.created"
    assert events[-1]["code"] == "ticket.close"
    assert events[-1]["label"] == "Closed"


def test_illegal_transition_is_409_with_a_message(people):
    agent = _token("t_agent")
    number = agent.post(
        "/api/v1/tickets/",
        {
            "customer": {"name": "李梅", "phone": "13722223333"},
            "fault_description": "漏水",
            "severity": "minor",
        },
        format="json",
    ).json()["number"]

    response = agent.post(
        f"/api/v1/tickets/{number}/transitions/", {"action": "close"}, format="json"
    )

    assert response.status_code == 409
    assert "not allowed" in response.json()["detail"][0]
    assert response.json()["code"] == "illegal_transition"


def test_role_without_the_action_is_403(people):
    agent, technician = _token("t_agent"), _token("t_technician")
    number = agent.post(
        "/api/v1/tickets/",
        {
            "customer": {"name": "李梅", "phone": "13722223333"},
            "fault_description": "漏水",
            "severity": "minor",
        },
        format="json",
    ).json()["number"]

    response = technician.post(
        f"/api/v1/tickets/{number}/transitions/", {"action": "cancel", "reason": "x"}, format="json"
    )

    assert response.status_code == 403


def test_missing_fields_are_400_per_field_in_the_requests_language(people):
    agent, supervisor = _token("t_agent"), _token("t_supervisor")
    created = agent.post(
        "/api/v1/tickets/",
        {
            "customer": {"name": "李梅", "phone": "13722223333"},
            "fault_description": "漏水",
            "severity": "minor",
        },
        format="json",
    ).json()
    _do(
        agent,
        created["number"],
        "forward",
        assigned_organisation=created["assigned_organisation"]["id"],
    )

    english = supervisor.post(
        f"/api/v1/tickets/{created['number']}/transitions/", {"action": "arrange"}, format="json"
    )
    chinese = supervisor.post(
        f"/api/v1/tickets/{created['number']}/transitions/",
        {"action": "arrange"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert english.status_code == chinese.status_code == 400
    assert english.json()["technician"] == ["This field is required."]
    assert chinese.json()["technician"] == ["该字段是必填项。"]
    assert "customer_told" in english.json()


def test_create_validation_errors_are_per_field(people):
    agent = _token("t_agent")

    response = agent.post(
        "/api/v1/tickets/",
        {"customer": {"name": ""}, "severity": "nope"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    body = response.json()
    assert set(body) >= {"customer", "severity", "fault_description"}
    assert body["fault_description"] == ["该字段是必填项。"]


def test_partial_update_changes_descriptive_fields_only(people):
    agent = _token("t_agent")
    number = agent.post(
        "/api/v1/tickets/",
        {
            "customer": {"name": "李梅", "phone": "13722223333"},
            "fault_description": "漏水",
            "severity": "minor",
        },
        format="json",
    ).json()["number"]

    response = agent.patch(
        f"/api/v1/tickets/{number}/",
        {"product_model": "KFR-72LW", "status": "closed"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["product_model"] == "KFR-72LW"
    assert response.json()["status"] == "registered"


def test_customers_and_severities(people):
    agent = _token("t_agent")

    created = agent.post(
        "/api/v1/customers/",
        {"name": "陈国强", "phone": "13533334444", "region_class": "surrounding"},
        format="json",
    )
    listed = agent.get("/api/v1/customers/?phone=1353")
    severities = agent.get("/api/v1/fault-severities/")

    assert created.status_code == 201
    assert listed.json()["results"][0]["name"] == "陈国强"
    assert [s["code"] for s in severities.json()] == ["critical", "major", "minor", "slight"]


def test_technician_may_not_register_customers(people):
    technician = _token("t_technician")

    response = technician.post(
        "/api/v1/customers/", {"name": "x", "phone": "123456"}, format="json"
    )

    assert response.status_code == 403


def test_a_refused_registration_leaves_no_new_customer_behind(people):
    agent = _token(people["agent"].username)
    tomorrow = (timezone.now() + timedelta(days=1)).isoformat()

    response = agent.post(
        "/api/v1/tickets/",
        {
            "customer": {"name": "赵敏", "phone": "13600001111"},
            "fault_description": "漏水",
            "severity": "minor",
            "received_at": tomorrow,
        },
        format="json",
    )

    assert response.status_code == 400
    assert "received_at" in response.json()
    assert not Customer.objects.filter(phone="13600001111").exists()
