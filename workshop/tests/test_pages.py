"""The workshop and stock pages in both languages, from the navigation of the roles that use
them; the API with the same scoping."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from aftersales.navigation import items_for
from parts import services as stock
from workshop.models import StandbyUnit
from workshop.services.carry_in import carry_in_receive
from workshop.tests.conftest import ticket_on_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(people, stores, part, clock):
    stock.stock_receive(by=people["storekeeper"], store=stores["warehouse"], part=part, quantity=4)
    ticket = ticket_on_site(people, service_type="A")
    entry = carry_in_receive(by=people["technician"], ticket=ticket, condition="外壳完好")
    StandbyUnit.objects.create(serial="BJ-9", organisation=people["hq"])
    return {"ticket": ticket, "entry": entry}


def test_the_roles_reach_the_pages_from_the_navigation():
    assert {"workshop.register", "workshop.standby", "parts.stock"} <= {
        i["key"] for i in items_for(frozenset({"supervisor"}))
    }
    keeper = {i["key"] for i in items_for(frozenset({"storekeeper"}))}
    assert {"parts.stock", "parts.transfers", "parts.catalogue"} <= keeper
    assert "workshop.register" not in keeper
    assert "workshop.returns" in {i["key"] for i in items_for(frozenset({"finance"}))}
    assert not {i["key"] for i in items_for(frozenset({"customer"}))} & {
        "workshop.register",
        "parts.stock",
    }


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_page_renders_in_both_languages(client, people, scene, language):
    client.force_login(people["supervisor"])
    client.cookies["django_language"] = language
    ticket, entry = scene["ticket"], scene["entry"]
    pages = [
        reverse("workshop:register"),
        reverse("workshop:entry", args=[entry.number]),
        reverse("workshop:entry-print", args=[entry.number, "receipt"]),
        reverse("workshop:entry-print", args=[entry.number, "card"]),
        reverse("workshop:standby"),
        reverse("workshop:bill", args=[ticket.number]),
        reverse("tickets:detail", args=[ticket.number]),
        reverse("parts:stores"),
        reverse("parts:store", args=["WH"]),
        reverse("parts:catalogue"),
    ]
    for url in pages:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
    detail = client.get(reverse("tickets:detail", args=[ticket.number])).content.decode()
    assert 'id="workshop-panel"' in detail
    assert 'id="parts-panel"' in detail
    register = client.get(reverse("workshop:register")).content.decode()
    word = "车间登记" if language == "zh-hans" else "Workshop register"
    assert word in register


def test_the_ticket_panel_receives_a_unit_and_sends_a_quote(client, people, stores, part, clock):
    ticket = ticket_on_site(people, service_type="A")
    client.force_login(people["supervisor"])

    response = client.post(
        reverse("workshop:ticket-step", args=[ticket.number, "receive"]),
        {"rx-condition": "屏幕裂纹", "rx-accessories": "电源线"},
    )
    assert response.status_code == 302
    entry = ticket.carry_ins.get()
    assert response["Location"] == reverse("workshop:entry", args=[entry.number])
    response = client.post(
        reverse("workshop:ticket-step", args=[ticket.number, "quote"]),
        {"qt-part": part.pk, "qt-quantity": 1, "qt-hours": "2", "qt-travel_km": "0"},
    )
    quote = ticket.quotes.get()
    assert response["Location"] == reverse("workshop:quote", args=[quote.number])
    bad = client.post(
        reverse("workshop:ticket-step", args=[ticket.number, "receive"]), {"rx-condition": ""}
    )
    assert bad.status_code == 302  # refused with a message, nothing written
    assert ticket.carry_ins.count() == 1


def test_the_workshop_api_lists_only_the_callers_scope(people, scene):
    mine = APIClient()
    mine.force_authenticate(people["supervisor"])
    listed = mine.get("/api/v1/workshop/carry-ins/").json()["results"]
    assert [row["number"] for row in listed] == [scene["entry"].number]
    theirs = APIClient()
    theirs.force_authenticate(people["other_dealer"])
    assert theirs.get("/api/v1/workshop/carry-ins/").json()["results"] == []
    bad = mine.post("/api/v1/workshop/carry-ins/", {"ticket": "nope"}, format="json")
    assert bad.status_code == 400
    assert "condition" in bad.json()
