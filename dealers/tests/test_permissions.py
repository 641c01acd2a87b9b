"""The permission matrix: for every dealer-facing page and endpoint, dealer A gets 404 or
403 for dealer B's objects and never changes another organisation's data; bad input is a
400 or a form error, never a 500."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from dealers.models import (
    ClaimEvent,
    DealerAssessment,
    DealerEvent,
    PartsShipment,
    ReceivableLedgerEntry,
    RepairRecord,
    TechnicianCertificate,
    WarrantyClaim,
)
from dealers.services.assessment import assessments_compute, assessments_publish
from dealers.services.claims import claim_transition
from dealers.services.settlement import statement_issue
from dealers.services.shipments import shipment_request
from dealers.tests.factories import claim_through, new_claim
from tickets.actions import perform_action
from tickets.models import Ticket, TicketEvent
from tickets.tests.factories import make_ticket

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def world(side_a, side_b, staff):
    """Each dealer with a settled claim on an issued notice, a submitted claim, a shipment,
    a forwarded ticket and a published assessment."""
    out = {}
    with time_machine.travel(datetime(2025, 5, 6, 10, tzinfo=SH), tick=True):
        for key, side in (("a", side_a), ("b", side_b)):
            settled = claim_through(new_claim(side, staff), staff, side, to="settled")
            open_claim = new_claim(side, staff)
            claim_transition(claim=open_claim, by=side["dealer"], action="submit")
            ticket = make_ticket(by=staff["agent"])
            perform_action(
                ticket=ticket,
                by=staff["agent"],
                action="forward",
                data={"assigned_organisation": side["org"].pk},
            )
            shipment = shipment_request(
                by=side["dealer"],
                dealer=side["org"],
                items=[{"part_number": "P", "name": "件", "quantity": "1"}],
            )
            out[key] = {
                "side": side,
                "settled": settled,
                "claim": open_claim,
                "ticket": ticket,
                "record": open_claim.records.get(),
                "shipment": shipment,
                "certificate": TechnicianCertificate.objects.get(technician=side["tech"]),
            }
    with time_machine.travel(datetime(2025, 7, 3, 10, tzinfo=SH), tick=True):
        for key in ("a", "b"):
            out[key]["statement"] = statement_issue(
                by=staff["finance"], dealer=out[key]["side"]["org"], year=2025, quarter=2
            )
        assessments_compute()
        assessments_publish()
    for key in ("a", "b"):
        out[key]["assessment"] = DealerAssessment.objects.get(dealer=out[key]["side"]["org"])
    return out


def b_state(world) -> dict:  # type: ignore[no-untyped-def]
    b = world["b"]
    org = b["side"]["org"]
    return {
        "claims": sorted(
            WarrantyClaim.objects.filter(dealer=org).values_list(
                "pk", "status", "approved_total", "statement_id"
            )
        ),
        "claim_events": ClaimEvent.objects.filter(claim__dealer=org).count(),
        "records": RepairRecord.objects.filter(dealer=org).count(),
        "shipments": sorted(PartsShipment.objects.filter(dealer=org).values_list("pk", "status")),
        "tickets": sorted(
            Ticket.objects.filter(assigned_organisation=org).values_list(
                "pk", "status", "technician_id"
            )
        ),
        "ticket_events": TicketEvent.objects.filter(ticket__assigned_organisation=org).count(),
        "certificates": TechnicianCertificate.objects.filter(dealer=org).count(),
        "ledger": ReceivableLedgerEntry.objects.filter(dealer=org).count(),
        "dealer_events": DealerEvent.objects.filter(dealer=org).count(),
        "grade": org.dealer_profile.grade,
    }


PAGES_GET = [
    "/dealers/records/{record}/",
    "/dealers/claims/{claim}/",
    "/dealers/claims/{settled}/",
    "/dealers/statements/{statement}/",
    "/dealers/statements/{statement}/notice.xlsx",
    "/dealers/records/new/{ticket}/",
]
PAGES_POST = [
    ("/dealers/claims/{claim}/act/", {"action": "add_note", "note": "x"}),
    ("/dealers/claims/{claim}/act/", {"action": "ship_parts", "tracking_number": "X"}),
    ("/dealers/shipments/{shipment}/act/", {"action": "deliver"}),
    ("/dealers/tickets/{ticket}/arrange/", {"technician": "{a_tech}"}),
    ("/dealers/records/new/{ticket}/", {"technician": "{a_tech}"}),
    ("/dealers/assessment/grade/{org}/", {"grade": "A"}),
    ("/dealers/claims/new/", {"records": "{record}"}),
    ("/dealers/statements/", {"dealer": "{org}", "year": "2025", "quarter": "2"}),
    ("/dealers/assessment/", {"do": "publish"}),
]
API_GET = [
    "/api/v1/repair-records/{record}/",
    "/api/v1/claims/{claim}/",
    "/api/v1/claims/{claim}/transitions/",
    "/api/v1/shipments/{shipment}/",
    "/api/v1/statements/{statement}/",
    "/api/v1/dealers/{org}/",
    "/api/v1/technicians/{certificate}/",
    "/api/v1/assessments/{assessment}/",
]
API_POST = [
    ("/api/v1/claims/{claim}/transitions/", {"action": "add_note", "note": "x"}),
    ("/api/v1/claims/{claim}/transitions/", {"action": "cancel"}),
    ("/api/v1/shipments/{shipment}/transitions/", {"action": "deliver"}),
    ("/api/v1/dealers/{org}/grade/", {"grade": "A"}),
    (
        "/api/v1/repair-records/",
        {
            "ticket": "{ticket}",
            "technician": "{a_tech}",
            "work_done": "x",
            "labour_hours": "1",
            "customer_signed_name": "王",
        },
    ),
    (
        "/api/v1/repair-records/",
        {
            "ticket": "{ticket}",
            "technician": "{b_tech}",
            "work_done": "x",
            "labour_hours": "1",
            "customer_signed_name": "王",
        },
    ),
    ("/api/v1/claims/", {"records": ["{record_number}"], "submit": True}),
    (
        "/api/v1/technicians/",
        {
            "technician": "{b_tech}",
            "number": "FAKE-1",
            "valid_from": "2025-01-01",
            "valid_until": "2026-01-01",
        },
    ),
    ("/api/v1/shipments/", {"dealer": "{org}", "items": [{"part_number": "P", "name": "n"}]}),
    ("/api/v1/shipments/", {"claim": "{claim}", "items": [{"part_number": "P", "name": "n"}]}),
    ("/api/v1/statements/", {"dealer": "{org}", "year": 2025, "quarter": 2}),
]


def fill(template, world):  # type: ignore[no-untyped-def]
    b = world["b"]
    values = {
        "record": b["record"].pk,
        "record_number": b["record"].number,
        "claim": b["claim"].pk,
        "settled": b["settled"].pk,
        "statement": b["statement"].pk,
        "ticket": b["ticket"].number,
        "shipment": b["shipment"].pk,
        "org": b["side"]["org"].pk,
        "certificate": b["certificate"].pk,
        "assessment": b["assessment"].pk,
        "a_tech": world["a"]["side"]["tech"].pk,
        "b_tech": b["side"]["tech"].pk,
    }
    if isinstance(template, str):
        text = template.format(**values)
        return int(text) if text.isdigit() and template.startswith("{") else text
    if isinstance(template, list):
        return [fill(item, world) for item in template]
    if isinstance(template, dict):
        return {k: fill(v, world) for k, v in template.items()}
    return template


@pytest.mark.parametrize("url", PAGES_GET)
def test_dealer_a_cannot_see_dealer_bs_pages(client, world, url):
    client.force_login(world["a"]["side"]["dealer"])

    response = client.get(fill(url, world))

    assert response.status_code in (403, 404)


@pytest.mark.parametrize(("url", "data"), PAGES_POST)
def test_dealer_a_cannot_change_dealer_bs_data_through_pages(client, world, url, data):
    client.force_login(world["a"]["side"]["dealer"])
    before = b_state(world)

    response = client.post(fill(url, world), fill(data, world))

    assert response.status_code in (200, 302, 400, 403, 404)
    if response.status_code == 302:
        assert "/accounts/login/" not in response["Location"]
    assert b_state(world) == before


@pytest.mark.parametrize("url", API_GET)
def test_dealer_a_cannot_read_dealer_bs_objects_by_api(api_for, world, url):
    response = api_for(world["a"]["side"]["dealer"]).get(fill(url, world))

    assert response.status_code == 404


@pytest.mark.parametrize(("url", "data"), API_POST)
def test_dealer_a_cannot_write_dealer_bs_data_by_api(api_for, world, url, data):
    before = b_state(world)

    response = api_for(world["a"]["side"]["dealer"]).post(
        fill(url, world), fill(data, world), format="json"
    )

    assert response.status_code in (400, 403, 404), response.content
    assert b_state(world) == before


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/repair-records/",
        "/api/v1/claims/",
        "/api/v1/shipments/",
        "/api/v1/statements/",
        "/api/v1/dealers/",
        "/api/v1/technicians/",
        "/api/v1/assessments/",
    ],
)
def test_lists_hold_only_the_dealers_own_rows(api_for, world, url):
    rows = api_for(world["a"]["side"]["dealer"]).get(url).json()["results"]

    assert rows
    codes = {r.get("dealer") or r.get("code") for r in rows}
    assert codes == {world["a"]["side"]["org"].code}


@pytest.mark.parametrize(
    "url",
    [
        "/dealers/",
        "/dealers/records/",
        "/dealers/claims/",
        "/dealers/shipments/",
        "/dealers/statements/",
        "/dealers/assessment/",
        "/dealers/technicians/",
    ],
)
def test_dealer_pages_list_only_the_dealers_own_rows(client, world, url):
    client.force_login(world["a"]["side"]["dealer"])

    page = client.get(url).content.decode()

    for key in ("claim", "settled", "record", "statement", "shipment"):
        number = world["b"][key].number
        assert number not in page
    assert world["b"]["side"]["org"].name not in page


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("customer", "/dealers/"),
        ("agent", "/dealers/claims/"),
        ("technician", "/dealers/finance/"),
        ("dealer", "/dealers/appraisal/"),
        ("dealer", "/dealers/finance/"),
        ("appraiser", "/dealers/statements/"),
    ],
)
def test_roles_without_access_get_403(client, world, role, url):
    from accounts.tests.factories import UserFactory

    client.force_login(
        UserFactory(roles=[role]) if role != "dealer" else world["a"]["side"]["dealer"]
    )

    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"action": 5},
        {"action": "approve", "lines": "x"},
        {"action": "approve", "lines": [1]},
        {"action": "appraise", "genuine": "maybe"},
        {"action": "ship_parts", "tracking_number": ["x"]},
        {"action": "reject", "reason": {"a": 1}},
        {"action": "x" * 200},
        [],
        "text",
    ],
)
def test_bad_transition_input_is_a_4xx_never_a_500(api_for, world, staff, body):
    claim = world["a"]["claim"]
    for user in (world["a"]["side"]["dealer"], staff["appraiser"], staff["finance"]):
        response = api_for(user).post(
            f"/api/v1/claims/{claim.pk}/transitions/", body, format="json"
        )
        assert 400 <= response.status_code < 500, (user, body, response.content)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"ticket": "x"},
        {"ticket": None, "technician": "a"},
        {
            "ticket": "2505-000001",
            "technician": 1,
            "work_done": "x",
            "labour_hours": "abc",
            "customer_signed_name": "x",
        },
        {
            "ticket": "2505-000001",
            "technician": 1,
            "work_done": "x",
            "labour_hours": "1",
            "customer_signed_name": "x",
            "parts": [{"part_number": "", "quantity": "-1"}],
        },
        {
            "ticket": "2505-000001",
            "technician": 1,
            "work_done": "x",
            "labour_hours": "1",
            "customer_signed_name": "x",
            "parts": "nope",
        },
    ],
)
def test_bad_record_input_is_a_400(api_for, world, body):
    response = api_for(world["a"]["side"]["dealer"]).post(
        "/api/v1/repair-records/", body, format="json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "body",
    [{}, {"records": []}, {"records": "x"}, {"records": [{"a": 1}]}, {"records": ["RR-none"]}],
)
def test_bad_claim_input_is_a_400(api_for, world, body):
    response = api_for(world["a"]["side"]["dealer"]).post("/api/v1/claims/", body, format="json")
    assert response.status_code == 400
