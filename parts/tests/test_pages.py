"""The stock pages do what the services do, with refusals shown on the page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parts.models import StockCount, StockLevel, Transfer

pytestmark = pytest.mark.django_db


def test_a_storekeeper_books_a_receipt_counts_and_ships_from_the_pages(
    client, people, stores, part
):
    client.force_login(people["storekeeper"])
    store_url = reverse("parts:store", args=["WH"])

    client.post(
        store_url,
        {
            "form": "receipt",
            "receipt-part": part.pk,
            "receipt-quantity": 4,
            "receipt-supplier": "格力",
        },
    )
    assert StockLevel.objects.get(store=stores["warehouse"], part=part).on_hand == 4
    refused = client.post(
        store_url, {"form": "receipt", "receipt-part": part.pk, "receipt-quantity": -1}
    )
    assert refused.status_code == 200
    assert "receipt-quantity" in refused.content.decode()

    client.post(store_url, {"form": "count"})
    count = StockCount.objects.get()
    client.post(
        reverse("parts:count", args=[count.number]), {f"counted-{part.pk}": "3", "post": "1"}
    )
    assert StockLevel.objects.get(store=stores["warehouse"], part=part).on_hand == 3

    client.force_login(people["dealer"])
    client.post(
        reverse("parts:transfers"),
        {
            "from_store": stores["warehouse"].pk,
            "to_store": stores["outlet"].pk,
            "part": part.pk,
            "quantity": 2,
        },
    )
    transfer = Transfer.objects.get()
    client.force_login(people["storekeeper"])
    client.post(reverse("parts:transfer-step", args=[transfer.number, "ship"]))
    client.force_login(people["dealer"])
    client.post(reverse("parts:transfer-step", args=[transfer.number, "receive"]))
    transfer.refresh_from_db()
    assert transfer.status == "received"
    assert StockLevel.objects.get(store=stores["outlet"], part=part).on_hand == 2


def test_another_dealers_store_page_is_not_found(client, people, stores):
    client.force_login(people["other_dealer"])
    assert client.get(reverse("parts:store", args=["OUT1"])).status_code == 404
    assert client.get(reverse("parts:store", args=["OUT2"])).status_code == 200
