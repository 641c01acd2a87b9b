"""The ticket serializers write their rows by hand (``tickets.api.rows``): each row must be
exactly what DRF's generic walk over the declared fields gives, key for key and in order, in
either language and time zone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation
from rest_framework import serializers

from tickets.api import rows
from tickets.api.serializers import TicketDetailSerializer, TicketListSerializer
from tickets.models import LabourEntry, PartUsage
from tickets.selectors import ticket_list, ticket_scope
from tickets.tests.factories import make_ticket
from tickets.tests.helpers import api_client_for, walk

pytestmark = pytest.mark.django_db


def _generic(serializer: Any, ticket: Any) -> dict[str, Any]:
    return serializers.ModelSerializer.to_representation(serializer, ticket)


def _tickets(people):  # type: ignore[no-untyped-def]
    plain = make_ticket(by=people["agent"])
    busy = make_ticket(by=people["agent"], fault_description="漏水", contact_name="王先生")
    walk(busy, people, to="on_site")
    PartUsage.objects.create(
        ticket=busy,
        part_number="P-1",
        name="电机",
        quantity=Decimal("2"),
        unit_price=Decimal("35.5"),
    )
    LabourEntry.objects.create(
        ticket=busy, technician=people["technician"], work_date=dt.date(2026, 11, 2), hours=1
    )
    ids = [plain.pk, busy.pk]
    return list(
        ticket_list(people["agent"])
        .prefetch_related("parts", "labour__technician")
        .filter(pk__in=ids)
        .order_by("pk")
    )


@pytest.mark.parametrize("serializer_class", [TicketListSerializer, TicketDetailSerializer])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC"])
def test_rows_are_what_the_generic_walk_gives(people, serializer_class, language, zone):
    tickets = _tickets(people)
    assert tickets[1].technician is not None
    assert tickets[1].parts.all()
    with translation.override(language), timezone.override(zone):
        for ticket in tickets:
            serializer = serializer_class(ticket)
            fast, generic = serializer.data, _generic(serializer, ticket)
            assert fast == generic
            assert list(fast) == list(generic) == serializer_class.Meta.fields


def test_a_page_of_rows_is_what_the_generic_walk_gives(people):
    tickets = _tickets(people)
    page = TicketListSerializer(tickets, many=True).data
    assert page == [_generic(TicketListSerializer(t), t) for t in tickets]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC"])
def test_a_queue_row_read_as_a_tuple_is_what_the_generic_walk_gives(people, language, zone):
    technician = people["technician"]
    technician.last_name, technician.first_name = "李", "工"
    technician.save()
    tickets = _tickets(people)
    read = (
        ticket_scope(people["agent"])
        .filter(pk__in=[t.pk for t in tickets])
        .values_list(*rows.QUEUE_VALUES)
    )
    by_pk = {values[0]: values for values in read}
    with translation.override(language), timezone.override(zone):
        for ticket in tickets:
            row = rows.queue_row(by_pk[ticket.pk])
            generic = _generic(TicketListSerializer(ticket), ticket)
            assert row == generic
            assert list(row) == TicketListSerializer.Meta.fields
    assert rows.queue_row(by_pk[tickets[1].pk])["technician"]["name"] == "李工"
    assert rows.queue_row(by_pk[tickets[0].pk])["technician"] is None


def test_the_queue_api_answers_the_rows_the_serializer_gives(people):
    tickets = _tickets(people)
    response = api_client_for(people["agent"]).get("/api/v1/tickets/?ordering=number")
    expected = sorted(
        (_generic(TicketListSerializer(t), t) for t in tickets), key=lambda r: r["number"]
    )
    assert response.json()["results"] == expected
