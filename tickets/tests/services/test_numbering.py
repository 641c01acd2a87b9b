"""Ticket numbers: YYMM-NNNNNN, running per month, never duplicated (also concurrently)."""

from __future__ import annotations

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, connections

from tickets.services import next_ticket_number
from tickets.tests.factories import make_ticket

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.django_db
def test_numbers_run_per_month_in_local_time():
    with time_machine.travel(datetime(2026, 11, 30, 23, 30, tzinfo=SHANGHAI), tick=False):
        first = make_ticket()
        second = make_ticket()
    with time_machine.travel(datetime(2026, 12, 1, 0, 5, tzinfo=SHANGHAI), tick=False):
        third = make_ticket()

    assert [first.number, second.number, third.number] == [
        "2611-000001",
        "2611-000002",
        "2612-000001",
    ]


@pytest.mark.django_db
def test_number_follows_when_the_ticket_is_registered_not_the_time_of_the_call():
    with time_machine.travel(datetime(2026, 11, 3, 9, 0, tzinfo=SHANGHAI), tick=False):
        ticket = make_ticket(received_at=datetime(2026, 10, 31, 22, 0, tzinfo=SHANGHAI))

    assert ticket.number.startswith("2611-")
    assert ticket.received_at == datetime(2026, 10, 31, 22, 0, tzinfo=SHANGHAI)


@pytest.mark.django_db
def test_two_centuries_never_share_a_counter():
    with time_machine.travel(datetime(2026, 6, 3, 9, 0, tzinfo=SHANGHAI), tick=False):
        for _ in range(3):
            next_ticket_number(at=datetime(2026, 6, 3, 9, 0, tzinfo=SHANGHAI))

    # a century later the month's counter starts afresh (a shared "2606" row would say 4)
    assert next_ticket_number(at=datetime(2126, 6, 3, 9, 0, tzinfo=SHANGHAI)) == "2606-000001"
    assert next_ticket_number(at=datetime(2026, 6, 4, 9, 0, tzinfo=SHANGHAI)) == "2606-000004"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_creators_never_get_the_same_number():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; real concurrency needs PostgreSQL")
    at = datetime(2026, 11, 5, 10, 0, tzinfo=SHANGHAI)
    numbers: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)
    lock = threading.Lock()

    def worker() -> None:
        try:
            barrier.wait()
            for _ in range(25):
                from django.db import transaction

                with transaction.atomic():
                    number = next_ticket_number(at=at)
                with lock:
                    numbers.append(number)
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
    assert len(numbers) == 200
    assert len(set(numbers)) == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_ticket_creation_gives_distinct_numbers():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; real concurrency needs PostgreSQL")
    from accounts.tests.factories import UserFactory
    from tickets.tests.factories import CustomerFactory

    agent = UserFactory(roles=["agent"])
    customer = CustomerFactory()
    created: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def worker() -> None:
        try:
            barrier.wait()
            for _ in range(5):
                created.append(make_ticket(by=agent, customer=customer).number)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert len(created) == len(set(created)) == 30


@pytest.mark.django_db
def test_the_number_is_drawn_last_and_a_failed_registration_gives_it_back(monkeypatch):
    from django.db import transaction

    from tickets import hooks
    from tickets.models import Ticket

    with time_machine.travel(datetime(2026, 11, 3, 9, 0, tzinfo=SHANGHAI), tick=False):
        first = make_ticket()

        def broken(rows):  # type: ignore[no-untyped-def]
            # the ticket is in, under its stand-in; the counter is not touched yet
            assert Ticket.objects.filter(number__startswith="~").count() == 1
            raise RuntimeError("a listener failed")

        with monkeypatch.context() as patch:
            patch.setattr(hooks, "save_new_rows", broken)
            with pytest.raises(RuntimeError), transaction.atomic():
                make_ticket()
        second = make_ticket()

    assert (first.number, second.number) == ("2611-000001", "2611-000002")
    assert Ticket.objects.get(pk=second.pk).number == "2611-000002"
    assert not Ticket.objects.filter(number__startswith="~").exists()


@pytest.mark.django_db
def test_a_number_past_its_digits_grows_as_before():
    from aftersales.models import NumberSequence
    from aftersales.numbering import number_row
    from tickets.models import Ticket

    at = datetime(2026, 11, 3, 9, 0, tzinfo=SHANGHAI)
    ticket = make_ticket()
    NumberSequence.objects.update_or_create(key="202611", defaults={"last_value": 999_999})

    assert number_row(Ticket, ticket.pk, "", at=at, digits=6) == "2611-1000000"
    assert number_row(Ticket, ticket.pk, "RR", at=at, digits=4) == "RR2611-0001"
    assert Ticket.objects.get(pk=ticket.pk).number == "RR2611-0001"
