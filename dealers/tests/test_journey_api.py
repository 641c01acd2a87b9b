"""The claim journey through the REST API with token auth, as a dealer's own system would
drive it: no browser."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from rest_framework.test import APIClient

from dealers.models import WarrantyClaim
from dealers.tests.factories import claimable_unit
from tickets.actions import perform_action
from tickets.tests.factories import make_ticket

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def token_client(username: str) -> APIClient:
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"username": username, "password": "pw-123456"})
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def test_claim_journey_by_api(side_a, staff):
    with time_machine.travel(datetime(2025, 8, 4, 9, tzinfo=SH), tick=True):
        unit = claimable_unit(side_a["org"])
        ticket = make_ticket(by=staff["agent"], serial_number=unit.serial)
        perform_action(
            ticket=ticket,
            by=staff["agent"],
            action="forward",
            data={"assigned_organisation": side_a["org"].pk},
        )
        dealer = token_client(side_a["dealer"].username)
        arranged = dealer.post(
            f"/api/v1/tickets/{ticket.number}/transitions/",
            {"action": "arrange", "technician": side_a["tech"].pk, "customer_told": True},
            format="json",
        )
        assert arranged.status_code == 201
        perform_action(ticket=ticket, by=side_a["tech"], action="check_in", data={})

        technicians = dealer.get("/api/v1/technicians/").json()["results"]
        assert [t["technician"] for t in technicians] == [side_a["tech"].pk]
        record = dealer.post(
            "/api/v1/repair-records/",
            {
                "ticket": ticket.number,
                "technician": side_a["tech"].pk,
                "work_done": "更换主板",
                "labour_hours": "1.75",
                "travel_km": "8.0",
                "customer_signed_name": "王秀英",
                "parts": [
                    {
                        "part_number": "PCB-7",
                        "name": "主板",
                        "quantity": "1",
                        "unit_price": "310.00",
                        "tag_number": "T-9",
                    }
                ],
            },
            format="json",
        )
        assert record.status_code == 201, record.json()
        assert record.json()["parts"][0]["unit_price"] == "310.00"

        claim = dealer.post(
            "/api/v1/claims/", {"records": [record.json()["number"]], "submit": True}, format="json"
        )
        assert claim.status_code == 201, claim.json()
        body = claim.json()
        # 1.75 h × 40.00 + 310.00 + 8 km × 1.50
        assert (body["status"], body["claimed_total"]) == ("submitted", "392.00")
        cid = body["id"]
        shipped = dealer.post(
            f"/api/v1/claims/{cid}/transitions/",
            {"action": "ship_parts", "tracking_number": "YT88"},
            format="json",
        )
        assert shipped.json()["return_shipment"]["tags"] == ["T-9"]

        appraiser = token_client(staff["appraiser"].username)
        assert [
            a["action"] for a in appraiser.get(f"/api/v1/claims/{cid}/transitions/").json()
        ] == ["receive_parts", "add_note"]
        assert (
            appraiser.post(
                f"/api/v1/claims/{cid}/transitions/", {"action": "receive_parts"}, format="json"
            ).status_code
            == 201
        )
        part = next(line for line in shipped.json()["lines"] if line["kind"] == "part")
        appraised = appraiser.post(
            f"/api/v1/claims/{cid}/transitions/",
            {
                "action": "appraise",
                "genuine": True,
                "parts": [{"line": part["id"], "verdict": "scrap", "reason": "击穿"}],
            },
            format="json",
        )
        assert appraised.json()["status"] == "appraised"

        finance = token_client(staff["finance"].username)
        assert (
            finance.post(
                f"/api/v1/claims/{cid}/transitions/", {"action": "settle"}, format="json"
            ).status_code
            == 409
        )
        approved = finance.post(
            f"/api/v1/claims/{cid}/transitions/",
            {"action": "approve", "lines": [{"line": part["id"], "approved_amount": "300.00"}]},
            format="json",
        )
        assert (approved.json()["outcome"], approved.json()["approved_total"]) == (
            "partial",
            "382.00",
        )
        settled = finance.post(
            f"/api/v1/claims/{cid}/transitions/", {"action": "settle"}, format="json"
        )
        assert settled.json()["status"] == "settled"
        assert [e["code"] for e in settled.json()["events"]][-1] == "claim.settle"

    with time_machine.travel(datetime(2025, 10, 9, 9, tzinfo=SH), tick=True):
        finance = token_client(staff["finance"].username)
        statement = finance.post(
            "/api/v1/statements/",
            {"dealer": side_a["org"].pk, "year": 2025, "quarter": 3},
            format="json",
        )
        assert statement.status_code == 201, statement.json()
        assert statement.json()["total"] == "382.00"
        assert {e["kind"]: e["amount"] for e in statement.json()["ledger_entries"]} == {
            "deduction": "-382.00"
        }
        dealer = token_client(side_a["dealer"].username)
        mine = dealer.get("/api/v1/statements/").json()["results"]
        assert [s["number"] for s in mine] == [statement.json()["number"]]
        manager = token_client(staff["manager"].username)
        graded = manager.post(
            f"/api/v1/dealers/{side_a['org'].pk}/grade/", {"grade": "A"}, format="json"
        )
        assert graded.json()["grade"] == "A"
    assert WarrantyClaim.objects.get().approved_total == Decimal("382.00")
