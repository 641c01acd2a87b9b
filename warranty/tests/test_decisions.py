"""From the stored model and unit through the policy spec to the decision (Asia/Shanghai)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tickets.services import ticket_create
from tickets.tests.factories import severity
from warranty.decisions import assess, entitlement_for
from warranty.models import ComponentPeriod
from warranty.tests.factories import ContractFactory, ProductModelFactory, UnitFactory, solar_lamp

pytestmark = pytest.mark.django_db


def at_utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[arg-type, misc]


def test_last_day_of_warranty_is_free_and_the_day_after_is_not_in_shanghai():
    # given a 12-month policy and a unit sold on 2024-03-15: the last free day is 2025-03-14
    unit = UnitFactory(
        product_model=ProductModelFactory(quality_months=12), sale_date=date(2024, 3, 15)
    )

    # when the fault is at 23:30 and at 00:30 Shanghai time around midnight of the last day
    last = entitlement_for(unit, at_utc(2025, 3, 14, 15, 30))
    after = entitlement_for(unit, at_utc(2025, 3, 14, 16, 30))

    # then
    assert (last.service_type, last.covered, last.quality_end) == ("C", True, date(2025, 3, 14))
    assert (after.service_type, after.covered) == ("A", False)
    assert "in_maintenance_period" in after.reason_codes
    assert after.labour_rate_cap is not None


def test_component_with_its_own_period_is_covered_while_the_unit_is_not():
    # given a solar lamp accepted on 2020-01-10 (panel 30 years, battery 5 years)
    unit = UnitFactory(
        product_model=solar_lamp(), sale_date=date(2020, 1, 1), acceptance_date=date(2020, 1, 10)
    )
    fault = at_utc(2026, 1, 10, 4, 0)

    # when
    panel = entitlement_for(unit, fault, component="panel")
    battery = entitlement_for(unit, fault, component="battery")

    # then
    assert panel.service_type == "C"
    assert battery.service_type == "A"
    ends = {c.code: (c.end, c.covered) for c in panel.components}
    assert ends["battery"] == (date(2025, 1, 9), False)
    assert ends["panel"] == (date(2050, 1, 9), True)


def test_acceptance_date_starts_the_period_for_project_models():
    model = ProductModelFactory(quality_months=24, maintenance_months=0, start_basis="acceptance")
    unit = UnitFactory(
        product_model=model, sale_date=date(2024, 1, 1), acceptance_date=date(2024, 3, 1)
    )

    decision = entitlement_for(unit, at_utc(2026, 2, 15, 4, 0))

    assert decision.service_type == "C"
    assert decision.period_start == date(2024, 3, 1)
    assert decision.reason_codes[0] == "period_start_acceptance"


def test_exclusion_makes_a_fault_in_warranty_paid_service():
    unit = UnitFactory(sale_date=date(2025, 1, 1))

    decision = entitlement_for(unit, at_utc(2025, 6, 1, 4, 0), exclusion="misuse")

    assert decision.service_type == "A"
    assert decision.exclusion == "misuse"
    assert "excluded" in decision.reason_codes


def test_exclusion_the_policy_does_not_list_is_refused():
    unit = UnitFactory(
        product_model=ProductModelFactory(exclusions=["misuse"]), sale_date=date(2025, 1, 1)
    )

    with pytest.raises(ValueError, match="not recognised"):
        entitlement_for(unit, at_utc(2025, 6, 1, 4, 0), exclusion="force_majeure")


def _repaired(unit, *, component, received_at, agent):
    ticket = ticket_create(
        by=agent,
        customer=unit.customer,
        fault_description="同一故障",
        severity=severity(),
        serial_number=unit.serial,
        received_at=received_at,
        registered_at=received_at,  # a repair of the past, registered then
    )
    ticket.entitlement = {**ticket.entitlement, "component": component}
    ticket.status = "resolved"
    ticket.save()
    return ticket


def test_third_repair_of_the_same_fault_in_warranty_makes_replacement_due(agent, time_machine):
    # given a unit repaired twice for its compressor and once for something else, in warranty
    time_machine.move_to(datetime(2025, 6, 1, 10, 0, tzinfo=UTC))
    model = ProductModelFactory(quality_months=24, repeat_repair_threshold=3)
    ComponentPeriod.objects.create(
        product_model=model,
        code="compressor",
        name_zh="压缩机",
        name_en="Compressor",
        quality_months=24,
    )
    unit = UnitFactory(product_model=model, sale_date=date(2024, 1, 1))
    for month in (2, 5):
        _repaired(unit, component="compressor", received_at=at_utc(2024, month, 1, 2), agent=agent)
    _repaired(unit, component=None, received_at=at_utc(2024, 7, 1, 2), agent=agent)

    # when a third compressor fault comes in: two repairs so far, below the threshold
    decision, count = assess(unit, at_utc(2025, 5, 1, 2), component="compressor")
    assert (count, decision.replacement_due) == (2, False)

    # and after a third repair
    _repaired(unit, component="compressor", received_at=at_utc(2024, 11, 1, 2), agent=agent)
    decision, count = assess(unit, at_utc(2025, 5, 1, 2), component="compressor")

    # then
    assert count == 3
    assert decision.replacement_due is True
    assert "repeat_repair_replacement" in decision.reason_codes


def test_contract_covers_a_unit_beyond_its_warranty():
    unit = UnitFactory(sale_date=date(2020, 1, 1))
    ContractFactory(
        customer=unit.customer,
        units=[unit],
        number="MC-X",
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
    )

    decision = entitlement_for(unit, at_utc(2025, 6, 1, 4, 0))
    outside = entitlement_for(unit, at_utc(2026, 6, 1, 4, 0))

    assert (decision.service_type, decision.contract) == ("B", "MC-X")
    assert outside.service_type == "A"
    assert "contract_not_covering" in outside.reason_codes
