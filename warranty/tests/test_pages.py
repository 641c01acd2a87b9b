"""The warranty pages render for their roles and keep to the user's scope."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from accounts.tests.factories import UserFactory
from warranty.models import MaintenanceContract, WarrantyCard
from warranty.services.contracts import contract_generate_visits
from warranty.tests.factories import ProductModelFactory, UnitFactory, solar_lamp

pytestmark = pytest.mark.django_db


def test_agent_finds_a_unit_and_sees_its_decision(client, agent, time_machine):
    time_machine.move_to(datetime(2026, 1, 10, 4, 0, tzinfo=UTC))
    unit = UnitFactory(
        serial="SL-P1",
        product_model=solar_lamp(),
        sale_date=date(2020, 1, 1),
        acceptance_date=date(2020, 1, 10),
    )
    client.force_login(agent)

    listing = client.get("/warranty/units/", {"q": "SL-P"}).content.decode()
    page = client.get(f"/warranty/units/{unit.serial}/", {"component": "battery"}).content.decode()

    assert "SL-P1" in listing
    assert 'data-nav="warranty-units"' in listing
    assert "A · paid service" in page
    assert "The quality-guarantee period of component battery ended on 2025-01-09" in page
    assert "2050-01-09" in page


def test_dealer_cannot_open_another_dealers_unit(client, dealer_user, dealer_b):
    UnitFactory(serial="B-P1", selling_dealer=dealer_b)
    client.force_login(dealer_user)

    assert client.get("/warranty/units/B-P1/").status_code == 404
    assert "B-P1" not in client.get("/warranty/units/").content.decode()


def test_dealer_files_a_card_from_the_cards_page(client, dealer_a, dealer_user, time_machine):
    time_machine.move_to(datetime(2025, 3, 31, 4, 0, tzinfo=UTC))
    UnitFactory(serial="A-P1", selling_dealer=dealer_a, sale_date=date(2025, 3, 1))
    client.force_login(dealer_user)

    page = client.get("/warranty/cards/").content.decode()
    response = client.post(
        "/warranty/cards/",
        {
            "serial": "A-P1",
            "customer_name": "张三",
            "customer_phone": "13800000000",
            "filed_on": "2025-03-31",
        },
    )

    assert "A-P1" in page
    assert response.status_code == 302
    assert WarrantyCard.objects.get(unit__serial="A-P1").filed_on == date(2025, 3, 31)


def test_dealer_registers_a_unit_on_the_page(client, dealer_a, dealer_user):
    ProductModelFactory(code="KFR-P")
    client.force_login(dealer_user)

    response = client.post(
        "/warranty/units/new/",
        {
            "serial": "NEW-P1",
            "model": "KFR-P",
            "customer_name": "张三",
            "customer_phone": "13800000000",
            "sale_date": "2025-01-01",
        },
    )

    assert response.status_code == 302
    assert client.get("/warranty/units/NEW-P1/").status_code == 200


def test_contract_pages(client, agent, time_machine):
    time_machine.move_to(datetime(2025, 7, 1, 4, 0, tzinfo=UTC))
    unit = UnitFactory(serial="C-P1")
    client.force_login(agent)

    created = client.post(
        "/warranty/contracts/new/",
        {
            "number": "MC-P1",
            "customer_phone": unit.customer.phone,
            "units": "C-P1",
            "start": "2025-01-01",
            "end": "2025-12-31",
            "visits_per_year": "2",
            "price": "500",
        },
    )
    contract = MaintenanceContract.objects.get(number="MC-P1")
    contract_generate_visits(contract_id=contract.pk)
    detail = client.get(f"/warranty/contracts/{contract.pk}/").content.decode()
    renew_form = client.get(f"/warranty/contracts/{contract.pk}/renew/").content.decode()
    renewed = client.post(
        f"/warranty/contracts/{contract.pk}/renew/",
        {
            "number": "MC-P1-R1",
            "start": "2026-01-01",
            "end": "2026-12-31",
            "visits_per_year": "2",
            "price": "500",
        },
    )

    assert created.status_code == 302
    assert "2025-07-01" in detail  # visit history
    assert 'value="MC-P1-R1"' in renew_form
    assert renewed.status_code == 302
    assert "MC-P1" in client.get("/warranty/contracts/").content.decode()


def test_import_template_downloads(client, agent):
    client.force_login(agent)

    response = client.get("/warranty/units/import/template.csv")

    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").startswith("serial,model_code,")


def test_technician_may_not_open_contracts(client):
    client.force_login(UserFactory(roles=["technician"]))

    assert client.get("/warranty/contracts/").status_code == 403
