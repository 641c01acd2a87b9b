"""The parts API: the same rules and scoping as the services; bad input is a 400 with field
messages, another dealer's store a 404."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from parts.models import StockLevel
from parts.tests.conftest import ticket_in_workshop

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_receipt_reservation_and_use_through_the_api(people, stores, part):
    keeper = api(people["storekeeper"])
    assert (
        keeper.post(
            "/api/v1/parts/receipts/",
            {"store": "WH", "part": "CMP-01", "quantity": 2},
            format="json",
        ).status_code
        == 201
    )
    ticket = ticket_in_workshop(people)
    tech = api(people["technician"])

    reserved = tech.post(
        "/api/v1/parts/reservations/",
        {"ticket": ticket.number, "part": "CMP-01", "quantity": 1},
        format="json",
    )
    assert reserved.status_code == 201, reserved.content
    assert reserved.json()["status"] == "reserved"
    used = tech.post(
        f"/api/v1/parts/reservations/{reserved.json()['id']}/consume/", {}, format="json"
    )
    assert used.status_code == 200
    assert used.json()["kind"] == "consumption"

    stock = keeper.get(f"/api/v1/parts/stores/{stores['warehouse'].pk}/stock/").json()
    assert [(row["part"], row["on_hand"], row["reserved"]) for row in stock] == [("CMP-01", 1, 0)]


def test_bad_input_is_a_400_with_field_messages(people, stores, part):
    keeper = api(people["storekeeper"])
    response = keeper.post(
        "/api/v1/parts/receipts/", {"store": "WH", "part": "NOPE", "quantity": 0}, format="json"
    )
    assert response.status_code == 400
    assert "quantity" in response.json()
    response = keeper.post(
        "/api/v1/parts/receipts/", {"store": "WH", "part": "NOPE", "quantity": 1}, format="json"
    )
    assert response.status_code == 400
    assert "part" in response.json()


def test_a_dealer_sees_only_its_own_store(people, stores, part):
    dealer = api(people["dealer"])
    codes = [row["code"] for row in dealer.get("/api/v1/parts/stores/").json()["results"]]
    assert codes == ["OUT1"]
    assert dealer.get(f"/api/v1/parts/stores/{stores['other'].pk}/").status_code == 404
    refused = dealer.post(
        "/api/v1/parts/receipts/", {"store": "OUT2", "part": "CMP-01", "quantity": 1}, format="json"
    )
    assert refused.status_code == 400
    assert "store" in refused.json()
    assert not StockLevel.objects.filter(store=stores["other"]).exists()


def test_transfer_request_ship_receive_through_the_api(people, stores, part):
    api(people["storekeeper"]).post(
        "/api/v1/parts/receipts/", {"store": "WH", "part": "CMP-01", "quantity": 3}, format="json"
    )
    dealer = api(people["dealer"])
    created = dealer.post(
        "/api/v1/parts/transfers/",
        {"from_store": "WH", "to_store": "OUT1", "lines": [{"part": "CMP-01", "quantity": 2}]},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert dealer.post(f"/api/v1/parts/transfers/{pk}/ship/", {}, format="json").status_code == 403
    keeper = api(people["storekeeper"])
    assert keeper.post(f"/api/v1/parts/transfers/{pk}/ship/", {}, format="json").status_code == 200
    assert dealer.post(f"/api/v1/parts/transfers/{pk}/receive/").json()["status"] == "received"
    assert api(people["other_dealer"]).get(f"/api/v1/parts/transfers/{pk}/").status_code == 404
