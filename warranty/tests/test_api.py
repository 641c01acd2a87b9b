"""The intake check and the scoped units / cards / product-model endpoints."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from accounts.tests.factories import OrganisationFactory, UserFactory
from tickets.services import ticket_create
from tickets.tests.factories import severity
from warranty.models import Unit
from warranty.tests.factories import CardFactory, ProductModelFactory, UnitFactory, solar_lamp

pytestmark = pytest.mark.django_db

CHECK = "/api/v1/warranty/check/"


@pytest.fixture
def now(time_machine):
    time_machine.move_to(datetime(2026, 1, 10, 4, 0, tzinfo=UTC))


def test_check_returns_the_decision_in_the_agreed_shape(api, agent, now):
    # given a solar lamp with a past repair
    unit = UnitFactory(
        serial="SL-1",
        product_model=solar_lamp(),
        sale_date=date(2020, 1, 1),
        acceptance_date=date(2020, 1, 10),
    )
    ticket_create(
        by=agent,
        customer=unit.customer,
        fault_description="灯不亮",
        severity=severity(),
        serial_number="SL-1",
        received_at=datetime(2025, 12, 1, 2, tzinfo=UTC),
        registered_at=datetime(2025, 12, 1, 2, tzinfo=UTC),  # a call of the past, registered then
    )

    # when
    body = api(agent).get(CHECK, {"serial": "SL-1", "component": "battery"}).json()

    # then
    assert set(body) == {
        "serial",
        "found",
        "unit",
        "decision",
        "decision_text",
        "components",
        "contract",
        "past_repairs",
        "repeat_count",
        "replacement_due",
    }
    assert body["found"] is True
    assert set(body["unit"]) == {
        "serial",
        "model_code",
        "model_name",
        "customer_name",
        "customer_phone",
        "dealer",
        "sale_date",
        "acceptance_date",
        "status",
    }
    assert body["unit"]["acceptance_date"] == "2020-01-10"
    assert body["decision"]["service_type"] == "A"
    assert body["decision"]["component"] == "battery"
    assert body["decision_text"][0] == "Warranty period starts at the acceptance date 2020-01-10"
    assert {c["code"]: c["covered"] for c in body["components"]} == {
        "battery": False,
        "light_source": True,
        "panel": True,
    }
    assert body["components"][0]["name"] in {"Battery", "Light source", "Panel"}
    assert body["contract"] is None
    assert [r["fault_description"] for r in body["past_repairs"]] == ["灯不亮"]
    assert (body["repeat_count"], body["replacement_due"]) == (0, False)


def test_check_renders_reasons_in_chinese_for_a_chinese_request(api, agent, now):
    UnitFactory(serial="AC-1", sale_date=date(2025, 6, 1))

    body = api(agent).get(CHECK, {"serial": "AC-1"}, HTTP_ACCEPT_LANGUAGE="zh-hans").json()

    assert body["decision_text"][0] == "三包期自销售日期 2025-06-01 起算"


def test_check_of_an_unknown_serial_is_not_found(api, agent):
    response = api(agent).get(CHECK, {"serial": "NOPE"})

    assert response.status_code == 404
    assert response.json()["found"] is False
    assert response.json()["detail"]


def test_check_without_a_serial_or_with_bad_input_is_a_bad_request(api, agent):
    UnitFactory(serial="AC-2")

    assert api(agent).get(CHECK).json() == {"serial": ["This parameter is required."]}
    assert "fault_at" in api(agent).get(CHECK, {"serial": "AC-2", "fault_at": "yesterday"}).json()
    bad = api(agent).get(CHECK, {"serial": "AC-2", "exclusion": "cats"})
    assert bad.status_code == 400
    assert "exclusion" in bad.json()


def test_check_takes_a_fault_date(api, agent):
    UnitFactory(
        serial="AC-3",
        product_model=ProductModelFactory(quality_months=12),
        sale_date=date(2024, 3, 15),
    )

    last = api(agent).get(CHECK, {"serial": "AC-3", "fault_at": "2025-03-14T23:30:00+08:00"}).json()
    after = api(agent).get(CHECK, {"serial": "AC-3", "fault_at": "2025-03-15"}).json()

    assert last["decision"]["service_type"] == "C"
    assert after["decision"]["service_type"] == "A"


class TestDealerScoping:
    def test_dealer_sees_only_its_own_units(self, api, dealer_a, dealer_b, dealer_user):
        UnitFactory(serial="A-1", selling_dealer=dealer_a)
        UnitFactory(serial="B-1", selling_dealer=dealer_b)
        client = api(dealer_user)

        listed = [u["serial"] for u in client.get("/api/v1/warranty/units/").json()["results"]]

        assert listed == ["A-1"]
        assert client.get("/api/v1/warranty/units/B-1/").status_code == 404
        assert client.get(CHECK, {"serial": "B-1"}).status_code == 404
        assert client.get("/api/v1/warranty/units/A-1/").json()["selling_dealer"] == "D-A"

    def test_dealer_registers_its_own_sale(self, api, dealer_user):
        model = ProductModelFactory(code="KFR-1")

        response = api(dealer_user).post(
            "/api/v1/warranty/units/",
            {
                "serial": "NEW-1",
                "model": model.code,
                "customer_name": "张三",
                "customer_phone": "13800000000",
                "sale_date": "2025-01-02",
            },
            format="json",
        )

        assert response.status_code == 201, response.content
        assert Unit.objects.get(serial="NEW-1").selling_dealer.code == "D-A"

    def test_dealer_cannot_register_a_sale_of_another_dealer(self, api, dealer_user, dealer_b):
        model = ProductModelFactory(code="KFR-2")

        response = api(dealer_user).post(
            "/api/v1/warranty/units/",
            {
                "serial": "NEW-2",
                "model": model.code,
                "customer_name": "张三",
                "customer_phone": "13800000000",
                "sale_date": "2025-01-02",
                "selling_dealer": "D-B",
            },
            format="json",
        )

        assert response.status_code == 400
        assert response.json()["selling_dealer"] == ["You may register only your own sales."]
        assert not Unit.objects.filter(serial="NEW-2").exists()

    def test_dealer_cannot_see_or_file_cards_of_another_dealer(self, api, dealer_b, dealer_user):
        CardFactory(unit=UnitFactory(serial="B-2", selling_dealer=dealer_b))
        UnitFactory(serial="B-3", selling_dealer=dealer_b)
        client = api(dealer_user)

        assert client.get("/api/v1/warranty/warranty-cards/").json()["results"] == []
        response = client.post(
            "/api/v1/warranty/warranty-cards/",
            {
                "serial": "B-3",
                "customer_name": "李四",
                "customer_phone": "13900000000",
            },
            format="json",
        )
        assert response.status_code == 400
        assert "serial" in response.json()


def test_bad_unit_input_gets_field_messages(api, agent):
    response = api(agent).post(
        "/api/v1/warranty/units/",
        {"serial": "", "model": "NO-SUCH", "sale_date": "31/02/2025"},
        format="json",
    )

    assert response.status_code == 400
    assert {"serial", "model", "sale_date", "customer_name"} <= set(response.json())


def test_duplicate_serial_is_a_bad_request(api, agent):
    unit = UnitFactory(serial="DUP-1")

    response = api(agent).post(
        "/api/v1/warranty/units/",
        {
            "serial": "DUP-1",
            "model": unit.product_model.code,
            "customer_name": "张三",
            "customer_phone": "13800000000",
            "sale_date": "2025-01-02",
        },
        format="json",
    )

    assert response.status_code == 400
    assert "serial" in response.json()


def test_product_models_list_their_policy(api, agent):
    solar_lamp()

    body = api(agent).get("/api/v1/warranty/product-models/SL-TEST/").json()

    assert body["start_basis"] == "acceptance"
    assert {c["code"]: c["quality_months"] for c in body["components"]}["battery"] == 60
    assert "misuse" in body["exclusions"]


def test_customer_account_sees_nothing_of_other_customers(api):
    account = OrganisationFactory(code="C-T1", name="客户甲", kind="customer")
    customer_user = UserFactory(organisation=account, roles=["customer"])
    UnitFactory(serial="X-1")

    assert api(customer_user).get("/api/v1/warranty/units/").json()["results"] == []


def test_unit_list_costs_the_same_queries_for_many_units(api, agent, django_assert_max_num_queries):
    for _ in range(3):
        CardFactory(unit=UnitFactory())
    client = api(agent)
    client.get("/api/v1/warranty/units/")  # warm up: auth token, content types

    for _ in range(20):
        CardFactory(unit=UnitFactory())
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/warranty/units/")

    assert response.json()["count"] == 23
