"""The full claim journey in the browser's shoes (Django test client), across the roles:
dealer → appraiser → finance → (next quarter) finance notice → manager."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import load_workbook

from dealers.models import ClaimLine, DealerEvent, RepairRecord, SettlementStatement, WarrantyClaim
from dealers.tests.factories import CertificateFactory, claimable_unit, new_claim
from tickets.actions import perform_action
from tickets.tests.factories import make_ticket

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def as_user(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


def test_claim_journey_by_page(client, side_a, staff):
    with time_machine.travel(datetime(2025, 5, 12, 9, tzinfo=SH), tick=True):
        unit = claimable_unit(side_a["org"])
        ticket = make_ticket(by=staff["agent"], serial_number=unit.serial)
        perform_action(
            ticket=ticket,
            by=staff["agent"],
            action="forward",
            data={"assigned_organisation": side_a["org"].pk},
        )

        # the dealer lands on its portal and sees the forwarded task with its countdown
        as_user(client, side_a["dealer"])
        home = client.get("/", follow=True)
        assert home.redirect_chain[-1][0] == "/dealers/"
        page = home.content.decode()
        assert ticket.number in page
        assert "sla-badge" in page

        # an uncertified technician cannot be assigned
        uncertified = CertificateFactory(
            technician__organisation=side_a["org"],
            valid_until=datetime(2024, 1, 1).date(),
            valid_from=datetime(2023, 1, 1).date(),
        ).technician
        client.post(f"/dealers/tickets/{ticket.number}/arrange/", {"technician": uncertified.pk})
        ticket.refresh_from_db()
        assert ticket.status == "forwarded"
        client.post(f"/dealers/tickets/{ticket.number}/arrange/", {"technician": side_a["tech"].pk})
        ticket.refresh_from_db()
        assert (ticket.status, ticket.technician) == ("arranged", side_a["tech"])
        perform_action(ticket=ticket, by=side_a["tech"], action="check_in", data={})

        # the dealer files the repair record with two parts
        form = client.get(f"/dealers/records/new/{ticket.number}/")
        assert form.status_code == 200
        data = {
            "technician": side_a["tech"].pk,
            "visit_date": "2025-05-12",
            "work_done": "更换压缩机",
            "labour_hours": "3",
            "travel_km": "20",
            "customer_signed_name": "王秀英",
            "parts-TOTAL_FORMS": "4",
            "parts-INITIAL_FORMS": "0",
            "parts-MIN_NUM_FORMS": "0",
            "parts-MAX_NUM_FORMS": "30",
            "parts-0-part_number": "P-1",
            "parts-0-name": "压缩机",
            "parts-0-quantity": "1",
            "parts-0-unit_price": "500.00",
            "parts-0-old_part_retained": "on",
            "parts-0-tag_number": "T-1",
            "parts-1-part_number": "P-2",
            "parts-1-name": "电容",
            "parts-1-quantity": "2",
            "parts-1-unit_price": "12.25",
            "parts-1-tag_number": "",
        }
        response = client.post(f"/dealers/records/new/{ticket.number}/", data)
        assert response.status_code == 302, response.content.decode()[:2000]
        record = RepairRecord.objects.get(ticket=ticket)
        assert record.parts.count() == 2
        assert not record.filed_late

        # and a claim from it, submitted at once: 3 h × 40 + 500 + 24.50 + 20 km × 1.50
        response = client.post("/dealers/claims/new/", {"records": [record.pk], "submit": "1"})
        claim = WarrantyClaim.objects.get()
        assert response["Location"] == f"/dealers/claims/{claim.pk}/"
        assert claim.claimed_total == Decimal("674.50")
        assert claim.status == "submitted"
        client.post(
            f"/dealers/claims/{claim.pk}/act/",
            {
                "action": "ship_parts",
                "carrier": "顺丰",
                "tracking_number": "SF100",
                "tags": ["T-1"],
            },
        )

        # the appraiser receives the parts and appraises the case
        as_user(client, staff["appraiser"])
        assert claim.number in client.get("/", follow=True).content.decode()
        response = client.post(
            f"/dealers/claims/{claim.pk}/act/", {"action": "receive_parts"}, follow=True
        )
        assert f"“Receive old parts” done: claim {claim.number}" in response.content.decode()
        lines = {line.kind + line.tag_number: line for line in claim.lines.all()}
        parts = claim.lines.filter(kind=ClaimLine.Kind.PART)
        verdicts = {f"verdict_{p.pk}": "scrap" for p in parts}
        response = client.post(
            f"/dealers/claims/{claim.pk}/act/",
            {
                "action": "appraise",
                "genuine": "true",
                "reason": "",
                **{f"verdict_{parts[0].pk}": "scrap"},
            },
        )
        assert response.status_code == 400  # the second part has no verdict
        client.post(
            f"/dealers/claims/{claim.pk}/act/",
            {"action": "appraise", "genuine": "true", **verdicts},
        )
        claim.refresh_from_db()
        assert claim.status == "appraised"

        # finance approves in part: labour cut to 90.00
        as_user(client, staff["finance"])
        assert claim.number in client.get("/", follow=True).content.decode()
        amounts = {f"amount_{line.pk}": str(line.amount) for line in claim.lines.all()}
        amounts[f"amount_{lines['labour'].pk}"] = "90.00"
        client.post(f"/dealers/claims/{claim.pk}/act/", {"action": "approve", **amounts})
        client.post(f"/dealers/claims/{claim.pk}/act/", {"action": "settle"})
        claim.refresh_from_db()
        assert (claim.status, claim.outcome, claim.approved_total) == (
            "settled",
            "partial",
            Decimal("644.50"),
        )

    with time_machine.travel(datetime(2025, 7, 2, 9, tzinfo=SH), tick=True):
        # next quarter, finance issues the notice; it shows the deduction
        as_user(client, staff["finance"])
        response = client.post(
            "/dealers/statements/", {"dealer": side_a["org"].pk, "year": "2025", "quarter": "2"}
        )
        assert response.status_code == 302, response.content.decode()[-3000:]
        statement = SettlementStatement.objects.get()
        assert response["Location"] == f"/dealers/statements/{statement.pk}/"
        notice = client.get(response["Location"]).content.decode()
        assert "三包费用核销通知" in notice
        assert "-¥644.50" in notice
        xlsx = client.get(f"/dealers/statements/{statement.pk}/notice.xlsx")
        sheet = load_workbook(BytesIO(xlsx.content)).active
        values = [c for row in sheet.iter_rows(values_only=True) for c in row]
        assert claim.number in values
        assert Decimal("-644.50") in [Decimal(str(v)) for v in values if isinstance(v, int | float)]

        # the dealer sees the notice; the manager ranks and downgrades
        as_user(client, side_a["dealer"])
        assert statement.number in client.get("/dealers/").content.decode()
        as_user(client, staff["manager"])
        client.post("/dealers/assessment/?month=2025-06", {"do": "compute"})
        ranking = client.get("/dealers/assessment/?month=2025-06").content.decode()
        assert side_a["org"].name in ranking
        client.post(
            f"/dealers/assessment/grade/{side_a['org'].pk}/",
            {"grade": "C", "reason": "回访不足", "month": "2025-06"},
        )
        assert DealerEvent.objects.filter(
            code="dealer.grade_changed", dealer=side_a["org"]
        ).exists()


def test_bad_record_input_shows_form_errors_not_a_500(client, side_a, staff):
    unit = claimable_unit(side_a["org"])
    ticket = make_ticket(by=staff["agent"], serial_number=unit.serial)
    perform_action(
        ticket=ticket,
        by=staff["agent"],
        action="forward",
        data={"assigned_organisation": side_a["org"].pk},
    )
    perform_action(
        ticket=ticket,
        by=side_a["dealer"],
        action="arrange",
        data={"technician": side_a["tech"].pk, "customer_told": True},
    )
    perform_action(ticket=ticket, by=side_a["tech"], action="check_in", data={})
    as_user(client, side_a["dealer"])
    base = {
        "parts-TOTAL_FORMS": "1",
        "parts-INITIAL_FORMS": "0",
        "parts-MIN_NUM_FORMS": "0",
        "parts-MAX_NUM_FORMS": "30",
    }

    for data in (
        {},
        {"technician": "x", "labour_hours": "-1", "visit_date": "2099-01-01"},
        {
            "technician": side_a["tech"].pk,
            "visit_date": "2099-01-01",
            "work_done": "x",
            "labour_hours": "1",
            "travel_km": "0",
            "customer_signed_name": "王",
        },
        {
            "technician": side_a["tech"].pk,
            "visit_date": "2025-01-01",
            "work_done": "x",
            "labour_hours": "1",
            "travel_km": "0",
            "customer_signed_name": "王",
            "parts-0-part_number": "P",
            "parts-0-name": "n",
            "parts-0-quantity": "1",
            "parts-0-old_part_retained": "on",
        },
    ):
        response = client.post(f"/dealers/records/new/{ticket.number}/", {**base, **data})
        assert response.status_code == 200
        assert "errorlist" in response.content.decode()
    assert not RepairRecord.objects.exists()


def test_the_portal_and_a_claim_read_in_chinese(client, side_a, staff, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    claim = new_claim(side_a, staff)
    client.force_login(side_a["dealer"])

    portal = client.get("/dealers/").content.decode()
    page = client.get(f"/dealers/claims/{claim.pk}/").content.decode()

    assert "转送给您的任务" in portal
    assert "索赔单" in page
    assert "提交索赔" in page  # the transition label is data (ClaimTransition.label_zh)


def test_claim_lines_read_in_the_readers_language_whoever_filed_them(client, side_a, staff):
    from dealers.models import ClaimLine
    from dealers.tests.factories import new_claim

    claim = new_claim(side_a, staff)
    ClaimLine.objects.filter(claim=claim, kind="labour").update(description="Labour RR-X")
    client.force_login(staff["appraiser"])
    client.cookies["django_language"] = "zh-hans"

    page = client.get(f"/dealers/claims/{claim.pk}/").content.decode()

    assert "Labour RR-X" not in page
    assert "工时" in page
