"""Return (包退): allowed when the warranty decision says so — a covered fault within the
return window after the sale (full refund), or replacement due after repeated repairs
(refund less depreciation per day of use) — with the rules as data; the old unit comes back
into the register and its warranty is retired; the dealer and finance are told; events on
the ticket; a page and the API with the ticket's scope."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from aftersales.errors import ConflictError, DomainError, PermissionDeniedError
from notifications.models import Notification
from parts import services as stock
from parts.models import Part
from warranty.decisions import entitlement_for, unit_queryset
from warranty.models import Unit
from warranty.tests.factories import UnitFactory
from workshop.models import CarryIn, ReturnOrder, WorkshopRules
from workshop.services.exchange import exchange_create
from workshop.services.refund import refund_amount, return_basis, return_create
from workshop.tests.conftest import ticket_on_site

pytestmark = pytest.mark.django_db


def ticket_for(people, unit, **decision):
    ticket = ticket_on_site(people, service_type="C", serial_number=unit.serial)
    ticket.entitlement = {
        "service_type": "C",
        "covered": True,
        "period_start": unit.sale_date.isoformat(),
        "exclusion": None,
        "replacement_due": False,
        **decision,
    }
    ticket.unit = unit
    ticket.save(update_fields=["entitlement", "unit"])
    return ticket


@pytest.fixture
def fresh_ticket(people, clock):
    """Sold on Saturday, failed on Monday (2025-03-03): inside the 7-day window."""
    unit = UnitFactory(selling_dealer=people["dealer_org"], sale_date=date(2025, 3, 1))
    return ticket_for(people, unit)


@pytest.fixture
def repeated_ticket(people, clock):
    """Sold 2024-03-15, the same fault repaired three times: replacement due (004 篇5)."""
    unit = UnitFactory(selling_dealer=people["dealer_org"], sale_date=date(2024, 3, 15))
    return ticket_for(people, unit, replacement_due=True)


def test_within_the_return_window_the_sale_price_is_refunded_in_full(people, fresh_ticket):
    finance = UserFactory(roles=["finance"])
    old = fresh_ticket.unit

    order = return_create(
        by=people["supervisor"],
        ticket=fresh_ticket,
        sale_price=Decimal("2999.00"),
        invoice_number="FP-001",
    )

    assert (order.basis, order.days_in_use, order.sale_date) == ("window", 2, date(2025, 3, 1))
    assert (order.depreciation, order.refund) == (Decimal("0.00"), Decimal("2999.00"))
    old.refresh_from_db()
    assert old.status == Unit.Status.RETURNED  # its warranty is retired:
    decided = entitlement_for(unit_queryset().get(pk=old.pk))
    assert decided.covered is False
    assert "unit_retired" in decided.reason_codes
    entry = CarryIn.objects.get(reason="refund")
    assert (entry.serial_number, entry.status, order.return_entry) == (old.serial, "retired", entry)
    event = fresh_ticket.events.get(code="workshop.refunded")
    assert event.payload["return_order"] == order.number
    assert event.payload["refund"] == "2999.00"
    told = set(
        Notification.objects.filter(code="workshop.refunded").values_list("recipient", flat=True)
    )
    assert {finance.pk, people["dealer"].pk} <= told
    assert people["other_dealer"].pk not in told


def test_after_repeated_repairs_the_refund_is_less_depreciation_per_day_of_use(
    people, repeated_ticket
):
    order = return_create(
        by=people["manager"], ticket=repeated_ticket, sale_price=Decimal("2999.00")
    )

    # 2024-03-15 → 2025-03-03: 353 days × 0.1 % of ¥2,999.00 = ¥1,058.647 → ¥1,058.65
    assert (order.basis, order.days_in_use) == ("repeat_repairs", 353)
    assert order.depreciation_rate == Decimal("0.100")
    assert (order.depreciation, order.refund) == (Decimal("1058.65"), Decimal("1940.35"))
    assert isinstance(order.refund, Decimal)


def test_the_window_and_the_depreciation_are_data(people, fresh_ticket, repeated_ticket):
    rules = WorkshopRules.current()
    assert (rules.return_window_days, rules.return_depreciation_percent_per_day) == (
        7,
        Decimal("0.100"),
    )  # seeded by migration
    rules.return_window_days = 1
    rules.return_depreciation_percent_per_day = Decimal("0.200")
    rules.save()

    assert return_basis(fresh_ticket) is None  # two days after the sale: outside one day
    terms = return_basis(repeated_ticket)
    assert terms is not None
    assert terms.rate == Decimal("0.200")


def test_depreciation_never_exceeds_the_price():
    assert refund_amount(Decimal("100"), Decimal("1"), 500) == (Decimal("100.00"), Decimal("0"))
    assert refund_amount(Decimal("100.005"), Decimal("0"), 10)[1] == Decimal("100.01")


def test_no_return_unless_the_decision_allows_it_and_nothing_half_written(people, clock):
    old_sale = UnitFactory(sale_date=date(2024, 6, 1))
    outside = ticket_for(people, old_sale)  # covered, but months after the sale
    excluded = ticket_for(
        people, UnitFactory(sale_date=date(2025, 3, 1)), exclusion="misuse", service_type="A"
    )
    for ticket in (outside, excluded):
        assert return_basis(ticket) is None
        with pytest.raises(ConflictError):
            return_create(by=people["supervisor"], ticket=ticket, sale_price=Decimal("100"))
    assert not ReturnOrder.objects.exists()
    assert not CarryIn.objects.exists()
    old_sale.refresh_from_db()
    assert old_sale.status == Unit.Status.IN_SERVICE


def test_only_supervisors_and_managers_return_and_the_price_is_checked(people, fresh_ticket):
    with pytest.raises(PermissionDeniedError):
        return_create(by=people["technician"], ticket=fresh_ticket, sale_price=Decimal("10"))
    with pytest.raises(DomainError):
        return_create(by=people["supervisor"], ticket=fresh_ticket, sale_price=Decimal("0"))
    assert not ReturnOrder.objects.exists()


def test_a_ticket_has_an_exchange_or_a_return_never_both(people, stores, repeated_ticket):
    replacement = Part.objects.create(
        part_number="UNIT-X", name_zh="整机", unit_cost=1, price=2, is_unit=True
    )
    stock.stock_receive(
        by=people["storekeeper"], store=stores["warehouse"], part=replacement, quantity=1
    )
    return_create(by=people["supervisor"], ticket=repeated_ticket, sale_price=Decimal("2999"))
    with pytest.raises(ConflictError):
        exchange_create(
            by=people["supervisor"],
            ticket=repeated_ticket,
            replacement=replacement,
            store=stores["warehouse"],
            new_serial="SN-NEW-9",
        )
    with pytest.raises(ConflictError):
        return_create(by=people["supervisor"], ticket=repeated_ticket, sale_price=Decimal("1"))
    assert ReturnOrder.objects.count() == 1


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_ticket_page_offers_the_return_and_the_order_page_shows_the_refund(
    client, people, repeated_ticket, language
):
    people["finance"] = UserFactory(roles=["finance"])
    Part.objects.create(
        part_number="UNIT-KFR",
        name_zh="整机",
        unit_cost=Decimal("2100"),
        price=Decimal("2999.00"),
        is_unit=True,
    ).compatible_models.add(repeated_ticket.unit.product_model)
    client.force_login(people["supervisor"])
    client.cookies["django_language"] = language
    detail = client.get(reverse("tickets:detail", args=[repeated_ticket.number])).content.decode()
    assert 'name="rf-sale_price"' in detail
    assert 'value="2999.00"' in detail  # proposed from the model's complete unit

    response = client.post(
        reverse("workshop:ticket-step", args=[repeated_ticket.number, "refund"]),
        {"rf-sale_price": "2999.00", "rf-invoice_number": "FP-9"},
    )
    order = ReturnOrder.objects.get()
    assert response["Location"] == reverse("workshop:return", args=[order.number])
    page = client.get(response["Location"]).content.decode()
    assert "¥1,940.35" in page
    assert "¥1,058.65" in page
    assert ("退货单" if language == "zh-hans" else "Return order") in page
    assert "repeat_repairs" not in page
    register = client.get(reverse("workshop:register")).content.decode()
    assert order.number in register
    client.force_login(people["finance"])
    listed = client.get(reverse("workshop:returns")).content.decode()
    assert order.number in listed
    assert ("退款" if language == "zh-hans" else "Refund") in listed
    assert client.get(reverse("workshop:return", args=[order.number])).status_code == 200
    client.force_login(people["other_dealer"])
    assert client.get(reverse("workshop:return", args=[order.number])).status_code == 404


def test_bad_input_on_the_page_is_refused_with_a_message(client, people, fresh_ticket):
    client.force_login(people["supervisor"])
    response = client.post(
        reverse("workshop:ticket-step", args=[fresh_ticket.number, "refund"]),
        {"rf-sale_price": "abc"},
    )
    assert response.status_code == 302
    assert not ReturnOrder.objects.exists()


def test_the_return_api_has_the_ticket_scope(people, fresh_ticket):
    api = APIClient()
    api.force_authenticate(people["supervisor"])
    bad = api.post(
        "/api/v1/workshop/returns/",
        {"ticket": fresh_ticket.number, "sale_price": "-1"},
        format="json",
    )
    assert bad.status_code == 400
    assert "sale_price" in bad.json()
    made = api.post(
        "/api/v1/workshop/returns/",
        {"ticket": fresh_ticket.number, "sale_price": "1299.50"},
        format="json",
    )
    assert made.status_code == 201, made.json()
    body = made.json()
    assert (body["basis"], body["refund"], body["unit_status"]) == ("window", "1299.50", "returned")
    assert api.get(f"/api/v1/workshop/returns/{body['id']}/").status_code == 200
    theirs = APIClient()
    theirs.force_authenticate(people["other_dealer"])
    assert theirs.get("/api/v1/workshop/returns/").json()["results"] == []
    assert theirs.get(f"/api/v1/workshop/returns/{body['id']}/").status_code == 404
