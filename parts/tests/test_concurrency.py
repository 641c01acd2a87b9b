"""Two technicians take the last unit at the same moment: one gets it, the other is refused,
and the stock never goes negative (PostgreSQL row locks; skipped on SQLite)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from aftersales.errors import DomainError
from parts import services
from parts.models import StockLevel, StockMove
from parts.tests.conftest import ticket_in_workshop

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_workers_consuming_the_last_unit_leave_zero_not_minus_one(people, stores, part):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL")
    wh = stores["warehouse"]
    services.stock_receive(by=people["storekeeper"], store=wh, part=part, quantity=1)
    tickets = [
        ticket_in_workshop(people, technician="technician"),
        ticket_in_workshop(people, technician="technician2"),
    ]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def worker(ticket, who):
        try:
            barrier.wait(10)
            services.part_use(by=people[who], ticket=ticket, part=part, quantity=1)
            outcomes.append("used")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=worker, args=(tickets[0], "technician")),
        threading.Thread(target=worker, args=(tickets[1], "technician2")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert sorted(outcomes) == ["insufficient_stock", "used"]
    level = StockLevel.objects.get(store=wh, part=part)
    assert level.on_hand == 0
    assert sum(StockMove.objects.values_list("quantity", flat=True)) == 0
    assert StockMove.objects.filter(kind="consumption").count() == 1
