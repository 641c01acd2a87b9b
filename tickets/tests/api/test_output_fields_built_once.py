"""Ticket output serializers build their fields once per class: every response must still
be exactly what a freshly built serializer gives, for whichever ticket it is."""

from __future__ import annotations

import pytest

from aftersales.serializers import FieldsBuiltOnce
from tickets.api.serializers import EventSerializer, TicketDetailSerializer, TicketListSerializer
from tickets.selectors import ticket_list
from tickets.tests.factories import make_ticket
from tickets.tests.helpers import walk

pytestmark = pytest.mark.django_db


def _load(ticket, user):  # type: ignore[no-untyped-def]
    return ticket_list(user).prefetch_related("parts", "labour__technician").get(pk=ticket.pk)


@pytest.mark.parametrize("serializer", [TicketDetailSerializer, TicketListSerializer])
def test_a_shared_field_tree_gives_what_a_fresh_one_gives(people, serializer):
    plain = make_ticket(by=people["agent"])
    arranged = make_ticket(by=people["agent"], fault_description="漏水")
    walk(arranged, people, to="on_site")
    plain, arranged = _load(plain, people["agent"]), _load(arranged, people["agent"])

    FieldsBuiltOnce._built.clear()
    fresh = serializer(arranged).data
    assert serializer(plain).data["number"] == plain.number  # fields built on another ticket
    shared = serializer(arranged).data

    assert shared == fresh
    assert shared["number"] == arranged.number
    assert shared["technician"]["id"] == people["technician"].pk


def test_events_of_two_tickets_do_not_mix(people):
    first, second = make_ticket(by=people["agent"]), make_ticket(by=people["agent"])

    one = EventSerializer(first.events.get()).data
    two = EventSerializer(second.events.get()).data

    assert one["id"] != two["id"]
    assert one["label"] == two["label"]


def test_output_serializers_refuse_input():
    with pytest.raises(TypeError):
        TicketDetailSerializer(data={"number": "2611-000001"})
