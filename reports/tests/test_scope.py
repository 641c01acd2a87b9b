"""Every report, export and API endpoint is scoped: a dealer sees only its own figures, even
when it asks for another organisation; roles without reports get 403."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from reports.rollup import rollup_increment
from reports.services import cost_report_compute
from reports.tests.conftest import new_ticket, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(people, clock):
    """One resolved ticket at each dealer and one at HQ, rolled up."""
    mine = walk(
        people, new_ticket(people), clock, people["dealer"].organisation, people["dealer_tech"]
    )
    theirs = walk(
        people, new_ticket(people), clock, people["other"].organisation, people["other_tech"]
    )
    hq = walk(people, new_ticket(people), clock, people["hq"], people["technician"])
    rollup_increment()
    cost_report_compute(month=date(2025, 3, 1))
    return {"mine": mine, "theirs": theirs, "hq": hq}


def _text(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def _xlsx_text(response) -> str:
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return " ".join(
        str(cell)
        for ws in book.worksheets
        for row in ws.iter_rows(values_only=True)
        for cell in row
    )


PAGES = [
    "/reports/?period=30d",
    "/reports/board/",
    "/reports/technicians/?start=2025-03-03",
    "/reports/dealers/?month=2025-03",
]


def test_dealer_pages_show_only_its_own_tickets(client, people, work):
    client.force_login(people["dealer"])
    other = people["other"].organisation
    for url in PAGES:
        body = _text(client.get(url))
        assert other.name not in body, url
        assert other.name_en not in body, url
        assert work["theirs"].number not in body, url
        assert work["hq"].number not in body, url


def test_another_organisation_is_refused_like_a_missing_one(client, people, work):
    client.force_login(people["dealer"])
    other = people["other"].organisation
    theirs = client.get(f"/api/v1/reports/sla/?organisation={other.pk}")
    missing = client.get("/api/v1/reports/sla/?organisation=999999")
    assert theirs.status_code == missing.status_code == 400
    assert theirs.json() == missing.json()
    data = client.get("/api/v1/reports/sla/").json()
    orgs = {r["label"] for r in data["splits"]["organisation"]["values"]}
    assert orgs == {"Test dealer"}


def test_dealer_exports_are_scoped(client, people, work):
    client.force_login(people["dealer"])
    for url in (
        "/reports/queue.csv",
        "/reports/dashboard.csv?period=30d",
        "/reports/technicians.csv?start=2025-03-03",
        "/reports/costs/2025-03.csv",
        "/reports/dealers.csv?month=2025-03",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        body = _text(response)
        assert work["theirs"].number not in body, url
        assert "Other dealer" not in body, url
    queue = _text(client.get("/reports/queue.csv"))
    assert work["mine"].number in queue
    for url in ("/reports/queue.xlsx", "/reports/costs/2025-03.xlsx", "/reports/dashboard.xlsx"):
        text = _xlsx_text(client.get(url))
        assert work["theirs"].number not in text, url
        assert "Other dealer" not in text, url


def test_dealer_api_figures_are_its_own(client, people, work):
    client.force_login(people["dealer"])
    league = client.get("/api/v1/reports/dealers/?month=2025-03").json()
    assert [r["code"] for r in league["rows"]] == ["D-T1"]
    days = client.get("/api/v1/reports/technicians/?start=2025-03-03").json()
    assert {d["technician_id"] for d in days} == {people["dealer_tech"].pk}
    costs = client.get("/api/v1/reports/costs/2025-03/").json()
    assert {line["organisation"] for line in costs["lines"]} <= {"D-T1"}
    live = client.get("/api/v1/reports/sla/live/?which=breached").json()
    assert all(r["organisation"] == "D-T1" for r in live["results"])


def test_manager_sees_every_organisation(client, people, work):
    client.force_login(people["manager"])
    data = client.get("/api/v1/reports/sla/?period=30d").json()
    assert len(data["splits"]["organisation"]["values"]) == 3
    queue = list(csv.reader(io.StringIO(_text(client.get("/reports/queue.csv")))))
    assert {work[k].number for k in work} <= {row[0] for row in queue[1:]}


@pytest.mark.parametrize(
    "url",
    ["/reports/", "/reports/technicians/", "/reports/dealers/", "/api/v1/reports/sla/"],
)
def test_roles_without_reports_are_refused(client, people, url):
    client.force_login(people["agent"])
    assert client.get(url).status_code == 403


def test_supervisor_home_is_the_board_and_manager_home_the_dashboard(client, people):
    client.force_login(people["supervisor"])
    assert client.get("/").url == "/reports/board/"
    client.force_login(people["manager"])
    assert client.get("/").url == "/reports/"


def test_bad_api_parameters_are_400_with_field_messages(client, people):
    client.force_login(people["manager"])
    response = client.get("/api/v1/reports/sla/?period=custom&start=2025-13-01")
    assert response.status_code == 400
    assert "start" in str(response.json())
    assert client.get("/api/v1/reports/sla/live/?which=x").status_code == 400
    assert client.get("/api/v1/reports/costs/2025-99/").status_code == 404


def test_the_schema_documents_the_report_endpoints(client, people):
    client.force_login(people["manager"])
    schema = client.get("/api/schema/?format=json").json()
    assert {"/api/v1/reports/sla/", "/api/v1/reports/dealers/"} <= set(schema["paths"])
