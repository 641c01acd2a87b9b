"""The monthly cost report adds up to the claim and parts records, in Decimal; the beat
computes it from the 1st and tells the managers once, on the ready day (data)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from accounts.tests.factories import UserFactory
from dealers.models import ClaimLine
from dealers.tests.factories import claim_through, dealer_people, new_claim
from notifications.models import Notification
from reports.models import CostReport, ReportSettings
from reports.services import cost_report_compute, cost_report_tick
from reports.tests.conftest import act, local, new_ticket
from tickets.models import LabourEntry, PartUsage

pytestmark = pytest.mark.django_db


@pytest.fixture
def month_of_work(people):
    staff = {
        "agent": people["agent"],
        "appraiser": UserFactory(roles=["appraiser"]),
        "finance": UserFactory(roles=["finance"]),
    }
    side = dealer_people("D-C1")
    with time_machine.travel(local(2025, 3, 12, 10, 0), tick=False):
        approved = new_claim(side, staff)
        claim_through(approved, staff, side, to="reviewed")
        submitted = new_claim(side, staff, hours="1.5", km="30")
        claim_through(submitted, staff, side, to="submitted")
        draft = new_claim(side, staff)  # a draft is not a cost yet
        hq = new_ticket(people, kind="installation", product_model="KFR-35GW")
        act(people, hq, "agent", "forward", assigned_organisation=people["hq"].pk)
        act(
            people,
            hq,
            "supervisor",
            "arrange",
            technician=people["technician"].pk,
            customer_told=True,
        )
        act(people, hq, "technician", "check_in")
        act(
            people,
            hq,
            "technician",
            "add_part",
            part_number="P-1",
            name="支架",
            quantity="2",
            unit_price="33.35",
        )
        act(
            people,
            hq,
            "technician",
            "add_labour",
            hours="2.5",
            work_type="安装",
            work_date="2025-03-12",
        )
    return {"side": side, "claims": [approved, submitted], "draft": draft, "hq": hq}


def test_report_reconciles_to_claims_and_parts(month_of_work):
    report = cost_report_compute(month=date(2025, 3, 1))
    claims = month_of_work["claims"]
    lines = ClaimLine.objects.filter(claim__in=claims)
    dealer_total = sum(
        (
            line.approved_amount if line.approved_amount is not None else line.amount
            for line in lines
        ),
        Decimal("0"),
    )
    parts = sum(
        (p.quantity * p.unit_price for p in PartUsage.objects.filter(ticket=month_of_work["hq"])),
        Decimal("0"),
    )
    hours = sum(
        (e.hours for e in LabourEntry.objects.filter(ticket=month_of_work["hq"])), Decimal("0")
    )
    labour = hours * ReportSettings.current().internal_labour_rate
    assert report.total == dealer_total + parts.quantize(Decimal("0.01")) + labour
    assert isinstance(report.total, Decimal)
    dealer_lines = list(report.lines.filter(organisation=month_of_work["side"]["org"]))
    travel = sum((line.amount for line in lines if line.kind == "travel"), Decimal("0"))
    assert sum((d.transport for d in dealer_lines), Decimal("0")) == travel
    assert sum((d.transport_km for d in dealer_lines), Decimal("0")) == sum(
        (line.quantity for line in lines if line.kind == "travel"), Decimal("0")
    )
    hq_line = report.lines.get(organisation__code="HQ", product_model="KFR-35GW")
    assert hq_line.installation == labour  # an installation ticket's hours
    assert hq_line.materials == Decimal("66.70")
    assert sum((line.total for line in report.lines.all()), Decimal("0")) == report.total
    assert month_of_work["draft"].pk not in {line.claim_id for line in lines}


def test_computing_twice_gives_the_same_report(month_of_work):
    first = cost_report_compute(month=date(2025, 3, 1))
    again = cost_report_compute(month=date(2025, 3, 1))
    assert CostReport.objects.count() == 1
    assert again.total == first.total
    assert again.lines.count() == first.lines.count()


def test_beat_computes_from_the_first_and_notifies_managers_once_on_the_ready_day(
    month_of_work, people
):
    ReportSettings.objects.update(cost_report_ready_day=4)
    with time_machine.travel(local(2025, 4, 1, 2, 30), tick=False):
        assert cost_report_tick()["notified"] is False
    report = CostReport.objects.get(month=date(2025, 3, 1))
    assert report.ready_on == date(2025, 4, 4)
    assert report.notified_at is None
    with time_machine.travel(local(2025, 4, 4, 2, 30), tick=False):
        assert cost_report_tick()["notified"] is True
        assert cost_report_tick()["computed"] is False
    notices = Notification.objects.filter(code="reports.cost_report_ready")
    assert list(notices.values_list("recipient", flat=True)) == [people["manager"].pk]
    from notifications.messages import render

    assert "2025-03" in render(notices[0].code, notices[0].payload)


def test_cost_pages_print_and_download(client, month_of_work, people):
    cost_report_compute(month=date(2025, 3, 1))
    client.force_login(people["manager"])
    page = client.get("/reports/costs/2025-03/")
    assert page.status_code == 200
    assert "¥" in page.content.decode()
    xlsx = client.get("/reports/costs/2025-03.xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get("/reports/costs/").status_code == 200
