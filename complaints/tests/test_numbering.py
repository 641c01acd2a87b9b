"""Complaint numbers: ``TS`` + ``YYMM`` + running number, a series of their own; unique under
concurrency (PostgreSQL: real parallel transactions)."""

from __future__ import annotations

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections

from complaints.numbering import next_complaint_number
from complaints.tests.conftest import new_complaint

SH = ZoneInfo("Asia/Shanghai")


@pytest.mark.django_db
def test_numbers_run_per_month_apart_from_ticket_numbers(people):
    first = new_complaint(people["agent"], at=datetime(2026, 11, 30, 23, 0, tzinfo=SH))
    second = new_complaint(people["agent"], at=datetime(2026, 11, 30, 23, 30, tzinfo=SH))
    december = new_complaint(people["agent"], at=datetime(2026, 12, 1, 0, 10, tzinfo=SH))

    assert [first.number, second.number, december.number] == [
        "TS2611-0001",
        "TS2611-0002",
        "TS2612-0001",
    ]
    ticket_number = first.tickets.get().number
    assert not ticket_number.startswith("TS")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_creators_never_share_a_number():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks and parallel connections")
    at = datetime(2026, 11, 15, 10, 0, tzinfo=SH)
    numbers: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def worker() -> None:
        from django.db import transaction

        try:
            barrier.wait()
            for _ in range(10):
                with transaction.atomic():
                    numbers.append(next_complaint_number(at=at))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert sorted(numbers) == [f"TS2611-{n:04d}" for n in range(1, 81)]
