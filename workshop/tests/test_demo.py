"""The demo data shows the workshop and the store at work: the head-office warehouse, two
outlet stores with stock, a unit in the workshop, a standby unit on loan, a quote waiting for
the customer; and the demo logins reach those pages."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from parts.models import StockLevel, Store
from workshop.models import CarryIn, Quote, ReturnOrder, StandbyLoan

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_has_a_warehouse_two_stocked_outlets_and_the_workshop_at_work(demo):
    assert Store.objects.filter(kind="warehouse", is_active=True).count() == 1
    stocked = {
        level.store.code
        for level in StockLevel.objects.filter(on_hand__gt=0).select_related("store")
        if level.store.kind == "outlet"
    }
    assert len(stocked) >= 2
    assert StockLevel.objects.filter(store__kind="warehouse", on_hand__gt=0).exists()
    assert CarryIn.objects.filter(status__in=["received", "at_factory", "back"]).exists()
    assert StandbyLoan.objects.filter(returned_at__isnull=True).exists()
    assert Quote.objects.filter(status=Quote.Status.AWAITING).exists()
    refund = ReturnOrder.objects.get()  # a unit that failed three days after its sale
    assert (refund.basis, refund.refund, refund.old_unit.status) == (
        "window",
        refund.sale_price,
        "returned",
    )


def test_the_demo_logins_open_the_workshop_and_store_pages(client, demo):
    client.force_login(User.objects.get(username="supervisor"))
    entry = CarryIn.objects.filter(status="received").first()
    quote = Quote.objects.filter(status=Quote.Status.AWAITING).first()
    assert entry is not None
    assert quote is not None
    for url in (
        reverse("workshop:register"),
        reverse("workshop:entry", args=[entry.number]),
        reverse("workshop:quote", args=[quote.number]),
        reverse("workshop:standby"),
        reverse("workshop:returns"),
        reverse("workshop:return", args=[ReturnOrder.objects.get().number]),
        reverse("parts:stores"),
    ):
        assert client.get(url).status_code == 200, url
