"""Card deadlines and warnings; contract visits and renewal notices from beat."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core import mail

from accounts.tests.factories import UserFactory
from aftersales.errors import DomainError
from tickets.models import Ticket
from warranty import tasks
from warranty.models import ContractVisit, MaintenanceContract
from warranty.schedule import visit_dates
from warranty.selectors import card_watch
from warranty.services.contracts import contract_generate_visits, contract_renew
from warranty.services.units import card_file
from warranty.tests.factories import CardFactory, ContractFactory, UnitFactory

pytestmark = pytest.mark.django_db


def shanghai_noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 4, 0, tzinfo=UTC)


class TestCardDeadline:
    def test_dealer_sees_overdue_due_soon_and_late_cards(self, dealer_a, dealer_user, time_machine):
        # given today is 2025-03-31 and the deadline is 20 days with a 3-day warning
        time_machine.move_to(shanghai_noon(date(2025, 3, 31)))
        UnitFactory(serial="MISSING", selling_dealer=dealer_a, sale_date=date(2025, 3, 10))
        UnitFactory(serial="LAST-DAY", selling_dealer=dealer_a, sale_date=date(2025, 3, 11))
        UnitFactory(serial="PENDING", selling_dealer=dealer_a, sale_date=date(2025, 3, 25))
        CardFactory(
            unit=UnitFactory(serial="LATE", selling_dealer=dealer_a, sale_date=date(2025, 1, 1)),
            filed_on=date(2025, 1, 25),
        )
        CardFactory(
            unit=UnitFactory(serial="ON-TIME", selling_dealer=dealer_a, sale_date=date(2025, 1, 1)),
            filed_on=date(2025, 1, 21),
        )
        UnitFactory(serial="OTHER-DEALER", sale_date=date(2025, 3, 1))

        # when
        watch = card_watch(dealer_user)

        # then
        def serials(state):
            return [r.unit.serial for r in watch[state]]

        assert serials("missing") == ["MISSING"]
        assert watch["missing"][0].status.days_late == 1
        assert serials("due_soon") == ["LAST-DAY"]
        assert watch["due_soon"][0].status.days_left == 0
        assert serials("pending") == ["PENDING"]
        assert serials("late") == ["LATE"]

    def test_card_is_filed_once_and_not_before_the_sale(self, dealer_a, dealer_user, time_machine):
        time_machine.move_to(shanghai_noon(date(2025, 3, 31)))
        unit = UnitFactory(selling_dealer=dealer_a, sale_date=date(2025, 3, 10))

        with pytest.raises(DomainError) as early:
            card_file(
                by=dealer_user,
                unit=unit,
                customer_name="张三",
                customer_phone="138",
                filed_on=date(2025, 3, 1),
            )
        card = card_file(by=dealer_user, unit=unit, customer_name="张三", customer_phone="138")
        with pytest.raises(DomainError) as twice:
            card_file(by=dealer_user, unit=unit, customer_name="张三", customer_phone="138")

        assert early.value.field == "filed_on"
        assert (card.filed_on, card.dealer) == (date(2025, 3, 31), dealer_a)
        assert twice.value.code == "card_exists"

    def test_dealer_is_warned_once_before_the_card_lapses(
        self, dealer_a, dealer_user, time_machine, django_capture_on_commit_callbacks
    ):
        time_machine.move_to(shanghai_noon(date(2025, 3, 29)))
        UnitFactory(serial="DUE-31", selling_dealer=dealer_a, sale_date=date(2025, 3, 11))
        UnitFactory(serial="DUE-APR", selling_dealer=dealer_a, sale_date=date(2025, 3, 25))
        CardFactory(unit=UnitFactory(selling_dealer=dealer_a, sale_date=date(2025, 3, 11)))

        with django_capture_on_commit_callbacks(execute=True):
            first = tasks.send_card_warnings()
        with django_capture_on_commit_callbacks(execute=True):
            second = tasks.send_card_warnings()

        assert (first, second) == (1, 0)
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [dealer_user.email]
        assert "DUE-31" in mail.outbox[0].subject


class TestContracts:
    def test_visits_spread_over_the_contract_period(self):
        assert visit_dates(date(2025, 1, 31), date(2025, 12, 31), 2) == [
            date(2025, 1, 31),
            date(2025, 7, 31),
        ]
        assert visit_dates(date(2025, 1, 1), date(2025, 12, 31), 4) == [
            date(2025, 1, 1),
            date(2025, 4, 1),
            date(2025, 7, 1),
            date(2025, 10, 1),
        ]
        assert len(visit_dates(date(2025, 1, 1), date(2025, 12, 31), 5)) == 5

    def test_visit_tickets_are_generated_once(self, time_machine):
        # given a two-visit contract on one unit, and today 2025-07-01 (visit on 07-01 due)
        time_machine.move_to(shanghai_noon(date(2025, 7, 1)))
        unit = UnitFactory(sale_date=date(2020, 1, 1))
        contract = ContractFactory(
            customer=unit.customer, units=[unit], created_at=shanghai_noon(date(2024, 12, 20))
        )

        # when beat runs twice
        first = tasks.generate_contract_visits()
        second = tasks.generate_contract_visits()

        # then
        assert (first, second) == (2, 0)
        visits = list(ContractVisit.objects.filter(contract=contract).order_by("scheduled_date"))
        assert [v.scheduled_date for v in visits] == [date(2025, 1, 1), date(2025, 7, 1)]
        ticket = visits[0].ticket
        assert (ticket.kind, ticket.service_type, ticket.unit) == ("maintenance", "B", unit)
        assert ticket.entitlement["contract"] == contract.number
        assert Ticket.objects.filter(kind="maintenance").count() == 2
        assert contract_generate_visits(contract_id=contract.pk) == []

    def test_visit_ticket_is_opened_the_lead_time_ahead(self, time_machine):
        time_machine.move_to(shanghai_noon(date(2025, 6, 24)))
        contract = ContractFactory(
            units=[UnitFactory()], created_at=shanghai_noon(date(2024, 12, 1))
        )

        created = contract_generate_visits(contract_id=contract.pk)

        assert [v.scheduled_date for v in created] == [date(2025, 1, 1), date(2025, 7, 1)]

    def test_contract_registered_mid_period_opens_no_visits_dated_before_it(self, time_machine):
        # given a contract running since 2025-01-01 but entered in the system on 2025-06-24
        time_machine.move_to(shanghai_noon(date(2025, 6, 24)))
        contract = ContractFactory(units=[UnitFactory()])

        created = contract_generate_visits(contract_id=contract.pk)

        # then the January visit is history; the July visit is opened the lead time ahead
        assert [v.scheduled_date for v in created] == [date(2025, 7, 1)]

    def test_renewal_notice_goes_once_to_owner_and_account_manager(
        self, time_machine, django_capture_on_commit_callbacks
    ):
        time_machine.move_to(shanghai_noon(date(2025, 12, 1)))
        owner = UserFactory(roles=["agent"], email="owner@example.com")
        manager = UserFactory(roles=["manager"], email="am@example.com")
        contract = ContractFactory(owner=owner, account_manager=manager, units=[UnitFactory()])
        ContractFactory(end=date(2026, 6, 30), units=[UnitFactory()])  # not due yet

        with django_capture_on_commit_callbacks(execute=True):
            first = tasks.send_renewal_notices()
        with django_capture_on_commit_callbacks(execute=True):
            second = tasks.send_renewal_notices()

        assert (first, second) == (1, 0)
        assert len(mail.outbox) == 1
        assert sorted(mail.outbox[0].to) == ["am@example.com", "owner@example.com"]
        contract.refresh_from_db()
        assert contract.renewal_notified_at is not None

    def test_renewal_continues_the_contract_with_the_same_units(self, agent):
        unit = UnitFactory()
        contract = ContractFactory(number="MC-9", customer=unit.customer, units=[unit])

        renewal = contract_renew(by=agent, contract=contract, price=Decimal("1500"))

        assert (renewal.number, renewal.start, renewal.end) == (
            "MC-9-R1",
            date(2026, 1, 1),
            date(2026, 12, 31),
        )
        assert list(renewal.units.all()) == [unit]
        assert renewal.renewed_from == contract
        with pytest.raises(DomainError):
            contract_renew(by=agent, contract=contract)
        assert MaintenanceContract.objects.count() == 2

    def test_contract_api_creates_and_renews(self, api, agent):
        unit = UnitFactory(serial="C-U1")
        client = api(agent)

        created = client.post(
            "/api/v1/warranty/contracts/",
            {
                "number": "MC-API",
                "customer": unit.customer.pk,
                "units": ["C-U1"],
                "start": "2025-01-01",
                "end": "2025-12-31",
                "visits_per_year": 2,
                "price": "800.00",
            },
            format="json",
        )
        bad = client.post(
            "/api/v1/warranty/contracts/",
            {
                "number": "MC-BAD",
                "customer": unit.customer.pk,
                "units": ["NOPE"],
                "start": "2025-02-01",
                "end": "2025-01-01",
                "visits_per_year": 0,
                "price": "-1",
            },
            format="json",
        )

        assert created.status_code == 201, created.content
        assert created.json()["units"] == ["C-U1"]
        assert bad.status_code == 400
        assert {"visits_per_year", "price"} <= set(bad.json())
        backwards = client.post(
            "/api/v1/warranty/contracts/",
            {
                "number": "MC-BAD",
                "customer": unit.customer.pk,
                "units": ["C-U1"],
                "start": "2025-02-01",
                "end": "2025-01-01",
                "visits_per_year": 2,
                "price": "1",
            },
            format="json",
        )
        assert backwards.json() == {"end": ["The end date cannot be before the start date."]}
        renewed = client.post(
            f"/api/v1/warranty/contracts/{created.json()['id']}/renew/", {}, format="json"
        )
        assert renewed.status_code == 201
        assert renewed.json()["renewed_from"] == "MC-API"

    def test_dealers_do_not_see_contracts(self, api, dealer_user):
        ContractFactory(units=[UnitFactory()])

        response = api(dealer_user).get("/api/v1/warranty/contracts/")

        assert response.json()["results"] == []
