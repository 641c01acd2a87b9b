"""A part a dealer takes from its store for a ticket carries the old part's tag; the ticket's
parts panel links it to the repair record and the claim on which the old part is returned."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from dealers.models import DealerProfile
from dealers.services.claims import claim_create
from dealers.tests.factories import claimable_unit, dealer_people, file_record, visited_ticket
from parts import services
from parts.models import Part, Store
from parts.selectors import used_on_ticket

pytestmark = pytest.mark.django_db


def test_the_used_part_links_to_the_old_part_on_the_dealers_claim(client):
    side = dealer_people("DL")
    DealerProfile.objects.create(organisation=side["org"], labour_rate="40.00", travel_rate="1.50")
    staff = {"agent": UserFactory(roles=["agent"])}
    ticket = visited_ticket(side, staff, unit=claimable_unit(side["org"]))
    store = Store.objects.create(code="DL-ST", name_zh="经销商库", organisation=side["org"])
    part = Part.objects.create(part_number="P-100", name_zh="压缩机", unit_cost=300, price=480)
    services.stock_receive(by=side["dealer"], store=store, part=part, quantity=1)

    services.part_use(by=side["tech"], ticket=ticket, part=part, quantity=1, old_part_tag="TAG-1")
    record = file_record(side, ticket)
    claim = claim_create(by=side["dealer"], records=[record])

    [row] = used_on_ticket(ticket)
    assert (row["tag"], row["record"], row["claim"]) == ("TAG-1", record, claim)
    client.force_login(side["dealer"])
    page = client.get(reverse("tickets:detail", args=[ticket.number])).content.decode()
    assert record.number in page
    assert claim.number in page
