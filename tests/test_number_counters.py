"""One counter for every YYMM+serial series: tickets and the dealers' numbers share it, and
the counters of a database from before the merge carry over without loss."""

from __future__ import annotations

from datetime import datetime
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from aftersales.models import NumberSequence
from aftersales.numbering import next_number
from tickets.services import next_ticket_number

SHANGHAI = ZoneInfo("Asia/Shanghai")
AT = datetime(2026, 11, 30, 23, 30, tzinfo=SHANGHAI)


@pytest.mark.django_db
def test_each_series_runs_on_its_own():
    assert next_ticket_number(at=AT) == "2611-000001"
    assert next_number("WC", at=AT) == "WC2611-0001"
    assert next_number("WC", at=AT) == "WC2611-0002"
    assert next_number("RR", at=AT) == "RR2611-0001"
    assert next_ticket_number(at=AT) == "2611-000002"
    # The counters are keyed by the full year (the numbers show YYMM).
    assert dict(NumberSequence.objects.values_list("key", "last_value")) == {
        "202611": 2,
        "WC202611": 2,
        "RR202611": 1,
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_counters_of_the_two_old_tables_carry_over():
    migration = import_module("aftersales.migrations.0002_copy_number_counters")
    rekey = import_module("aftersales.migrations.0003_number_keys_full_year")
    state = MigrationExecutor(connection).loader.project_state(
        ("aftersales", "0002_copy_number_counters")
    )
    old_tickets = state.apps.get_model("tickets", "TicketNumberSequence")
    old_dealers = state.apps.get_model("dealers", "NumberSequence")
    with connection.schema_editor() as editor:
        editor.create_model(old_tickets)
        editor.create_model(old_dealers)
    try:
        old_tickets.objects.create(period="2610", last_value=731)
        old_tickets.objects.create(period="2611", last_value=12)
        old_dealers.objects.create(code="WC2611", last_value=40)
        old_dealers.objects.create(code="RR2611", last_value=3)
        # A series already counted in the new table keeps the larger value.
        NumberSequence.objects.create(key="RR2611", last_value=5)

        migration.copy_forward(state.apps, None)
        rekey.to_full_year(state.apps, None)

        assert dict(NumberSequence.objects.values_list("key", "last_value")) == {
            "202610": 731,
            "202611": 12,
            "WC202611": 40,
            "RR202611": 5,
        }
        assert next_ticket_number(at=AT) == "2611-000013"
        assert next_number("WC", at=AT) == "WC2611-0041"
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(old_tickets)
            editor.delete_model(old_dealers)


@pytest.mark.django_db
def test_counters_rekeyed_by_the_full_year_keep_every_value():
    """The ``YYMM`` rows of a database from before become ``YYYYMM`` rows with the same value
    (the larger one where both exist), so no number is drawn twice; and back again."""
    rekey = import_module("aftersales.migrations.0003_number_keys_full_year")
    from django.apps import apps

    NumberSequence.objects.all().delete()
    NumberSequence.objects.create(key="2611", last_value=12)
    NumberSequence.objects.create(key="WC2611", last_value=40)
    NumberSequence.objects.create(key="RR2611", last_value=3)
    NumberSequence.objects.create(key="RR202611", last_value=7)  # drawn after the code moved

    rekey.to_full_year(apps, None)
    rekey.to_full_year(apps, None)  # twice is once

    assert dict(NumberSequence.objects.values_list("key", "last_value")) == {
        "202611": 12,
        "WC202611": 40,
        "RR202611": 7,
    }
    assert next_ticket_number(at=AT) == "2611-000013"
    assert next_number("WC", at=AT) == "WC2611-0041"
    assert next_number("RR", at=AT) == "RR2611-0008"

    rekey.to_short_year(apps, None)
    assert dict(NumberSequence.objects.values_list("key", "last_value")) == {
        "2611": 13,
        "WC2611": 41,
        "RR2611": 8,
    }


@pytest.mark.django_db
def test_two_centuries_never_share_a_counter():
    assert next_number("WC", at=AT) == "WC2611-0001"
    assert next_number("WC", at=AT) == "WC2611-0002"
    a_century_later = AT.replace(year=2126)
    assert next_number("WC", at=a_century_later) == "WC2611-0001"
    assert next_ticket_number(at=a_century_later) == "2611-000001"
    assert next_number("WC", at=AT) == "WC2611-0003"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_parts_store_counters_carry_over_and_keep_their_format():
    from parts.services.common import next_number as parts_number

    migration = import_module("parts.migrations.0004_numbers_in_one_counter")
    state = MigrationExecutor(connection).loader.project_state(
        [("parts", "0003_sla_targets_after_the_move"), ("aftersales", "0002_copy_number_counters")]
    )
    old_parts = state.apps.get_model("parts", "NumberSequence")
    with connection.schema_editor() as editor:
        editor.create_model(old_parts)
    try:
        old_parts.objects.create(series="TR", period="2611", last_value=17)
        old_parts.objects.create(series="PO", period="2610", last_value=4)

        migration.copy_forward(state.apps, None)
        import_module("aftersales.migrations.0003_number_keys_full_year").to_full_year(
            state.apps, None
        )

        assert dict(NumberSequence.objects.values_list("key", "last_value")) == {
            "TR202611": 17,
            "PO202610": 4,
        }
        assert parts_number("TR", AT) == "TR26110018"
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(old_parts)
